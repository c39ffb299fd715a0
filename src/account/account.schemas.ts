import { z } from 'zod';

export const DeleteAccountForm = z.object({
  password: z.string({ message: 'Please enter your password to confirm.' }).min(1, 'Please enter your password to confirm.').max(200),
});
