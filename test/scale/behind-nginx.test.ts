import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { createThread } from '../helpers/discussions-factories';
import {
  createSharedDatabase,
  freePort,
  get,
  logIn,
  nextEvent,
  postForm,
  sessionCookie,
  startInstance,
  stopInstance,
  waitForHealth,
  watch,
  type Instance,
  type SharedDatabase,
} from '../helpers/app-instances';
import { checkNginxConf, localNginxConf, startNginx, type RunningNginx } from '../helpers/nginx';
import { pdfBytes } from '../helpers/reflections-factories';

// The reverse proxy of docker-compose.yml (deploy/nginx.conf), run by the real nginx in front of
// two real app processes on one PostgreSQL database: sticky routing for Socket.io's long polling,
// WebSocket upgrades, large uploads and an instance going away.
const SESSION_SECRET = `nginx-${randomBytes(24).toString('hex')}`;

let shared: SharedDatabase;
let a: Instance;
let b: Instance;
let proxy: RunningNginx;
let nginxDir: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  shared = await createSharedDatabase('nginx');
  nginxDir = fs.mkdtempSync(path.join(shared.dataDir, 'nginx-'));
  const proxyPort = await freePort();
  // As in docker-compose.yml: the address people use is the proxy's, and the app trusts its one hop.
  const env = { BASE_URL: `http://127.0.0.1:${proxyPort}`, TRUST_PROXY: 'true' };
  [a, b] = await Promise.all([startInstance('a', shared, SESSION_SECRET, env), startInstance('b', shared, SESSION_SECRET, env)]);
  await Promise.all([waitForHealth(a), waitForHealth(b)]);
  proxy = await startNginx(nginxDir, proxyPort, [a.port, b.port]);
}, 90_000);

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await proxy?.stop();
  await Promise.all([stopInstance(a), stopInstance(b)]);
  await shared?.drop();
}, 30_000);

const db = () => shared.database.knex;

/** The instance (host:port) that answered each request whose path starts with `prefix`, once `count` are logged. */
async function answeredBy(prefix: string, count: number): Promise<Map<string, string>> {
  const rows = await proxy.routed((all) => all.filter((r) => r.uri.startsWith(prefix)).length >= count);
  return new Map(rows.filter((r) => r.uri.startsWith(prefix)).map((r) => [r.uri, r.upstreams.at(-1)!]));
}

async function cohortWithThread() {
  const c = await createCohorts(db());
  const viewer = await createUser(db(), { name: 'Vera Viewer' });
  await enrol(db(), c.sessionA.id, viewer.id);
  const t = await createThread(db(), { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id, title: 'How was your week?' });
  return { ...c, viewer, ...t, room: `thread:${t.threadId}` };
}

describe('deploy/nginx.conf in front of two instances', () => {
  it('is accepted by nginx -t', () => {
    const confPath = path.join(nginxDir, 'checked.conf');
    fs.writeFileSync(confPath, localNginxConf(nginxDir, 1, [a.port, b.port]));
    const checked = checkNginxConf(confPath, nginxDir);
    expect(checked.output).toContain('test is successful');
    expect(checked.status).toBe(0);
  });

  it('sends every request with one session cookie to one instance, and spreads different cookies over both', async () => {
    const cookies: string[] = [];
    for (let i = 0; i < 16; i++) {
      const cookie = sessionCookie(await get(proxy, '/login'));
      if (!cookie) throw new Error('the login page set no session cookie');
      cookies.push(cookie);
    }
    for (const [i, cookie] of cookies.entries()) {
      for (let j = 0; j < 4; j++) expect((await get(proxy, `/sticky-${i}/${j}`, cookie)).status).toBe(404);
    }
    const byPath = await answeredBy('/sticky-', 64);
    expect(byPath.size).toBe(64);
    for (let i = 0; i < cookies.length; i++) {
      const instances = new Set([0, 1, 2, 3].map((j) => byPath.get(`/sticky-${i}/${j}`)));
      expect(instances.size).toBe(1);
    }
    // Sixteen random cookies all hashed to one instance: one chance in 32,768.
    expect(new Set(byPath.values())).toEqual(new Set([`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`]));
  });

  it('sends requests without a cookie by the visitor’s address, all to one instance', async () => {
    for (let j = 0; j < 8; j++) await get(proxy, `/by-address/${j}`);
    expect(new Set((await answeredBy('/by-address/', 8)).values()).size).toBe(1);
  });

  it('keeps Socket.io long polling on the instance that holds the connection, and delivers a reply made through the proxy', async () => {
    const c = await cohortWithThread();
    const reader = await watch(proxy, await logIn(proxy, c.viewer), c.room, sockets, ['polling']);
    expect(reader.joined).toEqual({ ok: true });
    expect(reader.socket.io.engine.transport.name).toBe('polling');

    const author = await logIn(proxy, c.learnerA);
    const arrival = nextEvent(reader.socket, 'post:created');
    const res = await postForm(proxy, `/threads/${c.threadId}/replies`, author, { body: 'Read by a browser that can only poll.' }, `/threads/${c.threadId}`);
    expect(res.status).toBe(302);
    expect((await arrival).html).toContain('Read by a browser that can only poll.');
    
  }, 30_000);

  it('upgrades to a WebSocket through the proxy and delivers a moderator’s hiding over it', async () => {
    const c = await cohortWithThread();
    const author = await logIn(proxy, c.learnerA);
    await postForm(proxy, `/threads/${c.threadId}/replies`, author, { body: 'Words a moderator will hide.' }, `/threads/${c.threadId}`);
    const post = await db()('discussion_posts').where({ thread_id: c.threadId, author_id: c.learnerA.id }).first('id');
    const reader = await watch(proxy, await logIn(proxy, c.viewer), c.room, sockets, ['websocket']);
    expect(reader.joined).toEqual({ ok: true });
    expect(reader.socket.io.engine.transport.name).toBe('websocket');

    const hidden = nextEvent(reader.socket, 'post:hidden', post.id);
    const staff = await logIn(proxy, c.instructorA);
    expect((await postForm(proxy, `/posts/${post.id}/hide`, staff, { reason: 'Kept kind' }, `/threads/${c.threadId}`)).status).toBe(302);
    expect((await hidden).html).toContain('This post was hidden by a moderator.');
  }, 30_000);

  it('takes a reflection with a 5 MB file through the proxy (nginx alone would refuse more than 1 MB), which both instances then give back', async () => {
    const c = await createCohorts(db());
    const cookie = await logIn(proxy, c.learnerA);
    const pagePath = `/sessions/${c.sessionA.id}/weeks/1/reflection`;
    const page = await (await get(proxy, pagePath, cookie)).text();
    const form = /<form[^>]*action="([^"]+)"[^>]*enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)">/.exec(page);
    if (!form) throw new Error(`no upload form on ${pagePath}`);
    const big = pdfBytes('x'.repeat(5 * 1024 * 1024));
    const body = new FormData();
    body.append('_csrf', form[2]);
    body.append('text', 'My reflection, with my notes attached.');
    body.append('files', new Blob([new Uint8Array(big)], { type: 'application/pdf' }), 'notes.pdf');
    const action = form[1].replace(/&amp;/g, '&').replace(/#.*$/, '');
    const res = await fetch(`${proxy.base}${action}`, { method: 'POST', redirect: 'manual', headers: { cookie }, body });
    expect(res.status).toBe(302);
    const file = await db()('reflection_files as f')
      .join('reflection_versions as v', 'v.id', 'f.reflection_version_id')
      .join('reflections as r', 'r.id', 'v.reflection_id')
      .join('enrolments as e', 'e.id', 'r.enrolment_id')
      .where({ 'e.user_id': c.learnerA.id })
      .first('f.id', 'f.size_bytes', 'f.storage_key');
    expect(file.size_bytes).toBe(big.length);
    expect(fs.statSync(path.join(shared.dataDir, 'uploads', file.storage_key)).size).toBe(big.length);
    // The uploads directory is shared: whichever instance took the file, both give it back.
    for (const instance of [a, b]) {
      const download = await get(instance, `/reflection-files/${file.id}`, cookie);
      expect({ instance: instance.name, status: download.status }).toEqual({ instance: instance.name, status: 200 });
      expect(Buffer.from(await download.arrayBuffer()).equals(big)).toBe(true);
    }
  }, 30_000);

  it('keeps answering when one instance stops: a learner whose cookie led there reaches the other, still logged in', async () => {
    const c = await createCohorts(db());
    const cookie = await logIn(proxy, c.learnerA);
    expect((await get(proxy, '/dashboard?before', cookie)).status).toBe(200);
    const home = (await answeredBy('/dashboard?before', 1)).get('/dashboard?before');
    const [gone, left] = home === `127.0.0.1:${a.port}` ? [a, b] : [b, a];
    const stopping = performance.now();
    expect(await stopInstance(gone)).toBe(0);
    // nginx keeps connections to the instance open; the stop must not wait out Node's 5 s keep-alive on them.
    expect(performance.now() - stopping).toBeLessThan(4000);

    const res = await get(proxy, '/dashboard?after', cookie);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(c.learnerA.name);
    expect((await answeredBy('/dashboard?after', 1)).get('/dashboard?after')).toBe(`127.0.0.1:${left.port}`);
    for (let j = 0; j < 4; j++) expect((await get(proxy, '/healthz')).status).toBe(200);
  }, 30_000);
});
