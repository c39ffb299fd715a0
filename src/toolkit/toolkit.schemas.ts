import { z } from 'zod';
import { MAX_ENTRIES_PER_SECTION } from './toolkit.policy';

export const MAX_ENTRY_LENGTH = 2000;

const entryText = (emptyMessage: string) =>
  z
    .string({ error: emptyMessage })
    .trim()
    .min(1, emptyMessage)
    .max(MAX_ENTRY_LENGTH, `Please keep an entry to at most ${MAX_ENTRY_LENGTH.toLocaleString('en')} characters.`);

export const EntryForm = z.object({ body: entryText('Please write something for this entry.') });

export const DraftForm = z.object({
  body: z.string().max(MAX_ENTRY_LENGTH, `Please keep an entry to at most ${MAX_ENTRY_LENGTH.toLocaleString('en')} characters.`).optional().default(''),
});

export const MoveForm = z.object({
  direction: z.enum(['up', 'down'], { error: 'Please choose up or down.' }),
  // The place the page showed the entry at; a stale page or second click then changes nothing.
  position: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/)
    .transform(Number)
    .optional(),
});

const entryId = z.number().int().positive().max(2147483647);

export const ReorderBody = z.object({
  entryIds: z.array(entryId).max(MAX_ENTRIES_PER_SECTION),
  /** The entry the learner dragged, so the page can say where it went. */
  movedEntryId: entryId.optional(),
});

export const ShareForm = z.object({ shared: z.enum(['yes', 'no']) });

export const QuoteForm = z.object({
  sectionId: z.string({ error: 'Please choose a section.' }).regex(/^[1-9][0-9]{0,9}$/, 'Please choose a section.').transform(Number),
  passage: entryText('Please paste the passage you want to keep.'),
});

export const ReturnToForm = z.object({ returnTo: z.string().max(500).optional() });
