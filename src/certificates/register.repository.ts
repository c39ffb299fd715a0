import type { Knex } from 'knex';
import type { Db } from '../db';
import { containing } from '../lib/sql-text';
import type { CertificateRow } from './certificates.repository';

/** Which certificates the register shows: words in the name, course or code, and the days of completion. */
export interface RegisterFilter {
  text: string;
  /** First and last day of completion (YYYY-MM-DD, both included), each in its certificate's own time zone. */
  from?: string;
  to?: string;
}

export interface RegisterTotals {
  found: number;
  revoked: number;
  /** Contact hours of the certificates that are not revoked. */
  validHours: number;
}

/**
 * The day a certificate was completed is the day in its session's time zone, as the certificate
 * prints it. The index on completed_at narrows the search first: a day in any time zone lies
 * within a day either side of the same day in UTC.
 */
function filtered(db: Db, f: RegisterFilter): Knex.QueryBuilder {
  const q = db('certificates');
  const term = f.text.trim();
  if (term) {
    const like = containing(term);
    q.where((w) => w.whereILike('learner_name', like).orWhereILike('course_title', like).orWhere('code', term.toUpperCase().replace(/[\s-]/g, '')));
  }
  if (f.from) {
    q.where('completed_at', '>=', db.raw(`cast(? as date) - interval '1 day'`, [f.from]));
    q.whereRaw(`cast(completed_at at time zone time_zone as date) >= cast(? as date)`, [f.from]);
  }
  if (f.to) {
    q.where('completed_at', '<', db.raw(`cast(? as date) + interval '2 days'`, [f.to]));
    q.whereRaw(`cast(completed_at at time zone time_zone as date) <= cast(? as date)`, [f.to]);
  }
  return q;
}

/** A page of the register, newest first; `after` is the id of the last certificate of the page before. */
export function listRegisterPage(db: Db, f: RegisterFilter, opts: { after?: number; limit: number }): Promise<CertificateRow[]> {
  const q = filtered(db, f).orderBy('id', 'desc').limit(opts.limit);
  if (opts.after) q.where('id', '<', opts.after);
  return q.select('*');
}

export async function registerTotals(db: Db, f: RegisterFilter): Promise<RegisterTotals> {
  const row = await filtered(db, f)
    .first(
      db.raw('count(*)::int as found'),
      db.raw('(count(*) filter (where revoked_at is not null))::int as revoked'),
      db.raw('coalesce(sum(contact_hours) filter (where revoked_at is null), 0)::int as valid_hours'),
    );
  return { found: row.found, revoked: row.revoked, validHours: row.valid_hours };
}

/** Every certificate the filter finds, in order of completion, for the register's download. */
export function listRegister(db: Db, f: RegisterFilter): Promise<CertificateRow[]> {
  return filtered(db, f).orderBy([{ column: 'completed_at' }, { column: 'id' }]).select('*');
}
