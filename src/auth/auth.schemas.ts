import { z } from 'zod';

const email = z
  .string()
  .trim()
  .min(1, 'Please enter your email address.')
  .max(254, 'That email address is too long (254 characters at most).')
  .pipe(z.email('Please enter an email address like name@library.org.'))
  .transform((v) => v.toLowerCase());

const newPassword = z
  .string()
  .min(10, 'Please choose a password of at least 10 characters.')
  .max(200, 'Please choose a password of at most 200 characters.');

/** A person's name as it appears on their certificates. */
export const personName = z
  .string()
  .trim()
  .min(1, 'Please enter your name as it should appear on your certificate.')
  .max(120, 'Please keep your name to 120 characters.')
  // It is printed on certificates and written into their PDF's metadata, where these break the line or the XML.
  .refine((name) => !/\p{Cc}/u.test(name), 'Please write your name on one line, without tabs or other hidden characters.')
  // Direction overrides can make a name on a certificate read as another; right-to-left names need none.
  .refine((name) => !/[\u202a-\u202e\u2066-\u2069]/u.test(name), 'Please write your name without hidden direction marks (they can make it print differently from how it reads).');

export const RegisterForm = z.object({
  name: personName,
  email,
  password: newPassword,
});
export type RegisterInput = z.infer<typeof RegisterForm>;

export const LoginForm = z.object({
  email,
  password: z.string().min(1, 'Please enter your password.').max(200, 'That password is too long.'),
});

export const ForgotPasswordForm = z.object({ email });

export const ResetPasswordForm = z
  .object({ password: newPassword, confirm: z.string({ error: 'Please type your new password again.' }).max(200) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords do not match.' });

const currentPassword = z
  .string()
  .min(1, 'Please enter your current password.')
  .max(200, 'That password is too long.');

export const ChangePasswordForm = z
  .object({ current: currentPassword, password: newPassword, confirm: z.string({ error: 'Please type your new password again.' }).max(200) })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two new passwords do not match.' });

export const ChangeEmailForm = z.object({ email, password: currentPassword });

export const ResetTokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/) });
