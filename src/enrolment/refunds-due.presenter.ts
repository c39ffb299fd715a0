import type { RefundsDue } from './refunds-due.repository';

/** The sessions list's flags for refunds a session owes, each linking to where the admin records them; none when it owes none. */
export function refundsDueFlags(sessionId: number, due: RefundsDue | undefined): { text: string; href: string }[] {
  const flags = [];
  if (due?.places) {
    flags.push({ text: due.places === 1 ? '1 refund due' : `${due.places} refunds due`, href: `/admin/sessions/${sessionId}#roster` });
  }
  if (due?.deletedAccounts) {
    const text = due.deletedAccounts === 1 ? '1 refund due to a deleted account' : `${due.deletedAccounts} refunds due to deleted accounts`;
    flags.push({ text, href: `/admin/sessions/${sessionId}#refunds-of-deleted-accounts` });
  }
  return flags;
}
