import request from 'supertest';
import { hashPassword } from '../../src/auth/passwords';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser } from '../helpers/factories';
import { csrfFrom, postForm, signIn } from '../helpers/http';
import { enrolmentOf } from '../helpers/toolkit-factories';
import { cleanText } from '../../src/lib/form-text';

let ctx: TestContext;
let cast: Awaited<ReturnType<typeof createCohorts>>;
beforeAll(async () => {
  ctx = await createTestContext();
  cast = await createCohorts(ctx.db);
});
afterAll(() => ctx.close());

describe('control characters in what people type', () => {
  it('turns page breaks into line breaks and drops the characters that mean nothing, keeping tabs, line ends and every other character', () => {
    expect(cleanText('one\fTwo\vthree\u0085four')).toBe('one\nTwo\nthree\nfour');
    expect(cleanText('a\u0000b\u0001c\u0007d\u001b[31me\u007ff\u009fg')).toBe('abcd[31mefg');
    expect(cleanText('tab\there\r\nnext ✓ שלום 💛 \u202e')).toBe('tab\there\r\nnext ✓ שלום 💛 \u202e');
  });

  it('saves a check-in whose note carries a NUL (PostgreSQL stores none), without it', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = `/sessions/${cast.sessionA.id}/checkins`;
    const res = await postForm(agent, url, { energy: '3', emotionalLoad: '3', boundaries: '3', note: 'before\u0000after, pasted\fwith a page break' }, url);
    expect(res.status).toBe(302);
    const row = await ctx.db('wellbeing_checkins').where({ enrolment_id: await enrolmentOf(ctx.db, cast.sessionA.id, cast.learnerA.id) }).first();
    expect(row.note).toBe('beforeafter, pasted\nwith a page break');
  });

  it('cleans JSON bodies and nested fields alike, and leaves passwords as typed', async () => {
    const typed = 'pass\u0007word-long-enough';
    const user = await createUser(ctx.db);
    await ctx.db('users').where({ id: user.id }).update({ password_hash: await hashPassword(typed) });
    // Signing in with the password as typed works: the bell was not taken out of it.
    const agent = await signIn(ctx.app, { ...user, password: typed });
    const token = await csrfFrom(agent, '/account/name');
    const res = await agent.post('/account/name').set('Accept', 'text/html').type('json').send({ _csrf: token, name: 'Pat\u0000 Reader' });
    expect(res.status).toBe(302);
    expect((await ctx.db('users').where({ id: user.id }).first()).name).toBe('Pat Reader');
  });
});

describe('a request body the app cannot take', () => {
  it('answers a form too large with the site’s own page, saying nothing was saved', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const token = await csrfFrom(agent, '/account/name');
    const res = await agent.post('/account/name').type('form').send({ _csrf: token, name: 'x'.repeat(1_000_000) });
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('That was more text than we can take in one go, so nothing was saved.');
    expect(res.text).toContain('<a href="/account"'); // the page's own navigation, signed in
  });

  it('answers a body that is not what it claims with the site’s own page', async () => {
    const res = await request(ctx.app).post('/login').set('Content-Type', 'application/json').set('Accept', 'text/html').send('{"a":');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('We could not read that request.');
  });
});
