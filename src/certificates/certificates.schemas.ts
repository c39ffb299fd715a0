import { z } from 'zod';
import { DateTime } from 'luxon';

const reason = z
  .string({ message: 'Please give a reason; it is kept in the certificate’s history.' })
  .trim()
  .min(3, 'Please give a reason; it is kept in the certificate’s history.')
  .max(1000, 'Please keep the reason to at most 1,000 characters.');

// The revoke, restore and re-issue forms share a page, so each names its reason field apart: one label,
// one id and one error per form.
export const RevokeForm = z.object({ revokeReason: reason });

export const ReissueForm = z.object({
  name: z.string({ message: 'Please enter the name to print.' }).trim().min(1, 'Please enter the name to print.').max(200, 'Please keep the name to at most 200 characters.'),
  reissueReason: reason,
});

export const RestoreForm = z.object({ restoreReason: reason });

export const MarkCompleteForm = z.object({ reason });

export const MAX_VERIFY_CODE_CHARS = 40;

/** The code typed into the verification form (a GET form, so it arrives in the query). */
export const VerifyQuery = z.object({
  code: z
    .string({ message: 'Please type the verification code printed on the certificate.' })
    .trim()
    .min(1, 'Please type the verification code printed on the certificate.')
    .max(MAX_VERIFY_CODE_CHARS, `This is longer than a verification code. Codes are 16 letters and digits, like ABCD-EFGH-JKMN-PQRS; please check it against the certificate.`),
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDate = (value: string) => ISO_DATE.test(value) && DateTime.fromISO(value).isValid;
const dateFilter = z
  .string()
  .trim()
  .max(10, 'Please give a date like 2026-01-31.')
  .refine((v) => v === '' || isCalendarDate(v), 'Please give a date like 2026-01-31.')
  .transform((v) => v || undefined)
  .optional();

/** The certificates list's filters (a GET form): words, and the days of completion from and to, both included. */
export const CertificateListQuery = z
  .object({
    q: z.string().trim().max(120).optional().catch(undefined),
    from: dateFilter,
    to: dateFilter,
    /** The last certificate of the previous page; anything else starts from the first page. */
    after: z.string().regex(/^[1-9]\d{0,9}$/).transform(Number).optional().catch(undefined),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: 'The last day is before the first. Please swap them or change one.' });
