import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Request } from 'express';
import type { Db } from '../db';
import type { DatabaseSessionStore } from '../lib/session-store';
import { loadUser, verifyLogin } from './auth.service';

/** A Passport instance per app (no global state), logging in by email and password. */
export function createPassport(deps: { db: Db; sessionStore?: Pick<DatabaseSessionStore, 'preloadedUser'> }): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      verifyLogin(deps, email, password).then((user) => done(null, user ?? false), done);
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  // A deactivated or deleted account simply stops being logged in. The session store usually
  // read the user along with the session; otherwise (another store, a test) it is one query.
  passport.deserializeUser((req: Request, stored: unknown, done: (err: unknown, user?: Express.User | false) => void) => {
    const id = Number(stored);
    if (!Number.isSafeInteger(id) || id <= 0) return done(null, false);
    const preloaded = deps.sessionStore?.preloadedUser(req.session as { passport?: unknown }, id);
    if (preloaded) return done(null, preloaded);
    loadUser(deps, id).then((user) => done(null, user ?? false), done);
  });
  return passport;
}
