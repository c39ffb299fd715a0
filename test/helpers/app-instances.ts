import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import { createPostgresDb, type Database } from '../../src/db';
import { seedDatabase } from '../../seeds';
import type { TestUser } from './factories';
import { APP_PROCESS_ARGS, projectRoot } from './app-process';
import { adminUrl, databaseUrl } from './pg-urls';

// Real app processes on one PostgreSQL database, as behind a load balancer (test/scale), and the
// HTTP and Socket.io clients that talk to them, or to a proxy in front of them, as a browser does.

/** Where requests go: one instance, or a proxy in front of several. */
export interface Endpoint {
  base: string;
}

export interface Instance extends Endpoint {
  name: string;
  port: number;
  child: ChildProcess;
  stderr: string[];
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A database of its own, copied from the test template and seeded, for instances to share. */
export interface SharedDatabase {
  name: string;
  url: string;
  database: Database;
  admin: Database;
  /** A directory for the instances' own data and their shared uploads. */
  dataDir: string;
  drop(): Promise<void>;
}

export async function createSharedDatabase(prefix: string): Promise<SharedDatabase> {
  const testUrl = process.env.TEST_DATABASE_URL;
  const template = process.env.KINDRED_TEST_TEMPLATE;
  if (!testUrl || !template) throw new Error('test/scale needs TEST_DATABASE_URL and the template database made by global setup');
  const name = `kindred_${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = createPostgresDb(adminUrl(testUrl), { min: 0, max: 1 });
  await admin.knex.raw(`create database ${name} template ${template}`);
  const url = databaseUrl(testUrl, name);
  const database = createPostgresDb(url, { min: 0, max: 4 });
  // Seeded once here, so instances starting together all find it done.
  await seedDatabase(database.knex, { demo: false });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `kindred-${prefix}-`));
  return {
    name,
    url,
    database,
    admin,
    dataDir,
    async drop() {
      await database.close();
      await admin.knex.raw(`drop database if exists ${name} with (force)`);
      await admin.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the app as its own process; `waitForHealth` says when it answers. */
export async function startInstance(name: string, shared: Pick<SharedDatabase, 'url' | 'dataDir'>, sessionSecret: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<Instance> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: shared.url,
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: base,
    SESSION_SECRET: sessionSecret,
    DATA_DIR: path.join(shared.dataDir, name),
    UPLOAD_DIR: path.join(shared.dataDir, 'uploads'),
    LOGIN_RATE_LIMIT: '1000',
    ...extraEnv,
  };
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, APP_PROCESS_ARGS, { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  return { name, base, port, child, stderr };
}

export async function waitForHealth(instance: Instance): Promise<void> {
  for (let i = 0; i < 240; i++) {
    if (instance.child.exitCode !== null) throw new Error(`instance ${instance.name} exited: ${instance.stderr.join('')}`);
    try {
      const res = await fetch(`${instance.base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`instance ${instance.name} did not become healthy: ${instance.stderr.join('')}`);
}

export function stopInstance(instance: Instance | undefined): Promise<number | null> {
  if (!instance || instance.child.exitCode !== null) return Promise.resolve(instance?.child.exitCode ?? null);
  return new Promise((resolve) => {
    // A process that ignores SIGTERM is killed (and then reports no exit code, failing the test that waits for 0).
    const kill = setTimeout(() => instance.child.kill('SIGKILL'), 15_000);
    instance.child.once('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    });
    instance.child.kill('SIGTERM');
  });
}

export const sessionCookie = (res: Response): string | undefined => {
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kindred.sid='));
  return cookie ? cookie.split(';')[0] : undefined;
};

export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1];
}

export async function get(at: Endpoint, pagePath: string, cookie?: string): Promise<Response> {
  return fetch(`${at.base}${pagePath}`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
}

/** Posts a form the way a browser does: the token comes from `tokenPage`. */
export async function postForm(at: Endpoint, url: string, cookie: string, data: Record<string, string>, tokenPage: string): Promise<Response> {
  const token = csrfOf(await (await get(at, tokenPage, cookie)).text());
  return fetch(`${at.base}${url}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, ...data }),
  });
}

/** Logs in through the real login form; returns the session cookie. */
export async function logIn(at: Endpoint, user: TestUser): Promise<string> {
  const page = await get(at, '/login');
  const anonymous = sessionCookie(page);
  const res = await fetch(`${at.base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...(anonymous ? { cookie: anonymous } : {}), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(await page.text()), email: user.email, password: user.password }),
  });
  const cookie = sessionCookie(res) ?? anonymous;
  if (res.status !== 302 || !cookie) throw new Error(`login failed for ${user.email} at ${at.base}: ${res.status}`);
  return cookie;
}

export type Transport = 'websocket' | 'polling';

/**
 * A Socket.io client as the thread page's script makes it, carrying the login cookie, joined to
 * `room`. `transports` narrows how it may connect (the page's script allows both).
 */
export async function watch(
  at: Endpoint,
  cookie: string,
  room: string,
  opened: Socket[],
  transports: Transport[] = ['websocket', 'polling'],
): Promise<{ socket: Socket; joined: { ok: boolean; error?: string } }> {
  const socket = connectSocket(at.base, { transports, extraHeaders: { cookie }, reconnection: false, forceNew: true });
  opened.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const joined = await socket.timeout(5000).emitWithAck('discussion:join', room);
  return { socket, joined };
}

export interface LivePayload {
  threadId: number;
  postId: number;
  html: string;
}

export function nextEvent(socket: Socket, event: string, postId?: number, timeoutMs = 10_000): Promise<LivePayload> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    function listener(payload: LivePayload) {
      if (postId !== undefined && payload.postId !== postId) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    }
    socket.on(event, listener);
  });
}
