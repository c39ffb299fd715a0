import { z } from 'zod';
import { ROLES, type Role } from '../auth';

export const PeopleQuery = z.object({
  q: z.string().trim().max(254).optional().catch(undefined),
  role: z.enum(ROLES as [Role, ...Role[]]).optional().catch(undefined),
  /** The last person of the previous page; anything else starts from the first page. */
  after: z.string().regex(/^[1-9]\d{0,9}$/).transform(Number).optional().catch(undefined),
});

export const RoleForm = z.object({ role: z.enum(ROLES as [Role, ...Role[]], { message: 'Please choose learner, instructor or admin.' }) });
