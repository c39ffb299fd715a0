import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { SessionData } from 'express-session';
import type { CurrentUser } from '../auth/auth.types';
import { prepared } from '../db/prepared';

const TOUCH_EVERY_MS = 60_000;
const MAX_REMEMBERED = 50_000;

interface SessionWithUserRow {
  sess: SessionData | string;
  user_id: number | null;
  name: string | null;
  email: string | null;
  role: CurrentUser['role'] | null;
}

// The signed-in user's id as Passport stores it; anything else (a hand-edited row) loads no user.
const SESSION_WITH_USER = `
  select s.sess, u.id as user_id, u.name, u.email, u.role
  from ?? s
  left join users u
    on u.id = case when (s.sess #>> '{passport,user}') ~ '^[0-9]{1,9}$' then (s.sess #>> '{passport,user}')::int end
   and u.active
  where s.sid = ? and s.expired >= ?`;

/**
 * Login sessions in the database.
 *
 * Reading a session also reads its signed-in, still active user in the same query, so a page
 * costs one round trip for "who is this" instead of two; Passport's deserializer takes the user
 * from `preloadedUser` (see src/auth/passport.ts).
 *
 * express-session "touches" the session on every request to push back its inactivity expiry;
 * writing that on every page view costs a row update per request, so each process writes it at
 * most once a minute per session. Expiry stays accurate to within that minute.
 */
export class DatabaseSessionStore extends ConnectSessionKnexStore {
  private readonly lastTouched = new Map<string, number>();
  // Keyed by the session's `passport` object, which express-session hands on by reference to
  // req.session; a WeakMap lets it go with the request.
  private readonly usersBySession = new WeakMap<object, CurrentUser>();

  override async get(sid: string, callback?: (err: unknown, session?: SessionData | null) => void): Promise<SessionData | null> {
    try {
      await this.ready;
      const { knex, tableName } = this.options;
      const query = prepared(knex.raw(SESSION_WITH_USER, [tableName, sid, new Date().toISOString()]), 'session-with-user');
      const { rows } = (await query) as { rows: SessionWithUserRow[] };
      const row = rows[0];
      const session = row ? ((typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess) as SessionData & { passport?: object }) : null;
      if (session?.passport && typeof session.passport === 'object' && row.user_id !== null) {
        this.usersBySession.set(session.passport, { id: row.user_id, name: row.name!, email: row.email!, role: row.role! });
      }
      callback?.(null, session);
      return session;
    } catch (err) {
      callback?.(err);
      throw err;
    }
  }

  /** The user read with this request's session, if it is the one asked for. */
  preloadedUser(session: { passport?: unknown } | undefined, id: number): CurrentUser | undefined {
    const key = session?.passport;
    if (!key || typeof key !== 'object') return undefined;
    const user = this.usersBySession.get(key);
    return user?.id === id ? user : undefined;
  }

  override async touch(sid: string, session: SessionData, callback?: () => void): Promise<void> {
    const now = Date.now();
    const last = this.lastTouched.get(sid);
    if (last !== undefined && now - last < TOUCH_EVERY_MS) {
      callback?.();
      return;
    }
    if (this.lastTouched.size >= MAX_REMEMBERED) this.lastTouched.clear();
    this.lastTouched.set(sid, now);
    return super.touch(sid, session, callback);
  }

  override async destroy(sid: string, callback?: (err?: unknown) => void): Promise<number> {
    this.lastTouched.delete(sid);
    return super.destroy(sid, callback);
  }

  /** Stops the periodic cleanup of expired rows (for shutdown). */
  stop(): void {
    clearTimeout(this.nextDbCleanup);
  }
}
