import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { placeLabel } from '../enrolment/enrolment.policy';
import { ConflictError, NotFoundError } from '../lib/errors';
import {
  type CertificateRow,
  findCertificateById,
  findCertificateByCode,
  findCertificateForEnrolment,
  findEnrolmentSnapshot,
  type EnrolmentSnapshot,
  insertCertificateEvent,
  insertCertificateOnce,
  updateCertificate,
} from './certificates.repository';
import { base32, looksLikeCode, normaliseCode, retainUntil } from './certificates.policy';

/** A new verification code: 80 random bits as 16 base32 characters, never derived from an id. */
export function newCertificateCode(): string {
  return base32(randomBytes(10));
}

export interface IssueResult {
  certificate: CertificateRow;
  /** True only for the one call that created the certificate. */
  created: boolean;
  /** Where to tell the learner; none when their account is deactivated. */
  email: string | undefined;
}

/**
 * Issues the enrolment's certificate exactly once: the unique enrolment_id makes a second,
 * concurrent insert a no-op, and only the call whose insert landed records the event.
 * The certificate copies the name as registered, the course, the session dates and the credits.
 */
export async function issueCertificate(
  db: Db,
  enrolmentId: number,
  opts: { kind: 'rules' | 'manual'; actorId?: number | null; reason?: string; now?: Date },
): Promise<IssueResult> {
  const now = opts.now ?? new Date();
  return db.transaction(async (trx) => {
    const snap = await findEnrolmentSnapshot(trx, enrolmentId);
    if (!snap) throw new NotFoundError();
    // The rules are checked on a place held (see completion/issuance.service.ts); by hand, here.
    if (opts.kind === 'manual' && snap.enrolment_status !== 'enrolled') throw new ConflictError(notEnrolledMessage(snap));
    const inserted = await insertCertificateOnce(trx, {
      code: newCertificateCode(),
      enrolment_id: snap.enrolment_id,
      user_id: snap.user_id,
      course_id: snap.course_id,
      course_session_id: snap.course_session_id,
      learner_name: snap.learner_name,
      course_title: snap.course_title,
      session_starts_at: snap.starts_at,
      session_ends_at: snap.ends_at,
      time_zone: snap.time_zone,
      contact_hours: snap.contact_hours,
      provider_name: snap.provider_name,
      instructor_name: snap.instructor_name,
      completion_kind: opts.kind,
      completed_at: now,
      retain_until: retainUntil(now),
    });
    const email = snap.active ? snap.email : undefined;
    if (inserted) {
      await insertCertificateEvent(trx, {
        certificate_id: inserted.id,
        kind: opts.kind === 'manual' ? 'marked_complete' : 'issued',
        actor_id: opts.actorId ?? null,
        reason: opts.reason ?? null,
      });
      return { certificate: inserted, created: true, email };
    }
    const existing = await findCertificateForEnrolment(trx, enrolmentId);
    return { certificate: existing!, created: false, email };
  });
}

/** Revokes a certificate with a reason; the verification page then says it is revoked. */
export async function revokeCertificate(db: Db, certificateId: number, actorId: number, reason: string, now = new Date()): Promise<CertificateRow> {
  return db.transaction(async (trx) => {
    const cert = await trx('certificates').where({ id: certificateId }).forUpdate().first();
    if (!cert) throw new NotFoundError();
    if (cert.revoked_at) throw new ConflictError('This certificate is already revoked.');
    const updated = await updateCertificate(trx, certificateId, { revoked_at: now, revoked_reason: reason });
    await insertCertificateEvent(trx, { certificate_id: certificateId, kind: 'revoked', actor_id: actorId, reason });
    return updated!;
  });
}

/** Undoes a revocation, with a reason kept in the history; the verification page says valid again. */
export async function restoreCertificate(db: Db, certificateId: number, actorId: number, reason: string): Promise<CertificateRow> {
  return db.transaction(async (trx) => {
    const cert: CertificateRow | undefined = await trx('certificates').where({ id: certificateId }).forUpdate().first();
    if (!cert) throw new NotFoundError();
    if (!cert.revoked_at) throw new ConflictError('This certificate is not revoked, so there is nothing to restore.');
    const updated = await updateCertificate(trx, certificateId, { revoked_at: null, revoked_reason: null });
    await insertCertificateEvent(trx, { certificate_id: certificateId, kind: 'restored', actor_id: actorId, reason });
    return updated!;
  });
}

/**
 * Re-issues a certificate under a corrected name (never a revoked one): same code, a new PDF from the changed record,
 * and the old and new names kept in its history.
 */
export async function reissueCertificate(db: Db, certificateId: number, actorId: number, input: { name: string; reason: string }, now = new Date()): Promise<CertificateRow> {
  return db.transaction(async (trx) => {
    const cert: CertificateRow | undefined = await trx('certificates').where({ id: certificateId }).forUpdate().first();
    if (!cert) throw new NotFoundError();
    if (cert.revoked_at) throw new ConflictError('This certificate is revoked, so it cannot be re-issued. If the revocation was a mistake, restore the certificate first.');
    const updated = await updateCertificate(trx, certificateId, { learner_name: input.name, reissued_at: now });
    await insertCertificateEvent(trx, {
      certificate_id: certificateId,
      kind: 'reissued',
      actor_id: actorId,
      reason: input.reason,
      old_name: cert.learner_name,
      new_name: input.name,
    });
    return updated!;
  });
}

/**
 * Why a learner without a place in the session cannot be marked complete: their certificate's
 * download and its email's link answer only to a learner who holds the place.
 */
export function notEnrolledMessage(snap: Pick<EnrolmentSnapshot, 'learner_name' | 'enrolment_status' | 'moved_to_session_id'>): string {
  return `${snap.learner_name} does not hold a place in this session (${placeLabel(snap.enrolment_status, snap.moved_to_session_id)}), so no certificate can be issued for it.`;
}

export type Verification = { state: 'valid' | 'revoked'; certificate: CertificateRow } | { state: 'unknown'; code: string };

/** What the public verification page says about a typed code. */
export async function verifyCertificate(db: Db, typed: string): Promise<Verification> {
  const code = normaliseCode(typed);
  if (!looksLikeCode(code)) return { state: 'unknown', code: typed.slice(0, 40) };
  const certificate = await findCertificateByCode(db, code);
  if (!certificate) return { state: 'unknown', code };
  return { state: certificate.revoked_at ? 'revoked' : 'valid', certificate };
}

export async function certificateById(db: Db, id: number): Promise<CertificateRow> {
  const cert = await findCertificateById(db, id);
  if (!cert) throw new NotFoundError();
  return cert;
}

/**
 * An admin marks a learner complete by hand, with a recorded reason; the certificate is issued
 * at once (whatever the rules say and even after the deadline). Refused if one exists.
 */
export async function markComplete(db: Db, enrolmentId: number, actorId: number, reason: string, now = new Date()): Promise<IssueResult> {
  const result = await issueCertificate(db, enrolmentId, { kind: 'manual', actorId, reason, now });
  if (!result.created) throw new ConflictError('This learner already has a certificate for this session.');
  return result;
}
