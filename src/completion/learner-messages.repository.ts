import type { Db } from '../db';
import { holdUntilCommit } from '../db/locks';

export interface SentMessageRow {
  id: number;
  subject: string;
  body: string;
  created_at: Date;
  author_name: string | null;
  recipients: string[];
}

/** Which of these users can still be emailed (deactivated accounts are not). */
export async function activeUserIds(db: Db, userIds: number[]): Promise<Set<number>> {
  if (!userIds.length) return new Set();
  const rows: { id: number }[] = await db('users').whereIn('id', userIds).where({ active: true }).select('id');
  return new Set(rows.map((r) => r.id));
}

/**
 * Stores a message and its recipients together, unless the same author sent the same words to
 * each of these learners since `repeatSince` (the form sent twice): then it stores nothing and
 * returns undefined. Messages to one session are taken one at a time, so a double click sends one.
 */
export async function insertMessage(
  db: Db,
  message: { course_session_id: number; author_id: number; subject: string; body: string },
  recipientIds: number[],
  repeatSince: Date,
): Promise<number | undefined> {
  return db.transaction(async (trx) => {
    await holdUntilCommit(trx, 'messagesOfSession', message.course_session_id);
    const twinIds = trx('staff_messages').where(message).andWhere('created_at', '>=', repeatSince).select('id');
    const reached: { message_id: number; user_id: number }[] = await trx('staff_message_recipients').whereIn('message_id', twinIds).select('message_id', 'user_id');
    const reachedBy = new Map<number, Set<number>>();
    for (const r of reached) reachedBy.set(r.message_id, (reachedBy.get(r.message_id) ?? new Set()).add(r.user_id));
    if ([...reachedBy.values()].some((users) => recipientIds.every((id) => users.has(id)))) return undefined;
    const [row] = await trx('staff_messages').insert(message).returning(['id']);
    await trx('staff_message_recipients').insert(recipientIds.map((user_id) => ({ message_id: row.id, user_id })));
    return row.id as number;
  });
}

/** The session's latest messages, newest first, each with its recipients' names (one query). */
export async function listSentMessages(db: Db, sessionId: number, limit: number): Promise<SentMessageRow[]> {
  const { rows } = await db.raw(
    `select m.id, m.subject, m.body, m.created_at, a.name as author_name,
            array(select u.name from staff_message_recipients r join users u on u.id = r.user_id
                   where r.message_id = m.id order by u.name) as recipients
       from staff_messages m left join users a on a.id = m.author_id
      where m.course_session_id = :sessionId
      order by m.created_at desc, m.id desc
      limit :limit`,
    { sessionId, limit },
  );
  return rows as SentMessageRow[];
}
