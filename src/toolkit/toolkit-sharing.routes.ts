import { Router } from 'express';
import type { Db } from '../db';
import { requireUser } from '../auth';
import { findSessionAccess, sessionNav, teachesSession } from '../enrolment';
import { flashAt, fragmentOf } from '../modules';
import { NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { parseId, safeReturnPath } from '../lib/http';
import { sharedToolkit } from './shared-toolkit.service';
import { addReflectionQuote } from './toolkit-sources.service';
import { QuoteForm, ReturnToForm, ShareForm } from './toolkit.schemas';
import { addSuggestion, loadToolkit, setSectionShared } from './toolkit.service';
import { findCourse } from './toolkit.repository';
import { sectionStatusAnchor } from './toolkit.presenter';
import { contextOf, learnerOf, toolkitPage } from './toolkit.view';

function idParam(value: unknown): number {
  const id = parseId(value);
  if (!id) throw new NotFoundError();
  return id;
}

/** What leaves the toolkit by the learner's choice: shared sections, suggestions and quotes coming in. */
export function toolkitSharingRouter(deps: { db: Db }): Router {
  const router = Router();
  const { db } = deps;

  router.post('/sessions/:id/toolkit/sections/:sectionId/share', requireUser, async function shareToolkitSection(req, res) {
    const access = await learnerOf(db, req);
    const form = ShareForm.safeParse(req.body);
    if (!form.success) throw new ValidationError('Please use the share button of the section.');
    const shared = form.data.shared === 'yes';
    const section = await setSectionShared(db, contextOf(access), idParam(req.params.sectionId), shared);
    // Said at the section, where the learner pressed the button, not at the top of a long page.
    const anchor = sectionStatusAnchor(section.id);
    flashAt(req, 'success', shared ? `Your instructors can now read “${section.title}”.` : `“${section.title}” is private again.`, anchor);
    res.redirect(`/sessions/${access.session.id}/toolkit#${anchor}`);
  });

  router.get('/sessions/:id/toolkit/shared/:enrolmentId', requireUser, async function showSharedToolkit(req, res) {
    const sessionId = idParam(req.params.id);
    const access = await findSessionAccess(db, req.user, sessionId);
    // Shared with the session's instructors only: an admin who does not teach it gets 404.
    if (!teachesSession(access)) throw new NotFoundError();
    const shared = await sharedToolkit(db, access.session, idParam(req.params.enrolmentId));
    const course = await findCourse(db, access.session.course_id);
    res.render('toolkit/shared', {
      title: `Toolkit shared by ${shared.learnerName}`,
      sessionNav: sessionNav(access, course?.title ?? '', 'progress'),
      shared,
    });
  });

  router.post('/sessions/:id/toolkit/suggestions/:suggestionId', requireUser, async function addSuggestionToToolkit(req, res) {
    const access = await learnerOf(db, req);
    const { added, section } = await addSuggestion(db, contextOf(access), idParam(req.params.suggestionId));
    const form = ReturnToForm.safeParse(req.body);
    const back = form.success ? safeReturnPath(form.data.returnTo) : undefined;
    // Back on the page it came from, the message shows at the place the return address names (on a week page: the idea's item).
    const message = added ? `Added to “${section.title}” in your toolkit.` : `That suggestion is already in “${section.title}”.`;
    flashAt(req, added ? 'success' : 'info', message, back ? fragmentOf(back) : undefined);
    res.redirect(back ?? `/sessions/${access.session.id}/toolkit#section-${section.id}`);
  });

  router.post('/sessions/:id/toolkit/quotes', requireUser, async function quoteReflection(req, res) {
    const access = await learnerOf(db, req);
    const form = QuoteForm.safeParse(req.body);
    const rerender = async (errors: Record<string, string>) =>
      res.status(422).render('toolkit/index', await toolkitPage(db, access, { form: 'quote', values: keptValues(req.body), errors }));
    if (!form.success) return rerender(fieldErrors(form.error));
    try {
      const ctx = contextOf(access);
      const toolkit = await loadToolkit(db, ctx);
      const { added, section } = await addReflectionQuote(db, ctx, toolkit, form.data.sectionId, form.data.passage);
      const anchor = sectionStatusAnchor(section.id);
      flashAt(req, added ? 'success' : 'info', added ? `Your words are added to “${section.title}”.` : `That passage is already in “${section.title}”.`, anchor);
      res.redirect(`/sessions/${access.session.id}/toolkit#${anchor}`);
    } catch (err) {
      if (err instanceof ValidationError) return rerender(err.fields);
      throw err;
    }
  });

  return router;
}
