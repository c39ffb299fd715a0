import { z } from 'zod';

/** The enrol button posts nothing but this: "yes" when the learner chose to join a full session's waitlist. */
export const EnrolForm = z
  .object({ waitlist: z.string().optional().catch(undefined) })
  .catch({ waitlist: undefined })
  .transform((v) => ({ joinWaitlist: v.waitlist === 'yes' }));
