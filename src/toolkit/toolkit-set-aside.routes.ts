import { Router, type Request, type Response } from 'express';
import type { Db } from '../db';
import { requireUser } from '../auth';
import { ValidationError } from '../lib/errors';
import { setAsideWhen } from '../lib/dates';
import { flash } from '../lib/http';
import { idParamOr404 } from '../modules';
import { addSetAsideAsEntry, findOwnSetAside, isSetAsideGone, removeSetAside } from './toolkit-set-aside.service';
import { toolkitUrl } from './toolkit.routes';
import { contextOf, learnerOf, toolkitNav, unlessEntryGone, type LearnerAccess } from './toolkit.view';

/** Text another window wrote over, kept in its section: the learner adds it as an entry or removes it. */
export function toolkitSetAsideRouter(deps: { db: Db }): Router {
  const router = Router();
  const { db } = deps;
  /** A text already added or removed (a second click, another window), or never the learner's, gets the one page saying so. */
  const unlessGone = <T>(req: Request, res: Response, access: LearnerAccess, work: () => Promise<T>) =>
    unlessEntryGone(db, req, res, access, work, { what: 'setAside', isGone: isSetAsideGone });

  router.post('/sessions/:id/toolkit/set-aside/:textId/add', requireUser, async function addSetAsideText(req, res) {
    const access = await learnerOf(db, req);
    const textId = idParamOr404(req.params.textId);
    try {
      const result = await unlessGone(req, res, access, () => addSetAsideAsEntry(db, contextOf(access), textId));
      if (!result) return;
      const { added, section } = result;
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
    const textId = idParamOr404(req.params.textId);
    const found = await unlessGone(req, res, access, () => findOwnSetAside(db, contextOf(access), textId));
    if (!found) return;
    const { kept, section } = found;
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
    const textId = idParamOr404(req.params.textId);
    const sectionId = await unlessGone(req, res, access, () => removeSetAside(db, contextOf(access), textId));
    if (!sectionId) return;
    flash(req, 'success', 'The text set aside is removed.');
    res.redirect(toolkitUrl(access.session.id, sectionId));
  });

  return router;
}
