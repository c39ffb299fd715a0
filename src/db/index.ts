import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import ClientPgLite from 'knex-pglite';
import type { Config } from '../config';
import { takingTurns } from './taking-turns';

/** A query runner: the database itself or an open transaction. Repositories take it first. */
export type Db = Knex | Knex.Transaction;

export interface Database {
  knex: Knex;
  kind: 'postgres' | 'embedded';
  /** The embedded database itself, for what only it can do (a copy of its files for a backup). */
  pglite?: PGlite;
  /** A PostgreSQL server's connection URL, for its own tools (pg_dump for a backup). */
  url?: string;
  close(): Promise<void>;
}

// PostgreSQL returns bigint counts and numerics as strings; counts here stay far below 2^53.
function configurePgTypes(): void {
  pg.types.setTypeParser(20, (v: string) => Number(v));
}

/** Opens PostgreSQL at DATABASE_URL, or the embedded PGlite kept under DATA_DIR/pgdata. */
export function createDb(config: Pick<Config, 'databaseUrl' | 'dataDir'>, opts: { pool?: { min: number; max: number } } = {}): Database {
  if (config.databaseUrl) return createPostgresDb(config.databaseUrl, opts.pool);
  const dir = embeddedDataDir(config.dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const settings = { shared_buffers: EMBEDDED_SHARED_BUFFERS, ...EMBEDDED_WAL };
  return createEmbeddedDb(new PGlite(dir, { startParams: [...PGlite.defaultStartParams, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])] }));
}

/**
 * PostgreSQL keeps up to max_wal_size (1GB) of write-ahead log ready for reuse after a burst of
 * writes. On the embedded database that was 1.1 GB of log beside 365 MB of data after the
 * benchmark's seed, on the provider's disk and in every backup; checkpoints come a little more
 * often instead, which a course's write load does not notice.
 */
export const EMBEDDED_WAL = { max_wal_size: '64MB', min_wal_size: '32MB' };

/** Where the embedded database keeps its files under DATA_DIR. */
export const embeddedDataDir = (dataDir: string): string => path.join(dataDir, 'pgdata');

/**
 * The embedded database's buffer pool lives in the app's own memory, and its files are cached
 * by the operating system anyway. With PostgreSQL's 128MB the app peaked at 460 MB under the
 * benchmark; with 16MB at 352 MB, and pages were no slower.
 */
export const EMBEDDED_SHARED_BUFFERS = '16MB';

export function createPostgresDb(connectionString: string, pool = { min: 0, max: 10 }): Database {
  configurePgTypes();
  const instance = knex({ client: 'pg', connection: connectionString, pool });
  return { knex: instance, kind: 'postgres', url: connectionString, close: () => instance.destroy() };
}

export function createEmbeddedDb(pglite: PGlite): Database {
  const instance = knex({ client: ClientPgLite, dialect: 'postgres', connection: () => ({ pglite: takingTurns(pglite) }) as object });
  return {
    knex: instance,
    kind: 'embedded',
    pglite,
    async close() {
      await instance.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
