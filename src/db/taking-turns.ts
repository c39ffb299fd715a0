import type { PGlite } from '@electric-sql/pglite';

/** What knex-pglite uses of a PGlite instance. */
export type PGliteConnection = Pick<PGlite, 'waitReady' | 'query' | 'close'>;

/** How long queries may keep the event loop before they let it turn. */
export const TURN_MS = 10;

/**
 * PGlite answers every query on the app's own thread, and its promises resolve as microtasks.
 * Under load, each request's next query then starts straight from the last one's answer, and the
 * event loop does not get back to reading sockets for as long as any request has work left:
 * hundreds of milliseconds. Since libuv 1.45 each such pass accepts one new connection, so at
 * 50 visitors the last ones waited in the kernel's queue for up to 10 s (bench/README.md).
 *
 * Here a query that would run on after TURN_MS of uninterrupted work first waits for the next
 * pass of the loop (setImmediate), so the loop reads sockets, accepts connections and fires
 * timers at least that often. The single-connection pool still runs queries one at a time, in
 * order.
 */
export function takingTurns(pglite: PGliteConnection, turnMs = TURN_MS): PGliteConnection {
  let turnStarted = performance.now();
  const nextTurn = () =>
    new Promise<void>((resolve) =>
      setImmediate(() => {
        turnStarted = performance.now();
        resolve();
      }),
    );
  const query: PGlite['query'] = async (...args) => {
    if (performance.now() - turnStarted >= turnMs) await nextTurn();
    return pglite.query(...args);
  };
  return {
    get waitReady() {
      return pglite.waitReady;
    },
    query,
    close: () => pglite.close(),
  };
}
