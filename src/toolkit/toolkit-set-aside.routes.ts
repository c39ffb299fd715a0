import { Router } from 'express';
import type { Db } from '../db';
import { requireUser } from '../auth';
import { ValidationError } from '../lib/errors';
import { setAsideWhen } from '../lib/dates';
import { flash } from '../lib/http';
import { idParamOr404 } from '../modules';
import { addSetAsideAsEntry, findOwnSetAside, removeSetAside } from './toolkit-set-aside.service';
import { toolkitUrl } from './toolkit.routes';
import { contextOf, learnerOf, toolkitNav } from './toolkit.view';

/** Text another window wrote over, kept in its section: the learner adds it as an entry or removes it. */
export function toolkitSetAsideRouter(deps: { db: Db }): Router {
  const router = Router();
  const { db } = deps;

  router.post('/sessions/:id/toolkit/set-aside/:textId/add', requireUser, async function addSetAsideText(req, res) {
    const access = await learnerOf(db, req);
    try {
      const { added, section } = await addSetAsideAsEntry(db, contextOf(access), idParamOr404(req.params.textId));
      flash(req, added ? 'success' : 'info', added ? `Added to “${section.title}”.` : `That entry is already in “${section.title}”, so the text set aside is removed.`);
      res.redirect(toolkitUrl(access.session.id, section.id));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      flash(req, 'error', `${err.message} The text stays set aside.`);
      res.redirect(toolkitUrl(access.session.id));
    }
  });

  router.get('/sessions/:id/toolkit/set-aside/:textId/delete', requireUser, async function confirmRemoveSetAsideText(req, res) {
    const access = await learnerOf(db, req);
    const { kept, section } = await findOwnSetAside(db, contextOf(access), idParamOr404(req.params.textId));
    res.render('set-aside/remove', {
      ...(await toolkitNav(db, access)),
      title: 'Remove this text?',
      from: `“${section.title}” in your toolkit`,
      when: setAsideWhen(kept.written_at, kept.set_aside_at, access.session.time_zone),
      text: kept.text,
      action: `/sessions/${access.session.id}/toolkit/set-aside/${kept.id}/delete`,
      backUrl: `${toolkitUrl(access.session.id)}#section-${section.id}-set-aside`,
    });
  });

  router.post('/sessions/:id/toolkit/set-aside/:textId/delete', requireUser, async function removeSetAsideText(req, res) {
    const access = await learnerOf(db, req);
    const sectionId = await removeSetAside(db, contextOf(access), idParamOr404(req.params.textId));
    flash(req, 'success', 'The text set aside is removed.');
    res.redirect(toolkitUrl(access.session.id, sectionId));
  });

  return router;
}
