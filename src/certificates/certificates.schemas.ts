import { z } from 'zod';

const reason = z
  .string({ message: 'Please give a reason; it is kept in the certificate’s history.' })
  .trim()
  .min(3, 'Please give a reason; it is kept in the certificate’s history.')
  .max(1000, 'Please keep the reason under 1,000 characters.');

// The revoke and re-issue forms share a page, so each names its reason field apart: one label,
// one id and one error per form.
export const RevokeForm = z.object({ revokeReason: reason });

export const ReissueForm = z.object({
  name: z.string({ message: 'Please enter the name to print.' }).trim().min(1, 'Please enter the name to print.').max(200, 'Please keep the name under 200 characters.'),
  reissueReason: reason,
});

export const MarkCompleteForm = z.object({ reason });

export const VerifyQuery = z.object({ code: z.string().trim().max(60).optional().catch(undefined) });
