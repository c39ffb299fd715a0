import type { Request, Response, Router } from 'express';
import { ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { adminRosterEntryOr404, refusalsAsFlash } from './admin-requests';
import { countSeatsOf } from './enrolment.repository';
import type { EnrolmentDeps } from './enrolment.service';
import { moveDone, presentMove } from './move-learner.presenter';
import { listMoveTargets } from './move-learner.repository';
import { moveLearner } from './move-learner.service';
import { MoveForm } from './sessions-admin.schemas';

type Form = { values?: Record<string, string>; errors?: Record<string, string> };

/** An admin moves one learner, with their work, to another session of the course (on the admin router, behind its guard). */
export function addMoveLearnerRoutes(router: Router, deps: EnrolmentDeps): void {
  async function renderMove(req: Request, res: Response, form: Form = {}) {
    const { session, entry } = await adminRosterEntryOr404(deps.db, req);
    const now = new Date();
    const targets = await listMoveTargets(deps.db, session.course_id, session.id, now, entry.user_id);
    const seats = await countSeatsOf(deps.db, targets.map((t) => t.id));
    res.render('enrolment/move-learner', {
      title: `Move ${entry.name} to another session`,
      ...presentMove(session, entry, targets, seats, now),
      values: form.values ?? {},
      errors: form.errors ?? {},
    });
  }

  router.get('/admin/sessions/:id/enrolments/:enrolmentId/move', async function confirmMove(req, res) {
    await renderMove(req, res);
  });

  router.post('/admin/sessions/:id/enrolments/:enrolmentId/move', async function moveToSession(req, res) {
    const { session, entry } = await adminRosterEntryOr404(deps.db, req);
    const form = MoveForm.safeParse(req.body);
    const again = (errors: Record<string, string>) => renderMove(req, res.status(422), { values: keptValues(req.body), errors });
    if (!form.success) return again(fieldErrors(form.error));
    try {
      await refusalsAsFlash(req, async () =>
        moveDone(await moveLearner(deps, { sessionId: session.id, enrolmentId: entry.id, ...form.data, actor: req.user! })),
      );
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return again(err.fields);
    }
    res.redirect(`/admin/sessions/${session.id}#roster`);
  });
}
