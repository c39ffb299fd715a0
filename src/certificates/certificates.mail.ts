import type { Logger } from '../lib/logger';
import type { Mailer } from '../notifications';
import type { CertificateRow } from './certificates.repository';
import { creditsLine } from './certificates.policy';
import { verifyUrl } from './certificate.pdf';

/** Tells the learner their certificate is ready, after the issuing transaction committed; a mail failure is logged, never thrown. */
export async function tellLearner(deps: { mailer: Mailer; baseUrl: string; logger?: Logger }, to: string, cert: CertificateRow): Promise<void> {
  const download = cert.course_session_id ? `${deps.baseUrl}/sessions/${cert.course_session_id}/certificate.pdf` : `${deps.baseUrl}/account/transcript`;
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
