import { Router } from 'express';
import { requireUser } from '../auth';
import { isStaff, sessionNav, cancellationNotice, refuseIfCancelled } from '../enrolment';
import { ForbiddenError, NotFoundError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { AnnouncementForm } from './announcements.schemas';
import { announcementsOf, postAnnouncement, type AnnouncementDeps } from './announcements.service';

function sessionParam(value: unknown): number {
  const id = parseId(value);
  if (!id) throw new NotFoundError();
  return id;
}

/** A session's announcements, and posting one (staff). */
export function announcementsRouter(deps: AnnouncementDeps): Router {
  const router = Router();

  router.get('/sessions/:id/announcements', requireUser, async function showAnnouncements(req, res) {
    const data = await announcementsOf(deps.db, req.user, sessionParam(req.params.id));
    res.render('announcements/index', {
      title: 'Announcements',
      sessionNav: sessionNav(data.access, data.courseTitle, 'overview'),
      sessionId: data.access.session.id,
      staff: isStaff(data.access),
      cancelledNotice: cancellationNotice(data.access.session),
      announcements: data.announcements,
      errors: {},
      values: {},
    });
  });

  router.post('/sessions/:id/announcements', requireUser, async function createAnnouncement(req, res) {
    const sessionId = sessionParam(req.params.id);
    const form = AnnouncementForm.safeParse(req.body);
    if (!form.success) {
      const data = await announcementsOf(deps.db, req.user, sessionId);
      if (!isStaff(data.access)) throw new ForbiddenError('Only the session’s instructors can post announcements.');
      refuseIfCancelled(data.access.session, 'no announcement can be posted');
      return res.status(422).render('announcements/index', {
        title: 'Announcements',
        sessionNav: sessionNav(data.access, data.courseTitle, 'overview'),
        sessionId,
        staff: true,
        cancelledNotice: cancellationNotice(data.access.session),
        announcements: data.announcements,
        errors: fieldErrors(form.error),
        values: keptValues(req.body),
      });
    }
    const { emailed } = await postAnnouncement(deps, req.user!, sessionId, form.data);
    flash(req, 'success', `Announcement posted and emailed to ${emailed} ${emailed === 1 ? 'learner' : 'learners'}.`);
    res.redirect(`/sessions/${sessionId}/announcements`);
  });

  return router;
}
