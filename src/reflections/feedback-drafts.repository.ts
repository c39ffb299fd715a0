import type { Db } from '../db';

export interface FeedbackDraftRow {
  text: string;
  /** The learner's version the draft was written for. */
  version: number;
  saved_at: Date;
}

/** The draft this person is writing on a reflection, if any: no one else's. */
export function findFeedbackDraft(db: Db, reflectionId: number, authorId: number): Promise<FeedbackDraftRow | undefined> {
  return db('feedback_drafts').where({ reflection_id: reflectionId, author_id: authorId }).first('text', 'version', 'saved_at');
}

export async function saveFeedbackDraft(db: Db, row: { reflectionId: number; authorId: number; version: number; text: string; at: Date }): Promise<void> {
  await db('feedback_drafts')
    .insert({ reflection_id: row.reflectionId, author_id: row.authorId, version: row.version, text: row.text, saved_at: row.at })
    .onConflict(['reflection_id', 'author_id'])
    .merge(['version', 'text', 'saved_at']);
}

export async function deleteFeedbackDraft(db: Db, reflectionId: number, authorId: number): Promise<void> {
  await db('feedback_drafts').where({ reflection_id: reflectionId, author_id: authorId }).delete();
}
