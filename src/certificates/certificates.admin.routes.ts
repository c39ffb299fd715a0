import { Router, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { requireRole, type CurrentUser } from '../auth';
import type { Db } from '../db';
import { ConflictError, NotFoundError } from '../lib/errors';
import { fieldErrors, keptValues } from '../lib/forms';
import { flash, parseId } from '../lib/http';
import type { Logger } from '../lib/logger';
import type { Mailer } from '../notifications';
import { renderCertificatePdf, displayCode } from './certificate.pdf';
import { tellLearner, tellLearnerReissued, tellLearnerRestored, tellLearnerRevoked } from './certificates.mail';
import { keptAfterConflict, summary, type CertificateAction } from './certificates.presenter';
import { findCertificateForEnrolment, findEnrolmentSnapshot, findLearnerEmail, listCertificateEvents, type CertificateRow } from './certificates.repository';
import { MarkCompleteForm, ReissueForm, RestoreForm, RevokeForm } from './certificates.schemas';
import { certificateById, markComplete, notEnrolledMessage, reissueCertificate, restoreCertificate, revokeCertificate } from './certificates.service';
import { formatSessionRange } from '../enrolment/session-dates';
import { formatInZone } from '../lib/dates';

export interface CertificatesAdminDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  logger?: Logger;
}

/** Admin pages: find a certificate, revoke or restore it, re-issue it under a corrected name, mark a learner complete. */
export function certificatesAdminRouter(deps: CertificatesAdminDeps): Router {
  const router = Router();
  router.use(['/admin/certificates', '/admin/enrolments'], requireRole('admin'));

  const idOf = (value: unknown) => {
    const id = parseId(value);
    if (!id) throw new NotFoundError();
    return id;
  };

  const renderDetail = async (
    res: Response,
    cert: CertificateRow,
    errors: Record<string, string> = {},
    values: Record<string, string> = {},
    typed: ReturnType<typeof keptAfterConflict>['typed'] = [],
  ) => {
    const events = (await listCertificateEvents(deps.db, cert.id)).map((e) => ({ ...e, whenText: formatInZone(e.created_at, cert.time_zone, 'd LLLL yyyy, HH:mm') }));
    res.render('certificates/admin-detail', { title: `Certificate ${displayCode(cert.code)}`, cert: summary(cert), events, errors, values, typed });
  };

  router.get('/admin/certificates/:id', async function showCertificate(req, res) {
    await renderDetail(res, await certificateById(deps.db, idOf(req.params.id)));
  });

  router.get('/admin/certificates/:id/certificate.pdf', async function downloadAsAdmin(req, res) {
    const cert = await certificateById(deps.db, idOf(req.params.id));
    res.type('application/pdf').attachment(`certificate-${cert.code}.pdf`).send(await renderCertificatePdf(cert, deps.baseUrl));
  });

  /**
   * One admin change to a certificate: the form checked (errors and typed text kept on the page),
   * a refusal shown there, then the learner emailed and the admin told what changed.
   */
  const certificateChange = <T>(
    action: CertificateAction,
    form: z.ZodType<T>,
    change: (certId: number, actorId: number, data: T) => Promise<CertificateRow>,
    tell: (to: string | undefined, changed: CertificateRow, data: T, actor: CurrentUser) => Promise<void>,
    done: (data: T, emailed: string) => string,
  ): RequestHandler =>
    async function changeCertificate(req, res) {
      const cert = await certificateById(deps.db, idOf(req.params.id));
      const parsed = form.safeParse(req.body);
      if (!parsed.success) return renderDetail(res.status(422), cert, fieldErrors(parsed.error), keptValues(req.body));
      let changed;
      try {
        changed = await change(cert.id, req.user!.id, parsed.data);
      } catch (err) {
        if (err instanceof ConflictError) {
          // Shown as it is now, with what was typed kept: in its form if the page still offers it, else to copy.
          const now = await certificateById(deps.db, cert.id);
          const kept = keptAfterConflict(action, now, keptValues(req.body));
          return renderDetail(res.status(409), now, { _form: err.message }, kept.values, kept.typed);
        }
        throw err;
      }
      const to = await findLearnerEmail(deps.db, changed);
      await tell(to, changed, parsed.data, req.user!);
      flash(req, 'success', done(parsed.data, emailedNote(to)));
      res.redirect(`/admin/certificates/${cert.id}`);
    };

  router.post(
    '/admin/certificates/:id/revoke',
    certificateChange(
      'revoke',
      RevokeForm,
      (id, actor, data) => revokeCertificate(deps.db, id, actor, data.revokeReason),
      (to, revoked, data, actor) => tellLearnerRevoked(deps, to, revoked, data.revokeReason, actor.email),
      (_data, emailed) => `The certificate is revoked. The verification page now says so${emailed}.`,
    ),
  );

  router.post(
    '/admin/certificates/:id/restore',
    certificateChange(
      'restore',
      RestoreForm,
      (id, actor, data) => restoreCertificate(deps.db, id, actor, data.restoreReason),
      (to, restored) => tellLearnerRestored(deps, to, restored),
      (_data, emailed) => `The certificate is restored. The verification page shows it as valid again${emailed}.`,
    ),
  );

  router.post(
    '/admin/certificates/:id/reissue',
    certificateChange(
      'reissue',
      ReissueForm,
      (id, actor, data) => reissueCertificate(deps.db, id, actor, { name: data.name, reason: data.reissueReason }),
      (to, reissued) => tellLearnerReissued(deps, to, reissued),
      (data, emailed) => `The certificate now reads “${data.name}”, with the same code. The change is in its history${emailed}.`,
    ),
  );

  const renderMarkComplete = async (res: Response, enrolmentId: number, errors: Record<string, string> = {}, values: Record<string, string> = {}) => {
    const snap = await findEnrolmentSnapshot(deps.db, enrolmentId);
    if (!snap) throw new NotFoundError();
    // A learner who holds a certificate already is shown it, rather than a form that would be refused.
    const existing = await findCertificateForEnrolment(deps.db, enrolmentId);
    res.render('certificates/mark-complete', {
      existing: existing && { id: existing.id, code: displayCode(existing.code), revoked: Boolean(existing.revoked_at) },
      notEnrolled: !existing && snap.enrolment_status !== 'enrolled' ? notEnrolledMessage(snap) : undefined,
      title: 'Mark complete by hand',
      enrolmentId,
      learnerName: snap.learner_name,
      courseTitle: snap.course_title,
      sessionId: snap.course_session_id,
      sessionDates: formatSessionRange(snap.starts_at, snap.ends_at, snap.time_zone),
      errors,
      values,
    });
  };

  router.get('/admin/enrolments/:id/mark-complete', async function showMarkComplete(req, res) {
    await renderMarkComplete(res, idOf(req.params.id));
  });

  router.post('/admin/enrolments/:id/mark-complete', async function markLearnerComplete(req, res) {
    const enrolmentId = idOf(req.params.id);
    const form = MarkCompleteForm.safeParse(req.body);
    if (!form.success) return renderMarkComplete(res.status(422), enrolmentId, fieldErrors(form.error), keptValues(req.body));
    let result;
    try {
      result = await markComplete(deps.db, enrolmentId, req.user!.id, form.data.reason);
    } catch (err) {
      if (err instanceof ConflictError) return renderMarkComplete(res.status(409), enrolmentId, { _form: err.message }, keptValues(req.body));
      throw err;
    }
    await tellLearner(deps, result.email, result.certificate);
    const emailed = result.email ? ` and ${result.certificate.learner_name} has been emailed` : `. ${result.certificate.learner_name}’s account is deactivated, so no email was sent`;
    flash(req, 'success', `Marked complete. The certificate is issued${emailed}.`);
    res.redirect(`/admin/certificates/${result.certificate.id}`);
  });

  return router;
}

// A learner whose account is deleted or deactivated has no address to write to.
const emailedNote = (to: string | undefined) => (to ? ', and the learner has been emailed' : '');
