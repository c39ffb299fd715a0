import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { EnrolmentStatus } from '../enrolment/enrolment.policy';

export interface CertificateRow {
  id: number;
  code: string;
  enrolment_id: number | null;
  user_id: number | null;
  course_id: number | null;
  course_session_id: number | null;
  learner_name: string;
  course_title: string;
  session_starts_at: Date;
  session_ends_at: Date;
  time_zone: string;
  contact_hours: number;
  provider_name: string;
  instructor_name: string;
  completion_kind: 'rules' | 'manual';
  completed_at: Date;
  issued_at: Date;
  reissued_at: Date | null;
  revoked_at: Date | null;
  revoked_reason: string | null;
  retain_until: Date;
}

// Listed, not `*`, so the queries that run on every view of a page can be named statements (see src/db/prepared.ts).
const CERTIFICATE_COLUMNS = [
  'id', 'code', 'enrolment_id', 'user_id', 'course_id', 'course_session_id', 'learner_name', 'course_title', 'session_starts_at', 'session_ends_at', 'time_zone',
  'contact_hours', 'provider_name', 'instructor_name', 'completion_kind', 'completed_at', 'issued_at', 'reissued_at', 'revoked_at', 'revoked_reason', 'retain_until',
] as const satisfies readonly (keyof CertificateRow)[];

export type NewCertificate = Omit<CertificateRow, 'id' | 'issued_at' | 'reissued_at' | 'revoked_at' | 'revoked_reason'>;

export interface CertificateEventRow {
  id: number;
  certificate_id: number;
  kind: 'issued' | 'marked_complete' | 'revoked' | 'reissued' | 'restored';
  actor_id: number | null;
  actor_name: string | null;
  reason: string | null;
  old_name: string | null;
  new_name: string | null;
  created_at: Date;
}

/** What a certificate copies from its enrolment: the name as registered, the course and the session. */
export interface EnrolmentSnapshot {
  enrolment_id: number;
  enrolment_status: EnrolmentStatus;
  moved_to_session_id: number | null;
  user_id: number;
  email: string;
  /** False once the account is deactivated: no email goes to it. */
  active: boolean;
  learner_name: string;
  course_id: number;
  course_title: string;
  course_session_id: number;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  completion_deadline_at: Date;
  contact_hours: number;
  provider_name: string;
  instructor_name: string;
}

export function findEnrolmentSnapshot(db: Db, enrolmentId: number): Promise<EnrolmentSnapshot | undefined> {
  return db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .join('course_sessions as s', 's.id', 'e.course_session_id')
    .join('courses as c', 'c.id', 's.course_id')
    .select('e.id as enrolment_id', 'e.status as enrolment_status', 'e.moved_to_session_id', 'u.id as user_id', 'u.email', 'u.active', 'u.name as learner_name', 'c.id as course_id',
      'c.title as course_title', 's.id as course_session_id', 's.starts_at', 's.ends_at', 's.time_zone', 's.completion_deadline_at',
      'c.contact_hours', 'c.provider_name', 'c.instructor_name')
    .where('e.id', enrolmentId)
    .first();
}

/** Inserts unless the enrolment already has a certificate; returns the new row, or undefined. */
export async function insertCertificateOnce(db: Db, row: NewCertificate): Promise<CertificateRow | undefined> {
  const rows = await db('certificates').insert(row).onConflict('enrolment_id').ignore().returning('*');
  return rows[0];
}

export function findCertificateForEnrolment(db: Db, enrolmentId: number): Promise<CertificateRow | undefined> {
  return db('certificates').where({ enrolment_id: enrolmentId }).first();
}

export function findCertificateByCode(db: Db, code: string): Promise<CertificateRow | undefined> {
  return prepared(db('certificates').first(CERTIFICATE_COLUMNS).where({ code }), 'certificate-by-code');
}

export function findCertificateById(db: Db, id: number): Promise<CertificateRow | undefined> {
  return db('certificates').where({ id }).first();
}

/** Certificates of a session's enrolments, optionally of one enrolment. */
export function certificatesForSession(db: Db, sessionId: number, enrolmentId?: number): Promise<CertificateRow[]> {
  const q = db('certificates').where({ course_session_id: sessionId }).whereNotNull('enrolment_id');
  if (enrolmentId !== undefined) q.where({ enrolment_id: enrolmentId });
  return q;
}

export function certificatesOfUser(db: Db, userId: number): Promise<CertificateRow[]> {
  return prepared(db('certificates').select(CERTIFICATE_COLUMNS).where({ user_id: userId }).orderBy('completed_at', 'desc'), 'user-certificates');
}

export async function updateCertificate(db: Db, id: number, changes: Partial<CertificateRow>): Promise<CertificateRow | undefined> {
  const rows = await db('certificates').where({ id }).update(changes).returning('*');
  return rows[0];
}

export async function insertCertificateEvent(
  db: Db,
  event: { certificate_id: number; kind: CertificateEventRow['kind']; actor_id: number | null; reason?: string | null; old_name?: string | null; new_name?: string | null },
): Promise<void> {
  await db('certificate_events').insert(event);
}

export function listCertificateEvents(db: Db, certificateId: number): Promise<CertificateEventRow[]> {
  return db('certificate_events as ev')
    .leftJoin('users as u', 'u.id', 'ev.actor_id')
    .select('ev.*', 'u.name as actor_name')
    .where('ev.certificate_id', certificateId)
    .orderBy('ev.id');
}

/**
 * Deletes the records whose retention has ended and whose learner has deleted their account
 * (a learner who still has one keeps their certificate with it). Their history goes with them.
 */
export async function purgeExpiredCertificates(db: Db, now: Date): Promise<number> {
  const rows: { id: number }[] = await db('certificates').where('retain_until', '<', now).whereNull('user_id').delete().returning('id');
  return rows.length;
}

/** The learner's address for news about their certificate; none once their account is deleted or deactivated. */
export async function findLearnerEmail(db: Db, cert: Pick<CertificateRow, 'user_id'>): Promise<string | undefined> {
  if (!cert.user_id) return undefined;
  const row: { email: string } | undefined = await db('users').where({ id: cert.user_id, active: true }).first('email');
  return row?.email;
}
