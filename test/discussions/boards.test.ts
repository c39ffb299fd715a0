import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createSession, createUser, enrol } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';
import { createReplies, createThread } from '../helpers/discussions-factories';
import { unreadCountsForSessions } from '../../src/discussions';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const board = (sessionId: number, week = 1) => `/sessions/${sessionId}/weeks/${week}/discussion`;

async function startThread(agent: Awaited<ReturnType<typeof signIn>>, sessionId: number, form: Record<string, string>, week = 1) {
  return postForm(agent, `${board(sessionId, week)}/threads`, form, board(sessionId, week));
}

describe('boards and access', () => {
  it('shows a learner the open weeks of their own session and 404s every page of another session', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionB.id, courseId: c.course.id, authorId: c.learnerB.id, title: 'Only for B' });
    const agent = await signIn(ctx.app, c.learnerA);

    const boards = await agent.get(`/sessions/${c.sessionA.id}/discussions`);
    expect(boards.status).toBe(200);
    expect(boards.text).toContain(`${board(c.sessionA.id, 1)}`);
    expect(boards.text).not.toContain(`${board(c.sessionA.id, 2)}`); // week 2 opens in six days

    expect((await agent.get(`/sessions/${c.sessionB.id}/discussions`)).status).toBe(404);
    expect((await agent.get(board(c.sessionB.id))).status).toBe(404);
    expect((await agent.get(`/threads/${threadId}`)).status).toBe(404);
    expect((await postForm(agent, `/threads/${threadId}/replies`, { body: 'sneaky' }, board(c.sessionA.id))).status).toBe(404);
    expect((await startThread(agent, c.sessionB.id, { title: 'x', body: 'y' })).status).toBe(404);
    expect(await ctx.db('discussion_posts').where({ author_id: c.learnerA.id }).count('* as n').first()).toMatchObject({ n: 0 });
  });

  it('keeps a week that has not opened closed to learners but open to its instructor', async () => {
    const c = await createCohorts(ctx.db);
    const early = await (await signIn(ctx.app, c.learnerA)).get(board(c.sessionA.id, 2));
    expect(early.text).toContain('This week opens on');
    expect(early.text).not.toContain('Discuss week 2.');
    expect((await (await signIn(ctx.app, c.instructorA)).get(board(c.sessionA.id, 2))).status).toBe(200);
    expect((await (await signIn(ctx.app, c.instructorB)).get(board(c.sessionA.id, 1))).status).toBe(404);
    expect((await (await signIn(ctx.app, c.admin)).get(board(c.sessionA.id, 1))).status).toBe(200);
  });

  it('shows the week prompt and a link to support resources on the board', async () => {
    const c = await createCohorts(ctx.db);
    const res = await (await signIn(ctx.app, c.learnerA)).get(board(c.sessionA.id));
    expect(res.text).toContain('Discuss week 1.');
    expect(res.text).toContain(`/sessions/${c.sessionA.id}/support`);
    const support = await (await signIn(ctx.app, c.learnerA)).get(`/sessions/${c.sessionA.id}/support`);
    expect(support.status).toBe(200);
    expect(support.text).toContain('Support.');
  });

  it('sends a visitor to the login page', async () => {
    const c = await createCohorts(ctx.db);
    const res = await request(ctx.app).get(board(c.sessionA.id));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
  });
});

describe('posting', () => {
  it('starts a thread with sanitised Markdown and lists it on the board', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    const res = await startThread(agent, c.sessionA.id, {
      title: 'Feeling tired',
      body: 'Hello <script>alert(1)</script> <img src=x onerror="alert(2)"> [bad](javascript:alert(3)) [good](https://example.org)',
    });
    expect(res.status).toBe(302);
    const page = await agent.get(res.headers.location);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).not.toMatch(/<img/);
    expect(page.text).not.toMatch(/<[^>]+\sonerror=/);
    expect(page.text).not.toMatch(/href="javascript:/);
    expect(page.text).toContain('&lt;script&gt;'); // shown as text, never run
    expect(page.text).toContain('<a href="https://example.org" rel="nofollow ugc noopener" target="_blank">good</a>');
    const list = await agent.get(board(c.sessionA.id));
    expect(list.text).toContain('Feeling tired');
  });

  it('refuses an empty thread with messages next to the fields and keeps the text', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    const res = await startThread(agent, c.sessionA.id, { title: '', body: 'kept words' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-title-error"');
    expect(res.text).toContain('kept words');
  });

  it('nests replies two levels deep, flattens deeper ones with "in reply to", and collapses content notes', async () => {
    const c = await createCohorts(ctx.db);
    const other = await createUser(ctx.db, { name: 'Robin Reply' });
    await enrol(ctx.db, c.sessionA.id, other.id);
    const { threadId, openingPostId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const a = await signIn(ctx.app, c.learnerA);
    const b = await signIn(ctx.app, other);
    const tp = `/threads/${threadId}`;
    await postForm(b, `${tp}/replies`, { body: 'level one', parent_id: String(openingPostId) }, tp);
    const l1 = await ctx.db('discussion_posts').where({ thread_id: threadId, depth: 1 }).first();
    await postForm(a, `${tp}/replies`, { body: 'level two', parent_id: String(l1.id) }, tp);
    const l2 = await ctx.db('discussion_posts').where({ thread_id: threadId, depth: 2 }).first();
    await postForm(b, `${tp}/replies`, { body: 'level three', parent_id: String(l2.id), content_note: 'grief' }, tp);
    const page = await a.get(tp);
    expect(page.text).toMatch(/class="post post-level-1[^"]*" id="post-\d+"/);
    expect(page.text).toMatch(/class="post post-level-2[^"]*" id="post-\d+"/);
    expect(page.text).not.toContain('post-level-3');
    expect(page.text).toContain(`in reply to <a href="#post-${l2.id}">`);
    // Indented replies say whom they answer to screen readers, in the name of their article.
    const byline = (postId: number) => page.text.slice(page.text.indexOf(`<p id="post-${postId}-by">`)).split('</p>')[0];
    expect(byline(l1.id)).toContain(`<span class="visually-hidden">, in reply to ${c.learnerA.name}</span>`);
    expect(byline(l2.id)).toContain('<span class="visually-hidden">, in reply to Robin Reply</span>');
    expect(byline(openingPostId)).not.toContain('in reply to');
    expect(page.text).toMatch(/<details class="content-note"><summary>Content note: grief<\/summary>/);
    // Reading order: opening, level one, level two, level three.
    const order = [...page.text.matchAll(/data-post-id="(\d+)"/g)].map((m) => Number(m[1]));
    const l3 = await ctx.db('discussion_posts').where({ thread_id: threadId, depth: 3 }).first();
    expect(order).toEqual([openingPostId, l1.id, l2.id, l3.id]);
    expect((await ctx.db('discussion_threads').where({ id: threadId }).first()).reply_count).toBe(3);
  });

  it('takes the writer to the page of a long thread where their nested reply sits, with the confirmation', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    await createReplies(ctx.db, threadId, [c.instructorA.id], 120);
    const early = await ctx.db('discussion_posts').where({ thread_id: threadId, depth: 1 }).orderBy('id').offset(2).first();
    const a = await signIn(ctx.app, c.learnerA);
    const res = await postForm(a, `/threads/${threadId}/replies`, { body: 'nested answer', parent_id: String(early.id) }, `/threads/${threadId}`);
    const postId = Number(/\/posts\/(\d+)/.exec(res.headers.location)![1]);
    const hop = await a.get(res.headers.location);
    // The confirmation is in the reply itself, where the page opens.
    expect(hop.headers.location).toBe(`/threads/${threadId}?page=1#post-${postId}-status`);
    const page = await a.get(hop.headers.location);
    expect(page.text).toContain('Your reply is posted.');
    expect(page.text).toContain('nested answer');
  });

  it('refuses a reply that names a post of another thread, keeping the text', async () => {
    const c = await createCohorts(ctx.db);
    const here = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const foreign = await createThread(ctx.db, { sessionId: c.sessionB.id, courseId: c.course.id, authorId: c.learnerB.id });
    const a = await signIn(ctx.app, c.learnerA);
    const res = await postForm(a, `/threads/${here.threadId}/replies`, { body: 'words to keep', parent_id: String(foreign.openingPostId) }, `/threads/${here.threadId}`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('words to keep');
    expect(res.text).not.toContain(`name="parent_id" value="${foreign.openingPostId}"`);
    expect(await ctx.db('discussion_posts').where({ thread_id: foreign.threadId }).count('* as n').first()).toMatchObject({ n: 1 });
  });

  it('lets an author edit within 30 minutes with an "edited" mark, and refuses it later', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId, openingPostId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const a = await signIn(ctx.app, c.learnerA);
    const ok = await postForm(a, `/posts/${openingPostId}/edit`, { body: 'Better words' }, `/posts/${openingPostId}/edit`);
    expect(ok.status).toBe(302);
    const page = await a.get(`/threads/${threadId}`);
    expect(page.text).toContain('Better words');
    expect(page.text).toContain('>edited</span>');

    await ctx.db('discussion_posts').where({ id: openingPostId }).update({ created_at: new Date(Date.now() - 31 * 60_000) });
    const late = await postForm(a, `/posts/${openingPostId}/edit`, { body: 'Too late' }, `/threads/${threadId}`);
    expect(late.status).toBe(409);
    // The words written for the late edit come back, to post as a reply or keep.
    expect(late.text).toContain('Posts can be edited for 30 minutes after posting, and that time has passed. You can add a reply instead.');
    expect(late.text).toContain('<h2>What you wrote</h2>');
    expect(late.text).toContain('>Too late</textarea>');
    expect((await ctx.db('discussion_posts').where({ id: openingPostId }).first()).body_md).toBe('Better words');
  });

  it('refuses an edit from a page opened before another edit of the post, handing its words back, and changes nothing', async () => {
    const c = await createCohorts(ctx.db);
    const { openingPostId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, body: 'First words' });
    const a = await signIn(ctx.app, c.learnerA);
    const edit = `/posts/${openingPostId}/edit`;
    expect((await a.get(edit)).text).toContain('<input type="hidden" name="rev" value="0">');

    expect((await postForm(a, edit, { body: 'Edited at home', rev: '0' }, edit)).status).toBe(302);
    const stale = await postForm(a, edit, { body: 'Edited in the old tab', rev: '0' }, edit);
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('This post was changed in another window after you opened this page, so this edit was not saved.');
    expect(stale.text).toContain('>Edited in the old tab</textarea>');
    expect((await ctx.db('discussion_posts').where({ id: openingPostId }).first()).body_md).toBe('Edited at home');

    // Opened again, the page carries the new version, and the edit goes through.
    const page = (await a.get(edit)).text;
    const rev = /name="rev" value="(\d+)"/.exec(page)![1];
    expect(Number(rev)).toBeGreaterThan(0);
    expect((await postForm(a, edit, { body: 'Edited in the old tab', rev }, edit)).status).toBe(302);
    expect((await ctx.db('discussion_posts').where({ id: openingPostId }).first()).body_md).toBe('Edited in the old tab');
    // A refused edit's page keeps the version it was opened on.
    const refused = await postForm(a, edit, { body: '', rev: '0' }, edit);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<input type="hidden" name="rev" value="0">');
  });

  it('refuses edits and deletes of someone else’s post', async () => {
    const c = await createCohorts(ctx.db);
    const other = await createUser(ctx.db);
    await enrol(ctx.db, c.sessionA.id, other.id);
    const { openingPostId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const b = await signIn(ctx.app, other);
    expect((await postForm(b, `/posts/${openingPostId}/edit`, { body: 'mine now' }, board(c.sessionA.id))).status).toBe(404);
    expect((await postForm(b, `/posts/${openingPostId}/delete`, {}, board(c.sessionA.id))).status).toBe(404);
    expect((await ctx.db('discussion_posts').where({ id: openingPostId }).first()).status).toBe('visible');
  });

  it('shows a deleted own post as removed and keeps the replies to it', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId, openingPostId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, body: 'secret opening' });
    const i = await signIn(ctx.app, c.instructorA);
    await postForm(i, `/threads/${threadId}/replies`, { body: 'instructor answer' }, `/threads/${threadId}`);
    const a = await signIn(ctx.app, c.learnerA);
    expect((await postForm(a, `/posts/${openingPostId}/delete`, {}, `/threads/${threadId}`)).status).toBe(302);
    const page = await i.get(`/threads/${threadId}`);
    expect(page.text).toContain('This post was removed.');
    expect(page.text).not.toContain('secret opening');
    expect(page.text).toContain('instructor answer');
  });

  it('refuses a reply to a locked thread with 409, keeping the text in the reply box', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id, locked: true });
    const a = await signIn(ctx.app, c.learnerA);
    const res = await postForm(a, `/threads/${threadId}/replies`, { body: 'My careful words' }, board(c.sessionA.id));
    expect(res.status).toBe(409);
    expect(res.text).toContain('locked');
    expect(res.text).toMatch(/<textarea[^>]*name="body"[^>]*>My careful words<\/textarea>/);
    expect(await ctx.db('discussion_posts').where({ thread_id: threadId }).count('* as n').first()).toMatchObject({ n: 1 });
  });

  it('refuses a reply after the login session has ended with the 401 page and stores nothing', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const a = await signIn(ctx.app, c.learnerA);
    const token = /name="_csrf" value="([^"]+)"/.exec((await a.get(`/threads/${threadId}`)).text)![1];
    await ctx.db('http_sessions').delete().whereRaw(`sess::text like ?`, [`%"user":${c.learnerA.id}%`]);
    const res = await a.post(`/threads/${threadId}/replies`).type('form').send({ _csrf: token, body: 'written while away' });
    expect([401, 403]).toContain(res.status);
    expect(res.text).toMatch(/log in/i);
    expect(await ctx.db('discussion_posts').where({ thread_id: threadId }).count('* as n').first()).toMatchObject({ n: 1 });
  });
});

describe('large threads and boards', () => {
  it('renders a 500-post thread in pages of 50', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    await createReplies(ctx.db, threadId, [c.learnerA.id, c.instructorA.id], 499);
    const a = await signIn(ctx.app, c.learnerA);
    const first = await a.get(`/threads/${threadId}`);
    expect(first.status).toBe(200);
    expect([...first.text.matchAll(/data-post-id="/g)]).toHaveLength(50);
    expect(first.text).toContain('Page 1 of 10');
    const last = await a.get(`/threads/${threadId}?page=10`);
    expect(last.text).toContain('Reply number 499');
    expect(last.text).not.toContain('Reply number 449<');
  });

  it('reads a thread with the same number of queries on a small and a large board', async () => {
    const course = (await createCohorts(ctx.db)).course;
    const countFor = async (threads: number, replies: number) => {
      const session = await createSession(ctx.db, course.id, { startedDaysAgo: 1 });
      const learner = await createUser(ctx.db);
      await enrol(ctx.db, session.id, learner.id);
      const { threadId } = await createThread(ctx.db, { sessionId: session.id, courseId: course.id, authorId: learner.id });
      await createReplies(ctx.db, threadId, [learner.id], 5);
      for (let i = 0; i < threads; i++) {
        const other = await createThread(ctx.db, { sessionId: session.id, courseId: course.id, authorId: learner.id, title: `Other ${i}` });
        await createReplies(ctx.db, other.threadId, [learner.id], replies);
      }
      const agent = await signIn(ctx.app, learner);
      await agent.get(`/threads/${threadId}`);
      let queries = 0;
      const count = () => {
        queries += 1;
      };
      ctx.db.on('query', count);
      const res = await agent.get(`/threads/${threadId}`);
      ctx.db.off('query', count);
      expect(res.status).toBe(200);
      return queries;
    };
    const small = await countFor(0, 0);
    const large = await countFor(30, 40);
    expect(large).toBe(small);
    expect(small).toBeLessThan(20);
  });

  it('pages a board by latest activity with pinned threads first', async () => {
    const c = await createCohorts(ctx.db);
    for (let i = 0; i < 27; i++) {
      const t = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, title: `Topic ${i}` });
      await ctx.db('discussion_threads').where({ id: t.threadId }).update({ last_post_at: new Date(Date.now() - (100 - i) * 60_000) });
    }
    await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id, title: 'Welcome pinned', pinned: true });
    const a = await signIn(ctx.app, c.learnerA);
    const first = await a.get(board(c.sessionA.id));
    const titles = [...first.text.matchAll(/<a href="\/threads\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(titles[0]).toBe('Welcome pinned');
    expect(titles[1]).toBe('Topic 26');
    expect(titles).toHaveLength(26);
    const next = /href="\?before=(\d+)"/.exec(first.text)![1];
    const second = await a.get(`${board(c.sessionA.id)}?before=${next}`);
    const more = [...second.text.matchAll(/<a href="\/threads\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(more).toEqual(['Topic 1', 'Topic 0']);
  });
});

describe('unread counts for a dashboard', () => {
  it('counts threads with new posts by others per session in one call', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.instructorA.id });
    await createReplies(ctx.db, threadId, [c.instructorA.id, c.learnerA.id], 4);
    const counts = await unreadCountsForSessions(ctx.db, c.learnerA, [c.sessionA.id, c.sessionB.id]);
    expect(counts.get(c.sessionA.id)).toBe(1); // one thread: its opening post and two replies by the instructor
    expect(counts.get(c.sessionB.id)).toBeUndefined();
  });
});

describe('post before you see others', () => {
  it('shows a learner only their own and pinned threads until they post, then everything', async () => {
    const c = await createCohorts(ctx.db);
    const peer = await createUser(ctx.db);
    await enrol(ctx.db, c.sessionA.id, peer.id);
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: peer.id, title: 'Peer story' });
    const i = await signIn(ctx.app, c.instructorA);
    expect((await postForm(i, `${board(c.sessionA.id)}/settings`, { post_before_viewing: 'on' }, board(c.sessionA.id))).status).toBe(302);

    const a = await signIn(ctx.app, c.learnerA);
    const before = await a.get(board(c.sessionA.id));
    expect(before.text).not.toContain('Peer story');
    expect(before.text).toContain('once you have posted your own thread');
    expect((await a.get(`/threads/${threadId}`)).status).toBe(404);

    await startThread(a, c.sessionA.id, { title: 'My story', body: 'Here goes.' });
    const after = await a.get(board(c.sessionA.id));
    expect(after.text).toContain('Peer story');
    expect((await a.get(`/threads/${threadId}`)).status).toBe(200);
  });

  it('does not let a learner change board settings', async () => {
    const c = await createCohorts(ctx.db);
    const a = await signIn(ctx.app, c.learnerA);
    expect((await postForm(a, `${board(c.sessionA.id)}/settings`, { post_before_viewing: 'on' }, board(c.sessionA.id))).status).toBe(404);
  });
});

describe('unread markers', () => {
  it('counts posts by others as new until the learner opens the thread', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const a = await signIn(ctx.app, c.learnerA);
    await a.get(`/threads/${threadId}`);
    const i = await signIn(ctx.app, c.instructorA);
    await postForm(i, `/threads/${threadId}/replies`, { body: 'first answer' }, `/threads/${threadId}`);
    await postForm(i, `/threads/${threadId}/replies`, { body: 'second answer' }, `/threads/${threadId}`);

    expect((await a.get(`/sessions/${c.sessionA.id}/discussions`)).text).toContain('new posts in 1 thread');
    expect((await a.get(board(c.sessionA.id))).text).toContain('2 new</span>');
    const thread = await a.get(`/threads/${threadId}`);
    expect([...thread.text.matchAll(/class="badge">new<\/span>/g)]).toHaveLength(2);
    expect((await a.get(`/sessions/${c.sessionA.id}/discussions`)).text).not.toContain('new posts in');
    expect([...(await a.get(`/threads/${threadId}`)).text.matchAll(/class="badge">new<\/span>/g)]).toHaveLength(0);
  });
});
