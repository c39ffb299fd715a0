import { z } from 'zod';

const optionalText = z.string().trim().max(120).optional().catch(undefined);

/** Filters of the progress table; a value that makes no sense is ignored rather than refused. */
export const ProgressQuery = z.object({
  status: z.enum(['complete', 'not-complete']).optional().catch(undefined),
  behind: z.coerce.number().int().min(1).max(52).optional().catch(undefined),
  q: optionalText,
});
export type ProgressQueryInput = z.infer<typeof ProgressQuery>;
