import { z } from 'zod';

const rating = z.coerce
  .number({ message: 'Please choose a rating from 1 to 5.' })
  .int('Please choose a rating from 1 to 5.')
  .min(1, 'Please choose a rating from 1 to 5.')
  .max(5, 'Please choose a rating from 1 to 5.');

const answer = z.string().trim().max(4000, 'Please keep this to at most 4,000 characters.').default('');

/** The evaluation form for a course with `outcomes` learning outcomes: fields outcome_1 … outcome_n. */
export function evaluationForm(outcomes: number) {
  const shape: Record<string, z.ZodType> = { helped: answer, toChange: answer };
  for (let i = 1; i <= outcomes; i += 1) {
    shape[`outcome_${i}`] = z.preprocess((v) => (v === '' ? undefined : v), rating);
  }
  return z.object(shape).transform((data) => ({
    ratings: Array.from({ length: outcomes }, (_, i) => data[`outcome_${i + 1}`] as number),
    helped: data.helped as string,
    toChange: data.toChange as string,
  }));
}
