import { z } from 'zod';
import { saveCount } from '../lib/save-counts';

export const MAX_REFLECTION_CHARS = 20_000;

const text = z
  .string({ error: 'Please write your reflection.' })
  .max(MAX_REFLECTION_CHARS, `Please keep your reflection to ${MAX_REFLECTION_CHARS.toLocaleString('en')} characters.`);

/** Drafts may be empty or unfinished; `draft_rev` is the save count the page last saw. */
export const DraftForm = z.object({ text: text.default(''), draft_rev: saveCount });

export const SubmitForm = z.object({
  text: text.refine((v) => v.trim().length > 0, 'Please write your reflection before submitting it.'),
});

// Spaces, line breaks and invisible characters (a zero-width space, a joiner) show the learner an
// empty box: such feedback counts as none at all.
const BLANK = /^[\s\p{Cf}]*$/u;
const feedbackText = z
  .string()
  .trim()
  .overwrite((v) => (BLANK.test(v) ? '' : v))
  .max(MAX_REFLECTION_CHARS, `Please keep your feedback to ${MAX_REFLECTION_CHARS.toLocaleString('en')} characters.`)
  .default('');

export const FeedbackForm = z
  .object({
    feedback: feedbackText,
    outcome: z.enum(['accept', 'return'], { error: 'Please choose to accept the reflection or return it for revision.' }),
    // "Then open the next one waiting": where the instructor goes once it is sent.
    then: z.literal('next').optional().catch(undefined),
  })
  .refine((v) => v.outcome === 'accept' || v.feedback.length > 0, {
    path: ['feedback'],
    message: 'Please tell the learner what to revise before returning it.',
  });
export type FeedbackInput = z.infer<typeof FeedbackForm>;

/** Feedback being written, kept as a draft (autosaved, or "Save draft" without JavaScript). */
export const FeedbackDraftForm = z.object({ feedback: feedbackText });

/** A change to feedback already sent; `rev` is the feedback's version the page was opened on. */
export const FeedbackChangeForm = z.object({ feedback: feedbackText, rev: saveCount });
export type FeedbackChangeInput = z.infer<typeof FeedbackChangeForm>;

/** The feedback page's list: which reflections, of which week, whose name holds what; bad values fall back to the default. */
export const ReflectionListQuery = z.object({
  show: z.enum(['waiting', 'returned', 'accepted', 'all']).catch('waiting'),
  week: z.coerce.number().int().min(1).max(52).optional().catch(undefined),
  q: z.string().trim().max(120).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1),
});
export type ReflectionListQueryInput = z.infer<typeof ReflectionListQuery>;

/** A phrase an instructor saves to add to feedback later. */
export const FeedbackPhraseForm = z.object({
  text: z
    .string({ message: 'Please write the phrase to save.' })
    .trim()
    .min(1, 'Please write the phrase to save.')
    .max(1000, 'Please keep a phrase to at most 1,000 characters.'),
});
