import type { Db } from './index';

/**
 * The first key of each transaction-scoped advisory lock the app takes, kept in one place so no
 * two kinds of lock share one (each spells a word in ASCII). The second key is the id of the thing
 * held: a session, a course, a post.
 */
export const LOCKS = {
  announcementsOfSession: 0x616e6e, // "ann"
  evaluationRelease: 0x65766c, // "evl" (the second key is 0: one job releases every session's summary)
  nightlyBackup: 0x62616b, // "bak" (the second key is 0: there is one)
  messagesOfSession: 0x6d7367, // "msg"
  moderationOfPost: 0x6d6f70, // "mop"
  moderationOfThread: 0x6d6f74, // "mot"
  reportsOfPost: 0x726570, // "rep"
  schedulingOfCourse: 0x736573, // "ses"
} as const;

/**
 * Holds one kind of work on one thing until the transaction ends, so a form sent twice at once is
 * checked against its twin. An advisory lock blocks nothing else done with that row.
 */
export async function holdUntilCommit(trx: Db, kind: keyof typeof LOCKS, id: number): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(?, ?)', [LOCKS[kind], id]);
}
