import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser } from '../helpers/factories';
import { csrfFrom, readable, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const longReply = 'Some days the desk feels heavy.\nI keep <b>going</b> & I keep listening.';

describe('a send refused for another reason', () => {
  it('hands back the text on the refusal page (not found, not allowed, too late), never a password, and nothing on a plain visit', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const missing = await agent.post('/threads/999999/replies').set('x-csrf-token', await csrfFrom(agent, '/dashboard')).type('form').send({ body: longReply, parent_id: '12' });
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('<h2>What you wrote</h2>');
    expect(missing.text).toContain('Some days the desk feels heavy.\nI keep &lt;b&gt;going&lt;/b&gt; &amp; I keep listening.</textarea>');
    expect(missing.text).not.toContain('>12</textarea>');

    const c = await createCohorts(ctx.db);
    const learner = await signIn(ctx.app, c.learnerA);
    const staffOnly = await learner
      .post(`/sessions/${c.sessionA.id}/announcements`)
      .set('x-csrf-token', await csrfFrom(learner, '/dashboard'))
      .type('form')
      .send({ title: 'Words', body: longReply, password: 'my secret passphrase' });
    expect(staffOnly.status).toBe(403);
    expect(readable(staffOnly.text)).toContain('Only the session’s instructors can post or change announcements.');
    expect(staffOnly.text).toContain('>Words</textarea>');
    expect(staffOnly.text).not.toContain('my secret passphrase');
    expect(await ctx.db('announcements').where({ course_session_id: c.sessionA.id })).toHaveLength(0);

    const visit = await agent.get('/threads/999999?body=Visible');
    expect(visit.status).toBe(404);
    expect(visit.text).not.toContain('What you wrote');
  });
});

describe('a form refused for its expired token', () => {
  it('hands a signed-in writer back their text to copy, escaped, with the way back', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const res = await agent
      .post('/threads/1/replies')
      .set('referer', `${ctx.config.baseUrl}/threads/1?page=2`)
      .type('form')
      .send({ _csrf: 'stale', body: longReply, content_note: 'grief', parent_id: '12', rev: '34', draft_rev: '56' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form had expired');
    expect(res.text).toContain('Nothing was changed.');
    expect(res.text).toContain('Some days the desk feels heavy.\nI keep &lt;b&gt;going&lt;/b&gt; &amp; I keep listening.</textarea>');
    expect(res.text).toMatch(/<label for="kept-0">Your text<\/label>\s*<textarea id="kept-0" readonly/);
    expect(res.text).toContain('<label for="kept-1">Content note</label>');
    expect(res.text).not.toContain('>12</textarea>');
    expect(res.text).not.toContain('>34</textarea>');
    expect(res.text).not.toContain('>56</textarea>');
    expect(res.text).toContain('href="/threads/1?page=2">Open the page again</a>');
    expect(res.text).not.toContain('is not open to your account');
  });

  it('leads back only to a page of this site, even from one of its addresses whose path names another', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const res = await agent.post('/threads/1/replies').set('referer', `${ctx.config.baseUrl}//elsewhere.example/threads/1`).type('form').send({ _csrf: 'stale', body: 'My words' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('My words</textarea>');
    expect(res.text).not.toContain('elsewhere.example');
    expect(res.text).not.toContain('Open the page again');
  });

  it('tells a signed-out visitor to log in again, and never shows a password back', async () => {
    const email = `expired-${Date.now()}@example.test`;
    const res = await request(ctx.app)
      .post('/register')
      .set('referer', 'https://elsewhere.example/register')
      .type('form')
      .send({ _csrf: 'gone', name: 'Rosa Expired', email, password: 'my secret passphrase' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your login had ended');
    expect(res.text).toContain('href="/login">Log in again</a>');
    expect(res.text).toContain('Rosa Expired</textarea>');
    expect(res.text).not.toContain('my secret passphrase');
    expect(res.text).not.toContain('Open the page again');
    expect(await ctx.db('users').where({ email })).toHaveLength(0);
  });

  it('brings a signed-out writer who logs in again back to the page the form was on, to paste their text in', async () => {
    const user = await createUser(ctx.db);
    const agent = request.agent(ctx.app);
    const page = '/sessions/1/weeks/1/reflection';
    const res = await agent.post(`${page}/submit`).set('referer', `${ctx.config.baseUrl}${page}`).type('form').send({ _csrf: 'gone', text: 'An hour of writing.' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your login had ended');
    const token = await csrfFrom(agent, '/login');
    const login = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: user.password });
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe(page);
  });

  it('does not lead a writer who logs in again to a form’s own address, which only takes sends (a refused send’s page is shown there)', async () => {
    const user = await createUser(ctx.db);
    const agent = request.agent(ctx.app);
    const action = '/sessions/1/weeks/1/reflection/submit';
    const res = await agent.post(action).set('referer', `${ctx.config.baseUrl}${action}`).type('form').send({ _csrf: 'gone', text: 'An hour of writing.' });
    expect(res.status).toBe(403);
    const token = await csrfFrom(agent, '/login');
    const login = await agent.post('/login').type('form').send({ _csrf: token, email: user.email, password: user.password });
    expect(login.headers.location).toBe('/dashboard');
  });

  it('says so without a text section when nothing was typed', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const res = await agent.post('/logout').type('form').send({ _csrf: 'stale' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form had expired');
    expect(res.text).not.toContain('What you wrote');
    expect((await agent.get('/dashboard')).status).toBe(200);
  });

  it('hands back the text of a form with files (a reflection)', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const res = await agent
      .post('/sessions/1/weeks/1/reflection/submit')
      .field('_csrf', 'stale')
      .field('text', 'A long reflection\nwritten over an hour.')
      .attach('files', Buffer.from('%PDF-1.4 notes'), { filename: 'notes.pdf', contentType: 'application/pdf' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form had expired');
    expect(res.text).toContain('A long reflection\nwritten over an hour.</textarea>');
    expect(res.text).toContain('<label for="kept-0">Your text</label>');
  });

  it('answers scripts with JSON as before', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const res = await agent.post('/threads/1/replies').set('accept', 'application/json').send({ _csrf: 'stale', body: longReply });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: expect.stringContaining('nothing was changed') });
  });
});

describe('a save by a script refused for its expired token', () => {
  it('tells a writer whose login ended to copy their text and log in again in a new tab, never to reload the page it is in', async () => {
    const res = await request(ctx.app).post('/sessions/1/weeks/1/reflection/draft').set('accept', 'application/json').send({ _csrf: 'gone', text: 'Unsaved words' });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('Your login has ended, so nothing was changed. Copy your text somewhere safe, log in again in a new tab, then save it here.');
  });

  it('tells a signed-in writer on a page gone stale to copy their text before reloading', async () => {
    const agent = await signIn(ctx.app, await createUser(ctx.db));
    const res = await agent.post('/sessions/1/weeks/1/reflection/draft').set('accept', 'application/json').send({ _csrf: 'stale', text: 'Unsaved words' });
    expect(res.status).toBe(403);
    expect(res.body.error).toBe('This page is out of date, so nothing was changed. Copy your text somewhere safe, then reload the page and paste it back in.');
  });
});

describe('a form sent after logging out, with a still-valid token', () => {
  it('asks to log in again and hands back the text', async () => {
    const agent = request.agent(ctx.app);
    const token = await csrfFrom(agent, '/login');
    const res = await agent.post('/threads/1/replies').type('form').send({ _csrf: token, body: longReply });
    expect(res.status).toBe(401);
    expect(res.text).toContain('Please log in again');
    expect(res.text).toContain('I keep &lt;b&gt;going&lt;/b&gt; &amp; I keep listening.</textarea>');
  });
});
