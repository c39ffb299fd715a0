import { z } from 'zod';

export const MAX_REFLECTION_CHARS = 20_000;

const text = z
  .string({ error: 'Please write your reflection.' })
  .max(MAX_REFLECTION_CHARS, `Please keep your reflection to ${MAX_REFLECTION_CHARS.toLocaleString('en')} characters.`);

/**
 * The draft's save count the page last saw (a hidden field, or the autosave's JSON); anything
 * unreadable counts as unknown, which compares nothing rather than refusing the learner's words.
 */
const draftRev = z
  .union([z.number().int().min(0), z.string().regex(/^\d{1,9}$/).transform(Number)])
  .optional()
  .catch(undefined);

/** Drafts may be empty or unfinished. */
export const DraftForm = z.object({ text: text.default(''), draft_rev: draftRev });

/** The save count sent with a submitted reflection. */
export const draftRevOf = (body: unknown): number | undefined => draftRev.parse((body as { draft_rev?: unknown } | undefined)?.draft_rev);

export const SubmitForm = z.object({
  text: text.refine((v) => v.trim().length > 0, 'Please write your reflection before submitting it.'),
});

export const FeedbackForm = z
  .object({
    feedback: z.string().trim().max(MAX_REFLECTION_CHARS, `Please keep your feedback to ${MAX_REFLECTION_CHARS.toLocaleString('en')} characters.`).default(''),
    outcome: z.enum(['accept', 'return'], { error: 'Please choose to accept the reflection or return it for revision.' }),
  })
  .refine((v) => v.outcome === 'accept' || v.feedback.length > 0, {
    path: ['feedback'],
    message: 'Please tell the learner what to revise before returning it.',
  });
export type FeedbackInput = z.infer<typeof FeedbackForm>;
