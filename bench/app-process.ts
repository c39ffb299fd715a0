import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BenchTarget } from './seed-large';

export const repoRoot = path.resolve(__dirname, '..');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A free TCP port on 127.0.0.1 (asked of the OS, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Peak and current resident memory of a process, in kB, from /proc (Linux only). */
export function readMemory(pid: number): { hwmKb: number; rssKb: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { hwmKb: field('VmHWM'), rssKb: field('VmRSS') };
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc, 100 ticks a second). */
export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/**
 * CPU time used so far by every PostgreSQL server process on this machine, in ms; undefined when
 * none is visible (the embedded database runs inside the app, so its CPU is the app's).
 */
export function postgresCpuMs(): number | undefined {
  let total = 0;
  let found = false;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let comm: string;
    try {
      comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
    } catch {
      continue; // the process ended while we looked
    }
    if (comm !== 'postgres') continue;
    const ms = readCpuMs(Number(entry));
    if (ms === undefined) continue;
    total += ms;
    found = true;
  }
  return found ? total : undefined;
}

export interface RunningProcess {
  url: string;
  port: number;
  pid: number;
  /** Milliseconds from spawn until the health check answered 200. */
  readyMs: number;
  /** The highest resident set seen so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** The last lines the process wrote. */
  logs(): string[];
  alive(): boolean;
  /** CPU time used so far, in ms. */
  cpuMs(): number;
  /** CPU time used so far by its database server, when that runs on this machine. */
  dbCpuMs?: () => number | undefined;
  stop(): Promise<void>;
}

interface SpawnOptions {
  args: string[];
  env: NodeJS.ProcessEnv;
  readyPath: string;
  timeoutMs: number;
  port: number;
}

/** Spawns a process listening on 127.0.0.1:port and waits until `readyPath` answers 200. */
export async function spawnServer(opts: SpawnOptions): Promise<RunningProcess> {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, opts.args, { cwd: repoRoot, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(line);
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited: number | null = null;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exited = code ?? -1;
      resolve();
    }),
  );
  const pid = child.pid ?? -1;
  let peakKb = 0;
  const sample = () => {
    const m = readMemory(pid);
    if (m) peakKb = Math.max(peakKb, m.hwmKb, m.rssKb);
  };
  const sampler = setInterval(sample, 250);
  const url = `http://127.0.0.1:${opts.port}`;
  const stop = async () => {
    sample();
    clearInterval(sampler);
    if (exited === null) {
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 8000);
      await exitPromise;
      clearTimeout(force);
    }
  };

  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) {
      clearInterval(sampler);
      throw new Error(`process exited with ${exited} before it was ready:\n${lines.slice(-15).join('\n')}`);
    }
    try {
      const res = await fetch(`${url}${opts.readyPath}`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        return { url, port: opts.port, pid, readyMs: performance.now() - started, peakRssMb: () => (sample(), peakKb / 1024), logs: () => lines.slice(), alive: () => exited === null, cpuMs: () => readCpuMs(pid) ?? NaN, stop };
      }
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
  await stop();
  throw new Error(`not ready after ${opts.timeoutMs} ms:\n${lines.slice(-15).join('\n')}`);
}

// One secret for every instance of a run, so a login made on one instance is valid on another.
const sessionSecret = randomBytes(32).toString('hex');

/**
 * The node arguments of `npm start` (package.json), so the app runs here with the flags it has in
 * production (the heap limit among them).
 */
export function productionNodeArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = pkg.scripts.start.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`npm start runs "${command}", not node: update bench/app-process.ts`);
  return args.map((arg) => (arg.endsWith('.js') ? path.join(repoRoot, arg) : arg));
}

/** The built app, started as `npm start` starts it, in production mode against a seeded database. */
export async function startApp(target: BenchTarget, extraEnv: Record<string, string> = {}, timeoutMs = 60_000): Promise<RunningProcess> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  delete env.NODE_OPTIONS;
  Object.assign(env, {
    NODE_ENV: 'production',
    SESSION_SECRET: sessionSecret,
    // As behind the reverse proxy: the client address comes from X-Forwarded-For (one hop).
    TRUST_PROXY: 'true',
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: `http://127.0.0.1:${port}`,
    ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : { DATA_DIR: target.dataDir }),
    ...extraEnv,
  });
  const app = await spawnServer({ args: productionNodeArgs(), env, readyPath: '/healthz', timeoutMs, port });
  return isLocalServer(target.databaseUrl) ? { ...app, dbCpuMs: postgresCpuMs } : app;
}

/** The server's host as the pg driver reads the URL: `?host=` wins, and a directory means a Unix socket. */
export function databaseHost(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return url.searchParams.get('host') ?? decodeURIComponent(url.hostname);
}

function isLocalServer(databaseUrl: string | undefined): boolean {
  if (!databaseUrl) return false;
  const host = databaseHost(databaseUrl);
  if (host.startsWith('/')) return true; // a Unix socket is always on this machine
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]';
}

/** The cookie pairs (name=value) of a response's Set-Cookie headers. */
function cookiesOf(res: Response): string[] {
  return res.headers.getSetCookie().map((c) => c.split(';')[0]);
}

/** Logs in through the real login form, as a browser would, and returns the session cookie. */
export async function logIn(baseUrl: string, email: string, password: string): Promise<string> {
  const page = await fetch(`${baseUrl}/login`, { redirect: 'manual' });
  const html = await page.text();
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error(`no CSRF token on /login (status ${page.status})`);
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookiesOf(page).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  await res.arrayBuffer();
  const cookie = cookiesOf(res).find((c) => c.startsWith('kindred.sid='));
  if (res.status !== 302 || !cookie) throw new Error(`login as ${email} failed with status ${res.status}`);
  return cookie;
}

/** A GET as a browser without JavaScript would make it: status, body and byte size. */
export async function probe(url: string, cookie?: string): Promise<{ status: number; bytes: number; body: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Like autocannon, ask for the page uncompressed, so sizes and timings compare.
      const res = await fetch(url, { redirect: 'manual', headers: { 'accept-encoding': 'identity', ...(cookie ? { cookie } : {}) } });
      const buf = Buffer.from(await res.arrayBuffer());
      return { status: res.status, bytes: buf.length, body: buf.toString('utf8') };
    } catch (err) {
      // A kept-alive connection the server has just closed fails once; a fresh one does not.
      if (attempt >= 3) throw err;
      await sleep(200);
    }
  }
}
