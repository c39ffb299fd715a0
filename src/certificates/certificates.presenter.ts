import { formatSessionRange } from '../enrolment/session-dates';
import { formatInZone } from '../lib/dates';
import { displayCode } from './certificate.pdf';
import { creditsLine } from './certificates.policy';
import type { CertificateRow } from './certificates.repository';

/** A certificate as the admin pages show it: its code grouped, its credits and dates in words. */
export function summary(cert: CertificateRow) {
  return {
    ...cert,
    displayCode: displayCode(cert.code),
    credits: creditsLine(cert.contact_hours),
    dates: formatSessionRange(cert.session_starts_at, cert.session_ends_at, cert.time_zone),
    // Dates in the session's zone, like the certificate and its verification page.
    revokedOn: cert.revoked_at ? formatInZone(cert.revoked_at, cert.time_zone, 'd LLLL yyyy') : undefined,
    completedOn: formatInZone(cert.completed_at, cert.time_zone, 'd LLLL yyyy'),
    keptUntil: formatInZone(cert.retain_until, cert.time_zone, 'd LLLL yyyy'),
  };
}
