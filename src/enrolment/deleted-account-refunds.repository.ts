import type { Db } from '../db';

export interface DeletedAccountRefund {
  id: number;
  course_session_id: number;
  name: string;
  email: string;
  fee_minor: number | null;
  fee_currency: string | null;
  seat_taken_at: Date | null;
  account_deleted_at: Date;
}

/**
 * Copies, from an account being deleted, each of its places whose payment is refund due, with the
 * name and address the person paid under, so an admin can still pay the refund once the places
 * have gone with the account. One statement; returns how many refunds are kept.
 */
export async function keepRefundsOfDeletedAccount(trx: Db, userId: number, now: Date): Promise<number> {
  const result = await trx.raw(
    `insert into deleted_account_refunds (course_session_id, name, email, fee_minor, fee_currency, seat_taken_at, account_deleted_at)
     select e.course_session_id, u.name, u.email, e.fee_minor, e.fee_currency, e.enrolled_at, ?
       from enrolments e join users u on u.id = e.user_id
      where e.user_id = ? and e.payment_status = 'refund_due'
      order by e.course_session_id
      returning id`,
    [now, userId],
  );
  return (result.rows as unknown[]).length;
}

export function listDeletedAccountRefunds(db: Db, sessionId: number): Promise<DeletedAccountRefund[]> {
  return db<DeletedAccountRefund>('deleted_account_refunds').where({ course_session_id: sessionId }).orderBy('id');
}

/** Deletes a kept refund of the session (once paid); returns whose it was, or undefined when the session has none by that id. */
export async function deleteDeletedAccountRefund(db: Db, sessionId: number, refundId: number): Promise<{ name: string } | undefined> {
  const [row] = await db('deleted_account_refunds').where({ id: refundId, course_session_id: sessionId }).delete().returning(['name']);
  return row;
}

export async function deletedAccountRefundExists(db: Db, refundId: number): Promise<boolean> {
  return Boolean(await db('deleted_account_refunds').where({ id: refundId }).first('id'));
}
