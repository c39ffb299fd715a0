export type Role = 'learner' | 'instructor' | 'admin';
export const ROLES: readonly Role[] = ['learner', 'instructor', 'admin'];

/** What a request knows about who is signed in (kept small: it is loaded on every request). */
export interface CurrentUser {
  id: number;
  name: string;
  email: string;
  role: Role;
}

export interface UserRow extends CurrentUser {
  password_hash: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends CurrentUser {}
  }
}
