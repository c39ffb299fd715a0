export { authRouter } from './auth.routes';
export { createPassport } from './passport';
export { requireRole, requireUser, hasRole, wantsJson } from './auth.policy';
export { hashPassword } from './passwords';
export { deleteSessionsOfUser } from './auth.repository';
export type { CurrentUser, Role } from './auth.types';
export { ROLES } from './auth.types';
