import type { Db } from '../db';

// The account feature is the one place that reads every table holding a person's data, so a
// data export and a deletion cover what other features add later without code changes here:
// tables are found through their foreign keys to users, enrolments and reflections.

/** Columns that say "this row belongs to that user" (others, like moderated_by, record an action). */
const OWNER_COLUMNS = new Set(['user_id', 'author_id', 'reporter_id']);
/** Parents whose every child row belongs to the same person. */
const OWNED_PARENTS = ['enrolments', 'reflections', 'reflection_versions'];
/**
 * Hung off a person's work but written by someone else and not sent to them (an instructor's
 * feedback draft on a reflection): the writer's data, found through their own id, not the person's.
 */
const WRITTEN_BY_OTHERS = new Set(['feedback_drafts']);
/** Never exported: secrets and login machinery. */
const EXCLUDED_TABLES = new Set(['password_resets', 'http_sessions']);
/** Secrets (a calendar link's token too), and what the database derives from what the person wrote (a post's search words, its thread's board). */
const NOT_EXPORTED_COLUMNS = new Set(['password_hash', 'token_hash', 'calendar_token', 'search_vector', 'board_session_id', 'board_module_id']);

interface ForeignKey {
  child: string;
  column: string;
  parent: string;
}

async function foreignKeysTo(db: Db, parents: string[]): Promise<ForeignKey[]> {
  const result = await db.raw(
    `select cl.relname as child, att.attname as "column", ref.relname as parent
       from pg_constraint con
       join pg_class cl on cl.oid = con.conrelid
       join pg_namespace ns on ns.oid = cl.relnamespace
       join pg_class ref on ref.oid = con.confrelid
       join pg_attribute att on att.attrelid = con.conrelid and att.attnum = con.conkey[1]
      where con.contype = 'f' and ns.nspname = current_schema() and cardinality(con.conkey) = 1
        and ref.relname in (${parents.map(() => '?').join(', ')})
      order by cl.relname, att.attname`,
    parents,
  );
  return result.rows as ForeignKey[];
}

export type Row = Record<string, unknown>;

/** Every row about a user, by table: their account, enrolments and all that hangs off them. */
export async function rowsOwnedBy(db: Db, userId: number): Promise<Record<string, Row[]>> {
  const keys = await foreignKeysTo(db, ['users', ...OWNED_PARENTS]);
  const ids = new Map<string, number[]>([['users', [userId]]]);
  const out: Record<string, Row[]> = {};
  const seen = new Map<string, Set<unknown>>();
  const add = (table: string, rows: Row[]) => {
    const s = seen.get(table) ?? new Set();
    seen.set(table, s);
    for (const row of rows) {
      const id = row.id ?? JSON.stringify(row);
      if (s.has(id)) continue;
      s.add(id);
      for (const col of NOT_EXPORTED_COLUMNS) delete row[col];
      (out[table] ??= []).push(row);
    }
  };
  for (const parent of ['users', ...OWNED_PARENTS]) {
    const parentIds = ids.get(parent) ?? [];
    if (!parentIds.length) continue;
    for (const fk of keys.filter((k) => k.parent === parent)) {
      if (EXCLUDED_TABLES.has(fk.child)) continue;
      if (parent === 'users' && !OWNER_COLUMNS.has(fk.column)) continue;
      if (parent !== 'users' && WRITTEN_BY_OTHERS.has(fk.child)) continue;
      const rows: Row[] = await db(fk.child).whereIn(fk.column, parentIds).orderBy(fk.column);
      add(fk.child, rows);
      if (OWNED_PARENTS.includes(fk.child)) {
        ids.set(fk.child, [...(ids.get(fk.child) ?? []), ...rows.map((r) => Number(r.id))]);
      }
    }
  }
  return out;
}

export function findAccount(db: Db, userId: number): Promise<{ id: number; name: string; email: string; role: string; password_hash: string; created_at: Date } | undefined> {
  return db('users').select('id', 'name', 'email', 'role', 'password_hash', 'created_at').where({ id: userId }).first();
}

export async function updateName(db: Db, userId: number, name: string): Promise<void> {
  await db('users').where({ id: userId }).update({ name, updated_at: db.fn.now() });
}

/** An address the account had, and while: emails sent to it then were sent to this person. */
export interface AddressPeriod {
  address: string;
  from?: Date;
  until?: Date;
}

/**
 * Every address the account has had, from its confirmed email changes: an old address was the
 * account's until the change was confirmed, the new one from when it was asked for. Another person
 * may use an old address later, so emails sent to it then are not this person's. With `unconfirmed`
 * (for deleting, not for exporting), a change never confirmed adds its address while it waited:
 * the link sent there named this person, though the address may not be theirs.
 */
export async function addressPeriods(db: Db, userId: number, currentEmail: string, opts: { unconfirmed?: boolean } = {}): Promise<AddressPeriod[]> {
  const changes: { old_email: string; new_email: string; confirmed: boolean; created_at: Date; ended_at: Date | null; expires_at: Date }[] = await db('email_changes')
    .select('old_email', 'new_email', 'confirmed', 'created_at', 'ended_at', 'expires_at')
    .where({ user_id: userId })
    .orderBy('id');
  const periods: AddressPeriod[] = [];
  let from: Date | undefined;
  for (const change of changes) {
    if (change.confirmed) {
      periods.push({ address: change.old_email, from, until: change.ended_at ?? undefined });
      from = change.created_at;
    } else if (opts.unconfirmed) {
      periods.push({ address: change.new_email, from: change.created_at, until: change.ended_at ?? change.expires_at });
    }
  }
  periods.push({ address: currentEmail, from });
  return periods;
}

function emailsDuring(db: Db, periods: AddressPeriod[]) {
  return db('outbox_emails').where((any) => {
    for (const p of periods) {
      any.orWhere((q) => {
        q.where({ to_address: p.address });
        if (p.from) q.where('created_at', '>=', p.from);
        if (p.until) q.where('created_at', '<=', p.until);
      });
    }
  });
}

export function emailsTo(db: Db, periods: AddressPeriod[]): Promise<Row[]> {
  return emailsDuring(db, periods).select('to_address', 'subject', 'body_text', 'status', 'created_at').orderBy('id');
}

/**
 * Blanks what the user wrote in shared discussions; the rows stay so others' replies keep their
 * place. Their reports lose their words but stay, reporter unnamed, so an open one still brings the
 * post to the moderators and a resolved one still stands behind its line in the moderation log.
 */
export async function blankDiscussionContributions(db: Db, userId: number): Promise<void> {
  await db('discussion_posts').where({ author_id: userId }).update({ body_md: '', body_html: '<p>(removed at the author’s request)</p>', content_note: null, status: 'deleted' });
  await db('discussion_threads').where({ author_id: userId }).update({ title: 'Removed at the author’s request' });
  await db('discussion_reports').where({ reporter_id: userId }).update({ reason: '' });
}

export async function deleteEmailsTo(db: Db, periods: AddressPeriod[]): Promise<void> {
  await emailsDuring(db, periods).delete();
}

/** Deletes the user; every table either cascades or sets its reference to null (certificates keep their copy). */
export async function deleteUser(db: Db, userId: number): Promise<void> {
  await db('users').where({ id: userId }).delete();
}

/** The fallback when some table refuses the delete: nothing personal stays on the row, and it can never log in. */
export async function anonymiseUser(db: Db, userId: number, marker: string): Promise<void> {
  await db('enrolments').where({ user_id: userId }).delete();
  await db('users').where({ id: userId }).update({ name: 'Deleted account', email: `deleted-${marker}@deleted.invalid`, password_hash: '!', active: false, updated_at: db.fn.now() });
}
