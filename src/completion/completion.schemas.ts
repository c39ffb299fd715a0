import { z } from 'zod';

const optionalText = z.string().trim().max(120).optional().catch(undefined);

/** Filters of the progress table; a value that makes no sense is ignored rather than refused. */
export const ProgressQuery = z.object({
  status: z.enum(['complete', 'not-complete']).optional().catch(undefined),
  behind: z.coerce.number().int().min(1).max(52).optional().catch(undefined),
  q: optionalText,
});
export type ProgressQueryInput = z.infer<typeof ProgressQuery>;

export const LearnerMessageForm = z.object({
  subject: z.string({ message: 'Please write a subject.' }).trim().min(1, 'Please write a subject.').max(200, 'Please keep the subject to 200 characters.'),
  body: z
    .string({ message: 'Please write the message.' })
    .trim()
    .min(10, 'Please write the message (at least 10 characters).')
    .max(5000, 'Please keep the message to 5000 characters.'),
});

export const MoreTimeForm = z.object({
  until: z.string().trim().optional(),
  note: z.string({ message: 'Please write the note as text.' }).trim().max(1000, 'Please keep the note to 1000 characters.').default(''),
  remove: z.preprocess((v) => v === 'yes', z.boolean()),
});
