import type { Db } from '../db';

export interface FeedbackPhraseRow {
  id: number;
  user_id: number;
  text: string;
  created_at: Date;
}

/** The person's saved phrases, oldest first (the order they built them up in). */
export function listPhrases(db: Db, userId: number): Promise<FeedbackPhraseRow[]> {
  return db('feedback_phrases').where({ user_id: userId }).orderBy('id');
}

export async function countPhrases(db: Db, userId: number): Promise<number> {
  const row = await db('feedback_phrases').where({ user_id: userId }).first(db.raw('count(*)::int as n'));
  return row.n;
}

export async function phraseExists(db: Db, userId: number, text: string): Promise<boolean> {
  return Boolean(await db('feedback_phrases').where({ user_id: userId, text }).first('id'));
}

export async function insertPhrase(db: Db, userId: number, text: string): Promise<void> {
  await db('feedback_phrases').insert({ user_id: userId, text });
}

/** Deletes the phrase if it is the person's own; answers how many rows went (0 or 1). */
export async function deletePhrase(db: Db, userId: number, phraseId: number): Promise<number> {
  const rows = await db('feedback_phrases').where({ id: phraseId, user_id: userId }).delete().returning('id');
  return rows.length;
}
