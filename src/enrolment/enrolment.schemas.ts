import { z } from 'zod';

/**
 * The enrol button posts only these: waitlist "yes" when the learner chose to join a full session's
 * waitlist, and also "yes" when they ticked that they want this session besides another of the course.
 */
export const EnrolForm = z
  .object({ waitlist: z.string().optional().catch(undefined), also: z.string().optional().catch(undefined) })
  .catch({ waitlist: undefined, also: undefined })
  .transform((v) => ({ joinWaitlist: v.waitlist === 'yes', alsoAnotherSession: v.also === 'yes' }));

/** The withdrawal confirmation page posts confirm=yes; a post without it (an old one-click form) is sent to that page first. */
export const OwnWithdrawForm = z
  .object({ confirm: z.string().optional().catch(undefined) })
  .catch({ confirm: undefined })
  .transform((v) => ({ confirmed: v.confirm === 'yes' }));
