import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { PostgresAdapter } from '@socket.io/postgres-adapter';
import { Server } from 'socket.io';
import { createPostgresDb, type Database } from '../../src/db';
import { silentLogger } from '../../src/lib/logger';
import { attachSocketAdapter } from '../../src/lib/socket-adapter';
import { adminUrl, databaseUrl } from '../helpers/pg-urls';

// The choice of Socket.io adapter, in process. The cross-instance behaviour itself is shown by
// two-instances.test.ts with real app processes.
const dbName = `kindred_sock_${randomBytes(6).toString('hex')}`;
let admin: Database;
let url: string;

beforeAll(async () => {
  const testUrl = process.env.TEST_DATABASE_URL;
  const template = process.env.KINDRED_TEST_TEMPLATE;
  if (!testUrl || !template) throw new Error('test/scale needs TEST_DATABASE_URL and the template database made by global setup');
  admin = createPostgresDb(adminUrl(testUrl), { min: 0, max: 1 });
  await admin.knex.raw(`create database ${dbName} template ${template}`);
  url = databaseUrl(testUrl, dbName);
});

afterAll(async () => {
  await admin.knex.raw(`drop database if exists ${dbName} with (force)`);
  await admin.close();
});

async function listenerPids(): Promise<number[]> {
  const { rows } = await admin.knex.raw(`select pid from pg_stat_activity where datname = ? and query like 'LISTEN %'`, [dbName]);
  return rows.map((r: { pid: number }) => r.pid);
}

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  for (let waited = 0; waited < ms && !(await check()); waited += 50) await new Promise((r) => setTimeout(r, 50));
}

async function adapterConnections(): Promise<number> {
  const { rows } = await admin.knex.raw('select count(*)::int as n from pg_stat_activity where datname = ?', [dbName]);
  return rows[0].n;
}

describe('attachSocketAdapter', () => {
  it('keeps the in-memory adapter on the embedded database, even with a database URL given', async () => {
    const io = new Server(http.createServer());
    const adapter = attachSocketAdapter(io, { database: { kind: 'embedded' }, databaseUrl: url, logger: silentLogger });
    expect(adapter.kind).toBe('memory');
    expect(io.of('/').adapter).not.toBeInstanceOf(PostgresAdapter);
    await adapter.close();
  });

  it('uses the PostgreSQL adapter on PostgreSQL, listening on its own connection, and lets it go on close', async () => {
    const io = new Server(http.createServer());
    const adapter = attachSocketAdapter(io, { database: { kind: 'postgres' }, databaseUrl: url, logger: silentLogger });
    expect(adapter.kind).toBe('postgres');
    expect(io.of('/').adapter).toBeInstanceOf(PostgresAdapter);
    for (let i = 0; i < 50 && (await adapterConnections()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await adapterConnections()).toBeGreaterThan(0);

    await adapter.close();
    for (let i = 0; i < 50 && (await adapterConnections()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await adapterConnections()).toBe(0);
  });

  it('survives losing its LISTEN connection (database restart, failover), listens again and still closes promptly', async () => {
    const io = new Server(http.createServer());
    const adapter = attachSocketAdapter(io, { database: { kind: 'postgres' }, databaseUrl: url, logger: silentLogger });
    await waitFor(async () => (await listenerPids()).length === 1);
    const [first] = await listenerPids();
    await admin.knex.raw('select pg_terminate_backend(?)', [first]);
    // The adapter reconnects after 1 to 3 s; an unhandled connection error would have crashed the process.
    await waitFor(async () => {
      const pids = await listenerPids();
      return pids.length === 1 && pids[0] !== first;
    }, 8000);
    const pids = await listenerPids();
    expect(pids).toHaveLength(1);
    expect(pids[0]).not.toBe(first);
    await adapter.close();
  }, 20_000);
});
