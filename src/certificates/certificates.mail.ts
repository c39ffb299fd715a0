import type { Logger } from '../lib/logger';
import type { Mailer } from '../notifications';
import type { CertificateRow } from './certificates.repository';
import { creditsLine } from './certificates.policy';
import { verifyUrl } from './certificate.pdf';

/**
 * Tells the learner their certificate is ready, after the issuing transaction committed; a mail failure is logged, never thrown.
 * Nothing is sent without an address (a deactivated account).
 */
export async function tellLearner(deps: { mailer: Mailer; baseUrl: string; logger?: Logger }, to: string | undefined, cert: CertificateRow): Promise<void> {
  if (!to) return;
  const download = downloadUrl(deps.baseUrl, cert);
  const text = [
    `Dear ${cert.learner_name},`,
    '',
    `Congratulations: you have completed "${cert.course_title}". Your certificate for ${creditsLine(cert.contact_hours)} is ready.`,
    '',
    `Download it at any time: ${download}`,
    `Anyone can check it at: ${verifyUrl(deps.baseUrl, cert.code)}`,
    '',
    'Thank you for the care you brought to this course.',
  ].join('\n');
  try {
    await deps.mailer.send({ to, subject: `Your certificate for ${cert.course_title}`, text });
  } catch (err) {
    deps.logger?.error('certificate email failed', { certificateId: cert.id, error: String(err) });
  }
}

type MailDeps = { mailer: Mailer; baseUrl: string; logger?: Logger };

function downloadUrl(baseUrl: string, cert: CertificateRow): string {
  return cert.course_session_id ? `${baseUrl}/sessions/${cert.course_session_id}/certificate.pdf` : `${baseUrl}/account/transcript`;
}

async function sendNews(deps: MailDeps, to: string | undefined, cert: CertificateRow, subject: string, lines: string[], replyTo?: string): Promise<void> {
  if (!to) return;
  try {
    await deps.mailer.send({ to, subject, text: [`Dear ${cert.learner_name},`, '', ...lines].join('\n'), replyTo });
  } catch (err) {
    deps.logger?.error('certificate email failed', { certificateId: cert.id, error: String(err) });
  }
}

/**
 * Tells the learner their certificate was revoked, and why; sent after the change committed. A reply
 * reaches the admin who revoked it, so "get in touch" has somewhere to go.
 */
export function tellLearnerRevoked(deps: MailDeps, to: string | undefined, cert: CertificateRow, reason: string, revokedBy: string): Promise<void> {
  return sendNews(
    deps,
    to,
    cert,
    `About your certificate for ${cert.course_title}`,
    [
      `We have revoked your certificate for "${cert.course_title}". When someone checks it now, it shows as revoked.`,
      '',
      `The reason we noted: ${reason}`,
      '',
      'If you think this is a mistake, please get in touch with us by replying to this email, and we will look at it with you.',
    ],
    revokedBy,
  );
}

/** Tells the learner a revoked certificate is valid again. */
export function tellLearnerRestored(deps: MailDeps, to: string | undefined, cert: CertificateRow): Promise<void> {
  return sendNews(deps, to, cert, `Your certificate for ${cert.course_title} is valid again`, [
    `Your certificate for "${cert.course_title}" has been restored. It shows as valid again when anyone checks it.`,
    'We are sorry for any worry this caused.',
    '',
    `Download it at any time: ${downloadUrl(deps.baseUrl, cert)}`,
    `Anyone can check it at: ${verifyUrl(deps.baseUrl, cert.code)}`,
  ]);
}

/** Tells the learner their certificate now carries a corrected name, with the same code. */
export function tellLearnerReissued(deps: MailDeps, to: string | undefined, cert: CertificateRow): Promise<void> {
  return sendNews(deps, to, cert, `Your corrected certificate for ${cert.course_title}`, [
    `We have corrected your certificate for "${cert.course_title}". It now shows your name as "${cert.learner_name}", and its code stays the same.`,
    '',
    `Download the new copy: ${downloadUrl(deps.baseUrl, cert)}`,
    `Anyone can check it at: ${verifyUrl(deps.baseUrl, cert.code)}`,
  ]);
}
