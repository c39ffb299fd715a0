import { z } from 'zod';

export const ReviewForm = z.object({
  rating: z.coerce.number({ message: 'Please choose from 1 to 5 stars.' }).int('Please choose from 1 to 5 stars.').min(1, 'Please choose from 1 to 5 stars.').max(5, 'Please choose from 1 to 5 stars.'),
  body: z.string({ message: 'Please write a few words about the course.' }).trim().min(10, 'Please write at least a sentence (10 characters or more).').max(3000, 'Please keep your review to at most 3,000 characters.'),
});
export type ReviewInput = z.infer<typeof ReviewForm>;
