import { Passport } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Db } from '../db';
import { loadUser, verifyLogin } from './auth.service';

/** A Passport instance per app (no global state), logging in by email and password. */
export function createPassport(deps: { db: Db }): InstanceType<typeof Passport> {
  const passport = new Passport();
  passport.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      verifyLogin(deps, email, password).then((user) => done(null, user ?? false), done);
    }),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  // A deactivated or deleted account simply stops being logged in.
  passport.deserializeUser((id: number, done) => {
    loadUser(deps, Number(id)).then((user) => done(null, user ?? false), done);
  });
  return passport;
}
