import type { Db } from '../db';

export interface RefundsDue {
  /** Places on the roster whose payment is refund due (paid, then withdrawn or cancelled before the start). */
  places: number;
  /** Refunds kept for people who deleted their accounts while one was due. */
  deletedAccounts: number;
}

/** How many refunds each of the sessions owes, on its roster and to deleted accounts, in one query; sessions owing none are left out. */
export async function countRefundsDueOf(db: Db, sessionIds: number[]): Promise<Map<number, RefundsDue>> {
  if (!sessionIds.length) return new Map();
  const due = db('enrolments')
    .whereIn('course_session_id', sessionIds)
    .where({ payment_status: 'refund_due' })
    .select('course_session_id', db.raw('1 as places'), db.raw('0 as deleted_accounts'))
    .unionAll(db('deleted_account_refunds').whereIn('course_session_id', sessionIds).select('course_session_id', db.raw('0'), db.raw('1')), true);
  const rows: { course_session_id: number; places: number; deleted_accounts: number }[] = await db
    .from(due.as('due'))
    .groupBy('course_session_id')
    .select('course_session_id', db.raw('sum(places)::int as places'), db.raw('sum(deleted_accounts)::int as deleted_accounts'));
  return new Map(rows.map((r) => [r.course_session_id, { places: r.places, deletedAccounts: r.deleted_accounts }]));
}
