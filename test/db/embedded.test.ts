import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../src/db';

// The embedded database as `npm start` opens it: a small buffer pool, since it lives in the
// app's own memory (see EMBEDDED_SHARED_BUFFERS), and a small store of write-ahead log kept for
// reuse (EMBEDDED_WAL), kept on every later start.
it('opens the embedded database with a 16MB buffer pool and at most 64MB of log, on the first start and the next', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-embedded-'));
  try {
    for (let start = 0; start < 2; start++) {
      const db = createDb({ databaseUrl: undefined, dataDir });
      try {
        const { rows } = await db.knex.raw('show shared_buffers');
        expect(rows[0].shared_buffers).toBe('16MB');
        expect((await db.knex.raw('show max_wal_size')).rows[0].max_wal_size).toBe('64MB');
        expect((await db.knex.raw('show min_wal_size')).rows[0].min_wal_size).toBe('32MB');
        await db.knex.raw('create table if not exists kept (n int)');
        await db.knex('kept').insert({ n: start });
        expect(await db.knex('kept').orderBy('n').pluck('n')).toEqual(start === 0 ? [0] : [0, 1]);
      } finally {
        await db.close();
      }
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
