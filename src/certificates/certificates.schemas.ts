import { z } from 'zod';

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
