import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Server } from 'socket.io';
import type { Database } from '../db';
import type { Logger } from './logger';

/** How Socket.io reaches sockets held by other app instances. */
export interface SocketAdapter {
  kind: 'postgres' | 'memory';
  /** Closes Socket.io (its adapter first, so peers forget this instance) and the adapter's pool. */
  close(): Promise<void>;
}

export interface SocketAdapterOptions {
  database: Pick<Database, 'kind'>;
  databaseUrl?: string;
  logger: Logger;
  /** How often, and after how long, oversized payloads are deleted from `socket_io_attachments`. */
  cleanupIntervalMs?: number;
}

/**
 * On PostgreSQL, Socket.io broadcasts go through LISTEN/NOTIFY, so an event emitted on one
 * instance reaches sockets connected to any other; the embedded database serves one process
 * only and keeps the default in-memory adapter.
 */
export function attachSocketAdapter(io: Server, opts: SocketAdapterOptions): SocketAdapter {
  if (opts.database.kind !== 'postgres' || !opts.databaseUrl) {
    return { kind: 'memory', close: () => io.close() };
  }
  const { logger } = opts;
  // Its own small pool: one connection stays checked out for LISTEN, the others send NOTIFY and clean up.
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 4, idleTimeoutMillis: 30_000 });
  pool.on('error', (err) => logger.warn('socket adapter: idle database connection failed', { error: String(err) }));
  // The LISTEN connection stays checked out, so the pool's own error listener is not on it: without
  // this one a dropped connection would crash the process instead of letting the adapter reconnect.
  // The adapter then opens a new LISTEN connection but never hands the dead one back, and
  // pool.end() would wait for it forever; `lost` remembers such connections for close().
  const held = new Set<pg.PoolClient>();
  const lost = new Set<pg.PoolClient>();
  pool.on('acquire', (client) => held.add(client));
  pool.on('release', (_err, client) => {
    held.delete(client);
    lost.delete(client);
  });
  pool.on('connect', (client) => {
    client.on('error', (err) => logger.warn('socket adapter: database connection lost', { error: String(err) }));
    client.on('end', () => {
      if (held.has(client)) lost.add(client);
    });
  });
  io.adapter(
    createAdapter(pool, {
      tableName: 'socket_io_attachments',
      cleanupInterval: opts.cleanupIntervalMs ?? 30_000,
      errorHandler: (err) => logger.warn('socket adapter error', { error: String(err) }),
    }),
  );
  return {
    kind: 'postgres',
    async close() {
      await io.close();
      for (const client of lost) {
        if (held.has(client)) client.release(new Error('connection lost'));
      }
      await pool.end();
    },
  };
}
