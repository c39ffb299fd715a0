export { findSessionAccess, isStaff, type SessionAccess, type SessionRow } from './access';
export * from './session-dates';
export { sessionNav, type SessionNavItem } from './session-nav';
