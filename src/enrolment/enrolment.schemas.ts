import { z } from 'zod';

/** The enrol button posts nothing but this: "yes" when the learner chose to join a full session's waitlist. */
export const EnrolForm = z
  .object({ waitlist: z.string().optional().catch(undefined) })
  .catch({ waitlist: undefined })
  .transform((v) => ({ joinWaitlist: v.waitlist === 'yes' }));

/** The withdrawal confirmation page posts confirm=yes; a post without it (an old one-click form) is sent to that page first. */
export const OwnWithdrawForm = z
  .object({ confirm: z.string().optional().catch(undefined) })
  .catch({ confirm: undefined })
  .transform((v) => ({ confirmed: v.confirm === 'yes' }));
