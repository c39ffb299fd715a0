import type { Options, Store, ClientRateLimitInfo } from 'express-rate-limit';
import type { Db } from '../db';

/**
 * express-rate-limit's counts kept in the database (`rate_limit_hits`), so that several app
 * instances behind a load balancer count one address's attempts together: with each instance
 * counting on its own, N instances would allow N times the limit. The window is fixed per key and
 * starts with its first attempt; the database's clock decides, so instances agree. Expired rows are
 * reused by the next attempt and swept by the scheduled jobs.
 */
export class DatabaseRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly db: Db,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const { rows } = (await this.db.raw(
      `insert into rate_limit_hits as r (key, hits, resets_at) values (?, 1, now() + ? * interval '1 millisecond')
       on conflict (key) do update set
         hits = case when r.resets_at <= now() then 1 else r.hits + 1 end,
         resets_at = case when r.resets_at <= now() then excluded.resets_at else r.resets_at end
       returning hits, resets_at`,
      [this.keyOf(key), this.windowMs],
    )) as { rows: { hits: number; resets_at: Date }[] };
    return { totalHits: rows[0].hits, resetTime: rows[0].resets_at };
  }

  async decrement(key: string): Promise<void> {
    await this.db('rate_limit_hits').where({ key: this.keyOf(key) }).where('resets_at', '>', this.db.fn.now()).update({ hits: this.db.raw('greatest(hits - 1, 0)') });
  }

  async resetKey(key: string): Promise<void> {
    await this.db('rate_limit_hits').where({ key: this.keyOf(key) }).delete();
  }

  private keyOf(key: string): string {
    return `${this.prefix}:${key}`.slice(0, 300);
  }
}

/** Deletes the counts whose window has ended; returns how many. */
export async function sweepRateLimits(db: Db): Promise<number> {
  // `returning` gives a count on both databases (the embedded one's delete answers otherwise).
  const swept = await db('rate_limit_hits').where('resets_at', '<=', db.fn.now()).delete().returning('key');
  return swept.length;
}
