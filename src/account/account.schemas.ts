import { z } from 'zod';
import { personName } from '../auth';

export const DeleteAccountForm = z.object({
  password: z.string({ message: 'Please enter your password to confirm.' }).min(1, 'Please enter your password to confirm.').max(200),
});

export const NameForm = z.object({ name: personName });
