import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { requireUser } from '../auth';
import type { Db } from '../db';
import { findSessionAccess, formatSessionRange } from '../enrolment';
import { NotFoundError } from '../lib/errors';
import { fieldErrors } from '../lib/forms';
import { parseId } from '../lib/http';
import { attemptLimiter } from '../lib/security';
import { displayCode, renderCertificatePdf } from './certificate.pdf';
import { creditsLine } from './certificates.policy';
import { findCertificateForEnrolment, type CertificateRow } from './certificates.repository';
import { linkedInAddUrl } from './linkedin';
import { MAX_VERIFY_CODE_CHARS, VerifyQuery } from './certificates.schemas';
import { verifyCertificate } from './certificates.service';

export interface CertificatesRouterDeps {
  db: Db;
  baseUrl: string;
  /** Verification lookups per address per window; default 60. */
  verifyLimit?: number;
  windowMinutes?: number;
}

/** The learner's certificate download and the public verification pages. */
export function certificatesRouter(deps: CertificatesRouterDeps): Router {
  const router = Router();
  // Counted by each instance on its own, unlike the login limits: codes are 80 random bits, so the
  // limit only slows scraping, and a count in the database would be a write for every public lookup.
  const verifyLimit = attemptLimiter({ limit: deps.verifyLimit ?? 60, windowMinutes: deps.windowMinutes ?? 15, what: 'check a certificate' });

  /** The learner's own valid certificate for the session; anything else answers for itself and gives undefined. */
  async function ownCertificate(req: Request, res: Response): Promise<CertificateRow | undefined> {
    const sessionId = parseId(req.params.id);
    const access = sessionId ? await findSessionAccess(deps.db, req.user, sessionId) : undefined;
    if (access?.as !== 'learner') throw new NotFoundError();
    const cert = await findCertificateForEnrolment(deps.db, access.enrolmentId);
    if (cert && !cert.revoked_at) return cert;
    res.status(404).render('certificates/not-available', {
      title: cert ? 'Your certificate was revoked' : 'No certificate yet',
      revoked: Boolean(cert),
      sessionId: access.session.id,
    });
    return undefined;
  }

  router.get('/sessions/:id/certificate.pdf', requireUser, async function downloadCertificate(req, res) {
    const cert = await ownCertificate(req, res);
    if (cert) res.type('application/pdf').attachment(`certificate-${cert.code}.pdf`).send(await renderCertificatePdf(cert, deps.baseUrl));
  });

  // To LinkedIn's own form, filled in; a link through here so the page needs no certificate details.
  router.get('/sessions/:id/certificate/linkedin', requireUser, async function addCertificateToLinkedIn(req, res) {
    const cert = await ownCertificate(req, res);
    if (cert) res.redirect(linkedInAddUrl(cert, deps.baseUrl));
  });

  router.get('/verify', verifyLimit, function showVerifyForm(req, res) {
    const view = { title: 'Verify a certificate', maxLength: MAX_VERIFY_CODE_CHARS, errors: {} as Record<string, string>, values: {} as Record<string, string> };
    if (req.query.code === undefined) return res.render('certificates/verify-form', view);
    const form = VerifyQuery.safeParse(req.query);
    if (form.success) return res.redirect(`/verify/${encodeURIComponent(form.data.code)}`);
    const typed = typeof req.query.code === 'string' ? req.query.code : '';
    res.status(422).render('certificates/verify-form', { ...view, errors: fieldErrors(form.error), values: { code: typed.slice(0, 200) } });
  });

  router.get('/verify/:code', verifyLimit, async function verify(req, res) {
    const result = await verifyCertificate(deps.db, String(req.params.code).slice(0, 60));
    if (result.state === 'unknown') {
      return res.status(404).render('certificates/verify-result', { title: 'No such certificate', state: 'unknown', code: result.code });
    }
    const c = result.certificate;
    const fmt = (d: Date) => DateTime.fromJSDate(d, { zone: c.time_zone }).toFormat('d LLLL yyyy');
    res.render('certificates/verify-result', {
      title: result.state === 'valid' ? 'Valid certificate' : 'Revoked certificate',
      state: result.state,
      code: displayCode(c.code),
      cert: {
        name: c.learner_name,
        course: c.course_title,
        dates: formatSessionRange(c.session_starts_at, c.session_ends_at, c.time_zone),
        credits: creditsLine(c.contact_hours),
        provider: c.provider_name,
        instructor: c.instructor_name,
        completedOn: fmt(c.completed_at),
        reissuedOn: c.reissued_at ? fmt(c.reissued_at) : undefined,
        revokedOn: c.revoked_at ? fmt(c.revoked_at) : undefined,
      },
    });
  });

  return router;
}
