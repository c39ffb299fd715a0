import { createTestContext, type TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { signIn } from '../helpers/http';

// The session store reads the signed-in user with the session (src/lib/session-store.ts). These
// are the promises that shortcut must keep: always fresh, never a stale or foreign user.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** The SQL the app sends while `fn` runs. */
async function queriesDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const listen = (q: { sql: string }) => seen.push(q.sql);
  ctx.db.on('query', listen);
  try {
    await fn();
  } finally {
    ctx.db.off('query', listen);
  }
  return seen;
}

const sessionIdOf = async (userId: number) =>
  (await ctx.db('http_sessions').whereRaw(`sess #>> '{passport,user}' = ?`, [String(userId)]).first('sid')).sid as string;

it('knows who is signed in from one query that reads the session and the user together', async () => {
  const user = await createUser(ctx.db, { name: 'Una Oneread' });
  const agent = await signIn(ctx.app, user);
  await agent.get('/dashboard');
  const sql = await queriesDuring(async () => expect((await agent.get('/dashboard')).text).toContain('Una Oneread'));
  const sessionReads = sql.filter((q) => q.includes('http_sessions') && q.trimStart().startsWith('select'));
  expect(sessionReads).toHaveLength(1);
  expect(sessionReads[0]).toContain('users');
  expect(sql.filter((q) => /from "users" where "id"/.test(q))).toEqual([]);
});

it('shows a renamed user their new name and a changed role on the very next page', async () => {
  const user = await createUser(ctx.db, { name: 'Old Name' });
  const agent = await signIn(ctx.app, user);
  expect((await agent.get('/dashboard')).text).toContain('Old Name');
  await ctx.db('users').where({ id: user.id }).update({ name: 'New Name', role: 'admin' });
  const page = await agent.get('/dashboard');
  expect(page.text).toContain('New Name');
  expect((await agent.get('/admin/people')).status).toBe(200);
});

it('logs out an account deactivated behind its back, whatever its session row still says', async () => {
  const user = await createUser(ctx.db);
  const agent = await signIn(ctx.app, user);
  expect((await agent.get('/dashboard')).status).toBe(200);
  await ctx.db('users').where({ id: user.id }).update({ active: false });
  const res = await agent.get('/dashboard');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/login');
});

it('treats a session whose user id is not a number as signed out, not as an error', async () => {
  const user = await createUser(ctx.db);
  const agent = await signIn(ctx.app, user);
  const sid = await sessionIdOf(user.id);
  const row = await ctx.db('http_sessions').where({ sid }).first('sess');
  const sess = typeof row.sess === 'string' ? JSON.parse(row.sess) : row.sess;
  await ctx.db('http_sessions').where({ sid }).update({ sess: JSON.stringify({ ...sess, passport: { user: '1 or 1=1' } }) });
  const res = await agent.get('/dashboard');
  expect(res.status).toBe(302);
  expect(res.headers.location).toBe('/login');
});

it('never hands one person’s user to another’s session', async () => {
  const [ann, ben] = await Promise.all([createUser(ctx.db, { name: 'Ann Alpha' }), createUser(ctx.db, { name: 'Ben Beta' })]);
  const [a, b] = await Promise.all([signIn(ctx.app, ann), signIn(ctx.app, ben)]);
  const pages = await Promise.all([a.get('/dashboard'), b.get('/dashboard'), a.get('/dashboard'), b.get('/dashboard')]);
  expect(pages.map((p) => (p.text.includes('Ann Alpha') ? 'ann' : p.text.includes('Ben Beta') ? 'ben' : '?'))).toEqual(['ann', 'ben', 'ann', 'ben']);
});
