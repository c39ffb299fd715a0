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

export type CertificateAction = 'revoke' | 'restore' | 'reissue';

const TYPED_FIELDS: Record<CertificateAction, { name: string; label: string; long: boolean }[]> = {
  revoke: [{ name: 'revokeReason', label: 'Reason for revoking', long: true }],
  restore: [{ name: 'restoreReason', label: 'Reason for restoring', long: true }],
  reissue: [
    { name: 'name', label: 'Name to print', long: false },
    { name: 'reissueReason', label: 'Reason for the correction', long: true },
  ],
};

/**
 * What the admin typed into a change another tab made stale. Kept in its form when the page still offers it;
 * otherwise handed back to copy (the page now offers other forms, which must not be filled with it).
 */
export function keptAfterConflict(action: CertificateAction, cert: CertificateRow, values: Record<string, string>) {
  const formStillShown = action === 'restore' ? Boolean(cert.revoked_at) : !cert.revoked_at;
  if (formStillShown) return { values, typed: [] };
  const typed = TYPED_FIELDS[action].map((f) => ({ ...f, value: values[f.name] ?? '' })).filter((f) => f.value.trim() !== '');
  return { values: {}, typed };
}
