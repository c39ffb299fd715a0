import { z } from 'zod';

const scale = (message: string) => z.string({ error: message }).regex(/^[1-5]$/, message).transform(Number);

export const CheckinForm = z.object({
  energy: scale('Please choose your energy this week, from 1 to 5.'),
  emotionalLoad: scale('Please choose how heavy the emotional load felt, from 1 to 5.'),
  boundaries: scale('Please choose how well you protected your boundaries, from 1 to 5.'),
  note: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .pipe(z.string().max(2000, 'Please keep the note to at most 2,000 characters.')),
});
export type CheckinInput = z.infer<typeof CheckinForm>;
