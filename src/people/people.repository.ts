import type { Knex } from 'knex';
import type { Db } from '../db';
import { NO_PASSWORD_YET, type Role } from '../auth';
import { containing } from '../lib/sql-text';

export interface PersonRow {
  id: number;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  /** Made by an admin and still waiting for its first password (see auth/invitations.ts). */
  awaiting_password: boolean;
  created_at: Date;
}

const columns = (db: Db) => ['id', 'name', 'email', 'role', 'active', 'created_at', db.raw('(password_hash = ?) as awaiting_password', [NO_PASSWORD_YET])];

/**
 * People whose name or email contains the text (any case), newest accounts first, a page at a
 * time: `after` is the id of the last person on the previous page.
 */
export async function searchPeople(db: Db, opts: { text?: string; role?: Role; limit: number; after?: number }): Promise<PersonRow[]> {
  const q = db<PersonRow>('users').select(...columns(db)).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(opts.limit);
  matching(q, opts);
  if (opts.after) q.whereRaw('(created_at, id) < (select u.created_at, u.id from users u where u.id = ?)', [opts.after]);
  return q;
}

/** How many people the search finds over every page. */
export async function countPeople(db: Db, opts: { text?: string; role?: Role }): Promise<number> {
  const row = await matching(db('users'), opts).count<{ n: string | number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

function matching<Q extends Knex.QueryBuilder>(q: Q, opts: { text?: string; role?: Role }): Q {
  if (opts.text) {
    const pattern = containing(opts.text);
    q.where((w) => w.whereILike('name', pattern).orWhereILike('email', pattern));
  }
  if (opts.role) q.where({ role: opts.role });
  return q;
}

export async function findPerson(db: Db, id: number): Promise<PersonRow | undefined> {
  return db<PersonRow>('users').select(...columns(db)).where({ id }).first();
}

export async function lockPerson(db: Db, id: number): Promise<PersonRow | undefined> {
  return db<PersonRow>('users').select(...columns(db)).where({ id }).forUpdate().first();
}

/** Locks the admin acting and the person changed, always in the order of their ids, so two admins changing each other wait in turn. */
export async function lockActorAndPerson(db: Db, actorId: number, personId: number): Promise<{ actor?: PersonRow; person?: PersonRow }> {
  const rows: PersonRow[] = await db<PersonRow>('users').select(...columns(db)).whereIn('id', [actorId, personId]).orderBy('id').forUpdate();
  return { actor: rows.find((r) => r.id === actorId), person: rows.find((r) => r.id === personId) };
}

export async function updatePerson(db: Db, id: number, values: Partial<Pick<PersonRow, 'role' | 'active'>>): Promise<void> {
  await db('users').where({ id }).update({ ...values, updated_at: db.fn.now() });
}

export async function deleteTeachingAssignments(db: Db, userId: number): Promise<number> {
  // Counted through RETURNING: the embedded driver does not report a row count for DELETE.
  const rows = await db('session_instructors').where({ user_id: userId }).delete().returning('course_session_id');
  return rows.length;
}

export async function listTaughtSessions(db: Db, userId: number): Promise<{ id: number; title: string; course_title: string }[]> {
  return db('session_instructors as si')
    .join('course_sessions as s', 's.id', 'si.course_session_id')
    .join('courses as c', 'c.id', 's.course_id')
    .where('si.user_id', userId)
    .orderBy('s.starts_at', 'desc')
    .select('s.id', 's.title', 'c.title as course_title');
}
