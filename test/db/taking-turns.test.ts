import { PGlite } from '@electric-sql/pglite';
import { createEmbeddedDb } from '../../src/db';
import { TURN_MS, takingTurns } from '../../src/db/taking-turns';

let counting = false;
afterEach(() => {
  counting = false;
});

// Counts passes of the event loop (setImmediate runs once per pass) until stopped.
function countTurns(): { stop(): number } {
  let turns = 0;
  counting = true;
  const tick = () => {
    if (!counting) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop() {
      counting = false;
      return turns;
    },
  };
}

let pglite: PGlite;
beforeAll(async () => {
  pglite = new PGlite();
  await pglite.waitReady;
});
afterAll(() => pglite.close());

it('PGlite on its own answers a chain of queries without the event loop turning once', async () => {
  // Why takingTurns exists: nothing else (sockets, timers, new connections) runs meanwhile.
  const turns = countTurns();
  for (let i = 0; i < 20; i++) await pglite.query('select 1');
  expect(turns.stop()).toBe(0);
});

it('the embedded database lets the loop turn before a query once earlier ones have held it long enough', async () => {
  // Its own PGlite: closing the database closes it.
  const db = createEmbeddedDb(new PGlite());
  const sleep = (TURN_MS + 2) / 1000;
  await db.knex.raw('select 1');
  const turns = countTurns();
  // Each query holds the thread for longer than a turn, so every later one waits for a pass.
  for (let i = 0; i < 10; i++) await db.knex.raw('select pg_sleep(?)', [sleep]);
  expect(turns.stop()).toBeGreaterThanOrEqual(9);
  await db.close();
});

it('quick queries within one turn run straight on', async () => {
  const connection = takingTurns(pglite, 60_000);
  const turns = countTurns();
  const answers: unknown[] = [];
  for (let i = 0; i < 20; i++) answers.push((await connection.query<{ n: number }>('select $1::int as n', [i])).rows[0].n);
  expect(turns.stop()).toBe(0);
  expect(answers).toEqual([...Array(20).keys()]);
});
