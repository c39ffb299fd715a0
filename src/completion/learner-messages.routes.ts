import type { Request, Response, Router } from 'express';
import { requireUser } from '../auth';
import { sessionNav } from '../enrolment';
import { ConflictError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash } from '../lib/http';
import { countOf } from '../lib/wording';
import { LearnerMessageForm } from './completion.schemas';
import { messageLearners, messagePage, type LearnerMessageDeps } from './learner-messages.service';
import { filtersOf, filtersQuery, staffAccessOf } from './progress-request';

type Form = { values?: Record<string, string>; errors?: Record<string, string> };

/** Staff email the learners the progress table's filters pick (on the completion router). */
export function addLearnerMessageRoutes(router: Router, deps: LearnerMessageDeps): void {
  const staffAccess = (req: Request) => staffAccessOf(deps.db, req);

  async function renderMessage(req: Request, res: Response, filtersSource: unknown, form: Form = {}) {
    const access = await staffAccess(req);
    const filters = filtersOf(filtersSource);
    const page = await messagePage(deps.db, access, filters);
    const query = filtersQuery(filters);
    res.render('completion/message', {
      title: `Email learners · ${page.courseTitle}`,
      sessionNav: sessionNav(access, page.courseTitle, 'progress'),
      sessionId: access.session.id,
      cancelled: access.session.status === 'cancelled',
      ...page,
      filters,
      progressUrl: `/sessions/${access.session.id}/progress${query ? `?${query}` : ''}`,
      values: form.values ?? {},
      errors: form.errors ?? {},
    });
  }

  router.get('/sessions/:id/progress/message', requireUser, async function writeMessage(req, res) {
    await renderMessage(req, res, req.query);
  });

  router.post('/sessions/:id/progress/message', requireUser, async function sendMessage(req, res) {
    const access = await staffAccess(req);
    const again = (errors: Record<string, string>) => renderMessage(req, res.status(422), req.body, { values: keptValues(req.body), errors });
    const form = LearnerMessageForm.safeParse(req.body);
    if (!form.success) return again(fieldErrors(form.error));
    const filters = filtersOf(req.body);
    try {
      const { sent, repeated } = await messageLearners(deps, access, req.user!, filters, form.data);
      flash(
        req,
        'success',
        repeated ? 'This message was already emailed to these learners a moment ago (the form was sent twice), so it was not sent again.' : `Your message was emailed to ${countOf(sent, 'learner', 'learners')}.`,
      );
    } catch (err) {
      if (err instanceof ValidationError) return again(err.fields);
      if (err instanceof ConflictError) return again({ _form: err.message });
      throw err;
    }
    const query = filtersQuery(filters);
    res.redirect(303, `/sessions/${access.session.id}/progress${query ? `?${query}` : ''}`);
  });
}
