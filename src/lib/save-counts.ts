import { z } from 'zod';

/**
 * Text a learner writes in more than one window (a tab left open at work, a phone) numbers its
 * saves. Each page writes with the number of the save it last saw; the server compares it with
 * the stored one.
 */

/**
 * The save number a page sends (a hidden field, or the autosave's JSON): a count, or a time in
 * milliseconds for a post's last edit. Anything unreadable counts as unknown, which compares
 * nothing rather than refusing the learner's words.
 */
export const saveCount = z
  .union([z.number().int().min(0), z.string().regex(/^\d{1,15}$/).transform(Number)])
  .optional()
  .catch(undefined);

/** The save number in a request body's `field`, if it has a readable one. */
export const saveCountOf = (body: unknown, field: string): number | undefined => saveCount.parse((body as Record<string, unknown> | undefined)?.[field]);

/**
 * Whether writing `incoming` would lose text another window saved: the page had not seen the
 * stored save, the stored text is not empty, and what the page writes does not already hold it.
 * Without a count (a page from before counts existed) nothing is compared.
 */
export function wouldReplaceUnseenText(stored: { text: string; rev: number }, baseRev: number | undefined, incoming: string): boolean {
  if (baseRev === undefined || baseRev === stored.rev) return false;
  return stored.text.trim() !== '' && !incoming.includes(stored.text.trim());
}
