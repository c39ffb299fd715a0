import { ConnectSessionKnexStore } from 'connect-session-knex';
import type { SessionData } from 'express-session';

const TOUCH_EVERY_MS = 60_000;
const MAX_REMEMBERED = 50_000;

/**
 * Login sessions in the database. express-session "touches" the session on every request to
 * push back its inactivity expiry; writing that on every page view costs a row update per
 * request, so each process writes it at most once a minute per session. Expiry stays accurate
 * to within that minute.
 */
export class DatabaseSessionStore extends ConnectSessionKnexStore {
  private readonly lastTouched = new Map<string, number>();

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
