import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD } from '../../seeds';
import { APP_PROCESS_ARGS, projectRoot } from '../helpers/app-process';

// The real process on the embedded database: first start migrates and seeds, a login works,
// SIGTERM stops it cleanly, and a second start keeps both the data and the login session.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-boot-'));
const port = 3900 + Math.floor(Math.random() * 90);
const base = `http://127.0.0.1:${port}`;

function start(opts: { dir?: string; onPort?: number } = {}): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: opts.dir ?? dataDir, PORT: String(opts.onPort ?? port), HOST: '127.0.0.1', NODE_ENV: 'development', BASE_URL: base };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  return spawn(process.execPath, APP_PROCESS_ARGS, { cwd: projectRoot, env, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Everything the process writes on stderr (its log), as it comes. */
function logOf(child: ChildProcess): () => string {
  let text = '';
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitForLine(log: () => string, text: string): Promise<void> {
  for (let i = 0; i < 600 && !log().includes(text); i++) await new Promise((r) => setTimeout(r, 100));
  expect(log()).toContain(text);
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 360; i++) {
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('server did not become healthy');
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0];

async function logIn(email: string): Promise<string> {
  const page = await fetch(`${base}/login`);
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieOf(page), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(302);
  return cookieOf(res);
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

it('starts on a fresh embedded database, seeds, logs in, stops gracefully and keeps data and sessions', async () => {
  const first = start();
  await waitForHealth();
  const home = await (await fetch(`${base}/`)).text();
  expect(home).toContain('Overcoming Compassion Fatigue in Library Work');
  const cookie = await logIn('learner@kindred.test');
  const dashboard = await fetch(`${base}/dashboard`, { headers: { cookie }, redirect: 'manual' });
  expect(dashboard.status).toBe(200);
  expect(await stop(first)).toBe(0);

  const second = start();
  try {
    await waitForHealth();
    const again = await fetch(`${base}/dashboard`, { headers: { cookie }, redirect: 'manual' });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Lee Learner');
  } finally {
    expect(await stop(second)).toBe(0);
  }
}, 240_000);

it('refuses, in one line, a second start on the same embedded database or on a taken port, leaving the first at work', async () => {
  const first = start();
  await waitForHealth();
  const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-boot-other-'));
  try {
    const sameData = start({ onPort: port + 100 });
    const sameDataLog = logOf(sameData);
    expect(await exitOf(sameData)).toBe(1);
    expect(sameDataLog().trim()).toBe(`Kindred cannot start: the embedded database in ${dataDir} is in use by another Kindred process (process ${first.pid}). Stop that one first, or give this one its own DATA_DIR.`);

    const samePort = start({ dir: otherDir });
    const samePortLog = logOf(samePort);
    expect(await exitOf(samePort)).toBe(1);
    expect(samePortLog().trim()).toBe(`Kindred cannot start: PORT ${port} is already in use on 127.0.0.1, perhaps by Kindred itself. Stop that program, or set PORT to another number.`);
    // Refused before its database was opened: no database was made there (only the secret the configuration keeps).
    expect(fs.readdirSync(otherDir)).toEqual(['session-secret']);

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  } finally {
    expect(await stop(first)).toBe(0);
    fs.rmSync(otherDir, { recursive: true, force: true });
  }
  // The stop let go of the database: the next start opens it.
  const next = start();
  await waitForHealth();
  expect(await stop(next)).toBe(0);
}, 240_000);

it('finishes preparing a fresh database when asked to stop meanwhile, so the next start opens it', async () => {
  const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-boot-fresh-'));
  try {
    const first = start({ dir: freshDir });
    const log = logOf(first);
    await waitForLine(log, '"message":"preparing the database"');
    expect(await stop(first)).toBe(0);
    expect(log()).toContain('"message":"stopped before starting"');

    const second = start({ dir: freshDir });
    await waitForHealth();
    const home = await (await fetch(`${base}/`)).text();
    expect(home).toContain('Overcoming Compassion Fatigue in Library Work');
    expect(await stop(second)).toBe(0);
  } finally {
    fs.rmSync(freshDir, { recursive: true, force: true });
  }
}, 240_000);
