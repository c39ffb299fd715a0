import { Router, type Request, type Response } from 'express';
import { requireUser } from '../auth';
import { sessionNav, cancellationNotice } from '../enrolment';
import { NotFoundError, ValidationError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import { countOf } from '../lib/wording';
import { AnnouncementForm } from './announcements.schemas';
import {
  announcementForDeleting,
  announcementForEditing,
  announcementsOf,
  deleteAnnouncement,
  editAnnouncement,
  postAnnouncement,
  refuseUnlessMayPost,
  type AnnouncementDeps,
} from './announcements.service';

function idParam(value: unknown): number {
  const id = parseId(value);
  if (!id) throw new NotFoundError();
  return id;
}

type Form = { values?: Record<string, string>; errors?: Record<string, string> };
const listPage = (sessionId: number) => `/sessions/${sessionId}/announcements`;

/** A session's announcements; posting, changing and deleting them (its staff). */
export function announcementsRouter(deps: AnnouncementDeps): Router {
  const router = Router();

  async function renderList(req: Request, res: Response, form: Form = {}) {
    const data = await announcementsOf(deps.db, req.user, idParam(req.params.id));
    res.render('announcements/index', {
      title: 'Announcements',
      sessionNav: sessionNav(data.access, data.courseTitle, 'overview'),
      sessionId: data.access.session.id,
      staff: data.staff,
      cancelledNotice: cancellationNotice(data.access.session),
      announcements: data.announcements,
      scheduled: data.scheduled,
      weekChoices: data.weekChoices,
      timeZone: data.timeZone,
      errors: form.errors ?? {},
      values: form.values ?? { when: 'now' },
    });
  }

  async function renderEdit(req: Request, res: Response, form: Form = {}) {
    const sessionId = idParam(req.params.id);
    const data = await announcementForEditing(deps.db, req.user, sessionId, idParam(req.params.announcementId));
    res.render('announcements/edit', {
      title: `Change “${data.row.title}”`,
      sessionNav: sessionNav(data.access, data.courseTitle, 'overview'),
      sessionId,
      announcementId: data.row.id,
      cancelledNotice: cancellationNotice(data.access.session),
      waiting: data.waiting,
      sentText: data.sentText,
      weekChoices: data.weekChoices,
      timeZone: data.timeZone,
      errors: form.errors ?? {},
      values: form.values ?? data.values,
    });
  }

  router.get('/sessions/:id/announcements', requireUser, async function showAnnouncements(req, res) {
    await renderList(req, res);
  });

  router.post('/sessions/:id/announcements', requireUser, async function createAnnouncement(req, res) {
    const sessionId = idParam(req.params.id);
    const again = (errors: Record<string, string>) => renderList(req, res.status(422), { values: keptValues(req.body), errors });
    const form = AnnouncementForm.safeParse(req.body);
    if (!form.success) {
      await refuseUnlessMayPost(deps.db, req.user, sessionId); // a learner or a cancelled session hears that first
      return again(fieldErrors(form.error));
    }
    try {
      const posted = await postAnnouncement(deps, req.user!, sessionId, form.data);
      flash(
        req,
        'success',
        posted.repeated
          ? 'This announcement was already posted a moment ago (the form was sent twice), so it was not posted or emailed again.'
          : posted.waiting
            ? `Announcement saved. ${posted.waiting}.`
            : `Announcement posted and emailed to ${countOf(posted.emailed ?? 0, 'learner', 'learners')}.`,
      );
    } catch (err) {
      if (err instanceof ValidationError) return again(err.fields);
      throw err;
    }
    res.redirect(303, listPage(sessionId));
  });

  router.get('/sessions/:id/announcements/:announcementId/edit', requireUser, async function showEditAnnouncement(req, res) {
    await renderEdit(req, res);
  });

  router.post('/sessions/:id/announcements/:announcementId/edit', requireUser, async function saveAnnouncement(req, res) {
    const sessionId = idParam(req.params.id);
    const announcementId = idParam(req.params.announcementId);
    const again = (errors: Record<string, string>) => renderEdit(req, res.status(422), { values: keptValues(req.body), errors });
    const form = AnnouncementForm.safeParse(req.body);
    if (!form.success) {
      await announcementForEditing(deps.db, req.user, sessionId, announcementId); // refuses others first
      return again(fieldErrors(form.error));
    }
    try {
      const saved = await editAnnouncement(deps, req.user!, sessionId, announcementId, form.data);
      const message =
        saved.emailed !== undefined
          ? `Announcement posted and emailed to ${countOf(saved.emailed, 'learner', 'learners')}.`
          : form.data.timing && !saved.timingChanged
            ? 'It had gone out before you saved, so only its wording changed.'
            : 'Announcement saved.';
      flash(req, 'success', message);
    } catch (err) {
      if (err instanceof ValidationError) return again(err.fields);
      throw err;
    }
    res.redirect(303, listPage(sessionId));
  });

  router.get('/sessions/:id/announcements/:announcementId/delete', requireUser, async function confirmDeleteAnnouncement(req, res) {
    const sessionId = idParam(req.params.id);
    const data = await announcementForDeleting(deps.db, req.user, sessionId, idParam(req.params.announcementId));
    res.render('announcements/delete', {
      title: `Delete “${data.row.title}”?`,
      sessionNav: sessionNav(data.access, data.courseTitle, 'overview'),
      sessionId,
      announcement: data.row,
      emailed: data.emailed,
    });
  });

  router.post('/sessions/:id/announcements/:announcementId/delete', requireUser, async function removeAnnouncement(req, res) {
    const sessionId = idParam(req.params.id);
    await deleteAnnouncement(deps.db, req.user!, sessionId, idParam(req.params.announcementId));
    flash(req, 'success', 'Announcement deleted.');
    res.redirect(303, listPage(sessionId));
  });

  return router;
}
