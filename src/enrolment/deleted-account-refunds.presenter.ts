import { DateTime } from 'luxon';
import type { DeletedAccountRefund } from './deleted-account-refunds.repository';
import { formatMoney } from './money';

/** The refunds still owed to deleted accounts of a session, as the admin's session page lists them. */
export function presentDeletedAccountRefunds(refunds: DeletedAccountRefund[], timeZone: string) {
  const when = (d: Date) => DateTime.fromJSDate(d, { zone: timeZone }).toFormat('d LLL yyyy, HH:mm');
  return refunds.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    amount: r.fee_minor !== null && r.fee_currency ? formatMoney(r.fee_minor, r.fee_currency) : 'the fee paid (not recorded with the seat)',
    seatTaken: r.seat_taken_at ? when(r.seat_taken_at) : undefined,
    deleted: when(r.account_deleted_at),
  }));
}
