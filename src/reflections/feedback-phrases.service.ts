import type { Db } from '../db';
import { NotFoundError, ValidationError } from '../lib/errors';
import { countPhrases, deletePhrase, insertPhrase, phraseExists } from './feedback-phrases.repository';

export const MAX_PHRASES = 100;

/** Saves a phrase to the person's own list: not twice, and not more than a hundred. */
export async function savePhrase(db: Db, userId: number, text: string): Promise<void> {
  await db.transaction(async (trx) => {
    // One person's saves take turns, so two tabs cannot both pass the checks below.
    await trx.raw('select id from users where id = ? for update', [userId]);
    if (await phraseExists(trx, userId, text)) throw new ValidationError('Already saved', { text: 'You have saved this phrase already.' });
    if ((await countPhrases(trx, userId)) >= MAX_PHRASES) {
      throw new ValidationError('Too many', { text: `You can keep up to ${MAX_PHRASES} phrases. Please remove one you no longer use first.` });
    }
    await insertPhrase(trx, userId, text);
  });
}

/** Removes one of the person's phrases; someone else's, or one already gone, is "not found". */
export async function removePhrase(db: Db, userId: number, phraseId: number): Promise<void> {
  if (!(await deletePhrase(db, userId, phraseId))) throw new NotFoundError('We could not find that phrase.');
}
