import request from 'supertest';
import { createPostgresDb } from '../../src/db';
import { silentLogger } from '../../src/lib/logger';
import { createMailer } from '../../src/notifications';
import { createTestContext, type TestContext } from '../helpers/app';
import { usingPostgres } from '../helpers/db';
import { createReplies } from '../helpers/discussions-factories';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { decode, postForm, signIn } from '../helpers/http';
import { sendDailyDigests } from '../../src/discussions';
import { expectUnsubscribeLink } from '../helpers/emails';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const board = (sessionId: number) => `/sessions/${sessionId}/weeks/1/discussion`;
const emailsTo = (address: string) => ctx.db('outbox_emails').where({ to_address: address }).orderBy('id');
const digestDeps = () => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: 'http://localhost:3000' });

async function threadWithReply() {
  const c = await createCohorts(ctx.db);
  const peer = await createUser(ctx.db);
  await enrol(ctx.db, c.sessionA.id, peer.id);
  const author = await signIn(ctx.app, c.learnerA);
  await postForm(author, `${board(c.sessionA.id)}/threads`, { title: 'Quiet thread', body: 'hello' }, board(c.sessionA.id));
  const thread = await ctx.db('discussion_threads').where({ author_id: c.learnerA.id }).first();
  return { c, peer, author, thread, replier: await signIn(ctx.app, peer) };
}

describe('following and the daily digest', () => {
  it('makes an author follow their thread and sends one digest of replies, then nothing twice', async () => {
    const { c, thread, replier } = await threadWithReply();
    expect(await ctx.db('discussion_follows').where({ user_id: c.learnerA.id, thread_id: thread.id }).first()).toBeTruthy();
    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'reply one' }, `/threads/${thread.id}`);
    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'reply two' }, `/threads/${thread.id}`);
    expect(await emailsTo(c.learnerA.email)).toHaveLength(0); // calm by default: nothing immediate

    await sendDailyDigests(digestDeps(), new Date());
    const emails = await emailsTo(c.learnerA.email);
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe('2 new posts in discussions you follow');
    expect(emails[0].body_text).toContain('Quiet thread: 2 new posts');
    expectUnsubscribeLink(emails[0], digestDeps().baseUrl);

    await sendDailyDigests(digestDeps(), new Date());
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1);
  });

  it('sends each reply at once to a follower who chose immediate emails, and nothing to one who chose none', async () => {
    const { c, peer, author, thread, replier } = await threadWithReply();
    const prefsRes = await postForm(author, '/discussions/preferences', { discussion_email: 'immediate', announcement_email: 'on' }, '/discussions/preferences');
    expect(prefsRes.status).toBe(302);
    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'fast news' }, `/threads/${thread.id}`);
    const emails = await emailsTo(c.learnerA.email);
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe('New reply in "Quiet thread"');
    expect(emails[0].body_text).toContain('fast news');
    expectUnsubscribeLink(emails[0], digestDeps().baseUrl);
    expect(await emailsTo(peer.email)).toHaveLength(0); // the replier is never told of their own post

    await postForm(author, '/discussions/preferences', { discussion_email: 'none' }, '/discussions/preferences');
    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'more news' }, `/threads/${thread.id}`);
    await sendDailyDigests(digestDeps(), new Date());
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1);
  });

  it('refuses an unknown email choice with a message', async () => {
    const { author } = await threadWithReply();
    const res = await postForm(author, '/discussions/preferences', { discussion_email: 'hourly' }, '/discussions/preferences');
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please choose how you would like to hear about replies.');
  });

  it('sends no digest to a learner who has left the session', async () => {
    const { c, thread, replier } = await threadWithReply();
    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'reply' }, `/threads/${thread.id}`);
    await ctx.db('enrolments').where({ user_id: c.learnerA.id }).update({ status: 'withdrawn' });
    await sendDailyDigests(digestDeps(), new Date());
    expect(await emailsTo(c.learnerA.email)).toHaveLength(0);
  });

  it('makes a learner who replies follow the thread, saying so once, so the answers to their reply reach them', async () => {
    const { c, peer, author, thread, replier } = await threadWithReply();
    const first = await postForm(replier, `/threads/${thread.id}/replies`, { body: 'me too' }, `/threads/${thread.id}`);
    expect(first.status).toBe(302);
    expect(await ctx.db('discussion_follows').where({ user_id: peer.id, thread_id: thread.id }).first()).toBeTruthy();
    expect((await replier.get(first.headers.location).redirects(2)).text).toContain('Your reply is posted. You now follow this thread, so you will hear of new replies');
    const second = await postForm(replier, `/threads/${thread.id}/replies`, { body: 'and one more thing' }, `/threads/${thread.id}`);
    const page = (await replier.get(second.headers.location).redirects(2)).text;
    expect(page).toContain('Your reply is posted.');
    expect(page).not.toContain('You now follow this thread');

    await postForm(author, `/threads/${thread.id}/replies`, { body: 'thank you both' }, `/threads/${thread.id}`);
    await sendDailyDigests(digestDeps(), new Date());
    const [digest] = await emailsTo(peer.email);
    expect(digest.body_text).toContain('Quiet thread: 1 new post');
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1); // the author hears of the two replies, not of their own
  });

  it('tells a learner nothing of a followed thread they can no longer open, until they can', async () => {
    const { c, thread } = await threadWithReply();
    const readers = await Promise.all(['immediate', 'daily'].map(async (choice) => {
      const user = await createUser(ctx.db);
      await enrol(ctx.db, c.sessionA.id, user.id);
      const agent = await signIn(ctx.app, user);
      await postForm(agent, '/discussions/preferences', { discussion_email: choice }, '/discussions/preferences');
      expect((await postForm(agent, `/threads/${thread.id}/follow`, {}, `/threads/${thread.id}`)).status).toBe(302);
      return { user, agent };
    }));
    // The board now asks learners to post before they see others' threads; these two have not.
    const instructor = await signIn(ctx.app, c.instructorA);
    await postForm(instructor, `${board(c.sessionA.id)}/settings`, { post_before_viewing: 'on' }, board(c.sessionA.id));
    await postForm(instructor, `/threads/${thread.id}/replies`, { body: 'staff only for now' }, `/threads/${thread.id}`);
    await sendDailyDigests(digestDeps(), new Date());
    for (const r of readers) expect(await emailsTo(r.user.email)).toHaveLength(0);
    expect((await emailsTo(c.learnerA.email)).map((e) => e.subject)).toEqual(['1 new post in discussions you follow']);

    // Once they have posted on the board, the thread is theirs to read again, and so are its replies:
    // the digest then tells of both.
    for (const r of readers) await postForm(r.agent, `${board(c.sessionA.id)}/threads`, { title: 'Mine', body: 'Here goes.' }, board(c.sessionA.id));
    await postForm(instructor, `/threads/${thread.id}/replies`, { body: 'welcome in' }, `/threads/${thread.id}`);
    await sendDailyDigests(digestDeps(), new Date(Date.now() + 86_400_000));
    expect((await emailsTo(readers[0].user.email)).map((e) => e.subject)).toEqual(['New reply in "Quiet thread"']);
    expect((await emailsTo(readers[1].user.email)).map((e) => e.body_text)).toEqual([expect.stringContaining('Quiet thread: 2 new posts')]);
  });

  it('lets a reader follow and unfollow someone else’s thread', async () => {
    const { peer, thread, replier } = await threadWithReply();
    await postForm(replier, `/threads/${thread.id}/follow`, {}, `/threads/${thread.id}`);
    expect(await ctx.db('discussion_follows').where({ user_id: peer.id, thread_id: thread.id }).first()).toBeTruthy();
    await postForm(replier, `/threads/${thread.id}/unfollow`, {}, `/threads/${thread.id}`);
    expect(await ctx.db('discussion_follows').where({ user_id: peer.id, thread_id: thread.id }).first()).toBeUndefined();
  });
});

describe('what reply emails show and where they lead', () => {
  const linkIn = (text: string) => /Read it and reply: (\S+)|\n {2}(\S+)/.exec(text)?.slice(1).find(Boolean);
  /** Opens an emailed link as its recipient: the post's address hops to the thread's page that holds it. */
  async function follow(agent: Awaited<ReturnType<typeof signIn>>, link: string) {
    const hop = await agent.get(new URL(link).pathname);
    expect(hop.status).toBe(302);
    return { location: hop.headers.location, page: decode((await agent.get(hop.headers.location)).text) };
  }

  it('gives a reply’s content note, not its words, and its link, when the writer put a note on it', async () => {
    const { c, author, thread, replier } = await threadWithReply();
    await postForm(author, '/discussions/preferences', { discussion_email: 'immediate', announcement_email: 'on' }, '/discussions/preferences');
    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'The words behind the note.', content_note: 'Mentions a bereavement' }, `/threads/${thread.id}`);
    const reply = await ctx.db('discussion_posts').where({ thread_id: thread.id }).orderBy('id', 'desc').first();
    const [email] = await emailsTo(c.learnerA.email);
    expect(email.body_text).toContain('The writer added a note: Mentions a bereavement');
    expect(email.body_text).not.toContain('The words behind the note');
    expect(linkIn(email.body_text)).toBe(`${digestDeps().baseUrl}/posts/${reply.id}`);
  });

  it('links each reply email and digest to the post itself, which opens the page of a long thread that holds it', async () => {
    const { c, peer, author, thread, replier } = await threadWithReply();
    await postForm(author, '/discussions/preferences', { discussion_email: 'immediate', announcement_email: 'on' }, '/discussions/preferences');
    await createReplies(ctx.db, thread.id, [c.learnerA.id], 60);
    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'Late to the thread' }, `/threads/${thread.id}`);
    const late = await ctx.db('discussion_posts').where({ thread_id: thread.id }).orderBy('id', 'desc').first();
    const [email] = await emailsTo(c.learnerA.email);
    expect(email.body_text).toContain('Late to the thread');
    expect(linkIn(email.body_text)).toBe(`${digestDeps().baseUrl}/posts/${late.id}`);
    const opened = await follow(author, linkIn(email.body_text)!);
    expect(opened.location).toBe(`/threads/${thread.id}?page=2#post-${late.id}`);
    expect(opened.page).toContain('Late to the thread');

    // The replier follows the thread now, on the daily digest: it leads to the first post new to them.
    await postForm(author, `/threads/${thread.id}/replies`, { body: 'Welcome, and thank you' }, `/threads/${thread.id}`);
    await postForm(author, `/threads/${thread.id}/replies`, { body: 'One more thing' }, `/threads/${thread.id}`);
    const [welcome] = await ctx.db('discussion_posts').where({ thread_id: thread.id }).orderBy('id', 'desc').offset(1).limit(1);
    await sendDailyDigests(digestDeps(), new Date());
    const [digest] = await emailsTo(peer.email);
    expect(digest.body_text).toContain('Quiet thread: 2 new posts');
    expect(linkIn(digest.body_text)).toBe(`${digestDeps().baseUrl}/posts/${welcome.id}`);
    const fromDigest = await follow(replier, linkIn(digest.body_text)!);
    expect(fromDigest.location).toBe(`/threads/${thread.id}?page=2#post-${welcome.id}`);
    expect(fromDigest.page).toContain('Welcome, and thank you');
  });
});

describe('the daily digest goes out once a day', () => {
  const DAY = '2026-03-10';
  const at = (time: string) => new Date(`${DAY}T${time}Z`);
  const nextDay = (time: string) => new Date(Date.parse(`${DAY}T${time}Z`) + 24 * 3_600_000);
  /** Dates the thread's follows at 05:00 and its posts written since `onlyAfter` (all when left out) at `when`, as if written then. */
  const dateThread = async (threadId: number, when: Date, onlyAfter?: Date) => {
    const posts = ctx.db('discussion_posts').where({ thread_id: threadId });
    if (onlyAfter) posts.where('created_at', '>', onlyAfter);
    await posts.update({ created_at: when });
    if (!onlyAfter) await ctx.db('discussion_follows').where({ thread_id: threadId }).update({ created_at: at('05:00:00') });
  };

  it('sends no second digest the same day, even with news since the first (a restart after the hour), and a new one the next day', async () => {
    const { c, thread, replier } = await threadWithReply();
    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'before the digest' }, `/threads/${thread.id}`);
    await dateThread(thread.id, at('06:00:00'));
    expect(await sendDailyDigests(digestDeps(), at('07:00:00'))).toBeGreaterThanOrEqual(1);
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1);

    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'after the digest' }, `/threads/${thread.id}`);
    await dateThread(thread.id, at('08:00:00'), at('06:00:00'));
    await sendDailyDigests(digestDeps(), at('09:00:00'));
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1);

    await sendDailyDigests(digestDeps(), nextDay('07:00:00'));
    const emails = await emailsTo(c.learnerA.email);
    expect(emails).toHaveLength(2);
    expect(emails[1].body_text).toContain('Quiet thread: 1 new post');
  });

  it(`queues one digest per reader when two app instances run it together (${usingPostgres ? 'at once, on two connection pools' : 'one after the other on PGlite'})`, async () => {
    const readers = [];
    for (let i = 0; i < 4; i++) {
      const { c, thread, replier } = await threadWithReply();
      await postForm(replier, `/threads/${thread.id}/replies`, { body: 'news' }, `/threads/${thread.id}`);
      await dateThread(thread.id, at('06:00:00'));
      readers.push(c.learnerA.email);
    }
    const other = usingPostgres ? createPostgresDb(ctx.database.url!, { min: 0, max: 2 }) : undefined;
    try {
      const otherDeps = other ? { ...digestDeps(), db: other.knex, mailer: createMailer({ db: other.knex, from: ctx.config.mailFrom, logger: silentLogger }) } : digestDeps();
      const sent = usingPostgres
        ? await Promise.all([sendDailyDigests(digestDeps(), at('07:00:00')), sendDailyDigests(otherDeps, at('07:00:00'))])
        : [await sendDailyDigests(digestDeps(), at('07:00:00')), await sendDailyDigests(otherDeps, at('07:15:00'))];
      expect(sent[0] + sent[1]).toBeGreaterThanOrEqual(readers.length);
      for (const reader of readers) expect(await emailsTo(reader)).toHaveLength(1);
    } finally {
      await other?.close();
    }
  });
});

describe('unsubscribing from the emailed link', () => {
  it('only asks when the link is opened, and turns every email off when the button is pressed, without logging in', async () => {
    const { c, thread, replier } = await threadWithReply();
    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'reply' }, `/threads/${thread.id}`);
    await sendDailyDigests(digestDeps(), new Date());
    const [email] = await emailsTo(c.learnerA.email);
    const link = /\/unsubscribe\/([A-Za-z0-9_-]+)/.exec(email.body_text)!;
    const before = await ctx.db('notification_preferences').where({ user_id: c.learnerA.id }).first();

    // A mail scanner opening the link changes nothing.
    const opened = await request(ctx.app).get(link[0]);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain('Stop emails from Kindred?');
    // It names what it stops (all a learner can turn off), and what still comes.
    expect(decode(opened.text)).toContain(
      'This stops every email you can turn off: replies in discussions you follow, your instructors’ announcements, each new week as it opens, the reminder before completion closes, and news of another session when one you registered for is cancelled.',
    );
    expect(decode(opened.text)).toContain('Some emails always come, because they are about your own account or place');
    expect(opened.text).toMatch(new RegExp(`<form method="post" action="${link[0]}"`));
    expect(await ctx.db('notification_preferences').where({ user_id: c.learnerA.id }).first()).toMatchObject({ discussion_email: before.discussion_email, announcement_email: before.announcement_email });

    const confirmed = await request(ctx.app).post(link[0]).type('form').send({});
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('You are unsubscribed');
    expect(await ctx.db('notification_preferences').where({ user_id: c.learnerA.id }).first()).toMatchObject({
      discussion_email: 'none',
      announcement_email: false,
      week_email: false,
      deadline_email: false,
      session_offer_email: false,
      staff_email: false,
    });

    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'another' }, `/threads/${thread.id}`);
    await sendDailyDigests(digestDeps(), new Date());
    expect(await emailsTo(c.learnerA.email)).toHaveLength(1);
  });

  it('still unsubscribes on a bare POST from a one-click mail client, with no form token', async () => {
    const { c, thread, replier } = await threadWithReply();
    await postForm(replier, `/threads/${thread.id}/replies`, { body: 'reply' }, `/threads/${thread.id}`);
    await sendDailyDigests(digestDeps(), new Date());
    const [email] = await emailsTo(c.learnerA.email);
    const link = /\/unsubscribe\/([A-Za-z0-9_-]+)/.exec(email.body_text)!;
    expect((await request(ctx.app).post(link[0]).type('form').send('List-Unsubscribe=One-Click')).status).toBe(200);
    expect((await ctx.db('notification_preferences').where({ user_id: c.learnerA.id }).first()).discussion_email).toBe('none');
  });

  it('answers 404 to an unknown token', async () => {
    expect((await request(ctx.app).get('/unsubscribe/not-a-real-token-at-all-123')).status).toBe(404);
    expect((await request(ctx.app).get('/unsubscribe/x')).status).toBe(404);
    expect((await request(ctx.app).post('/unsubscribe/not-a-real-token-at-all-123')).status).toBe(404);
    expect((await request(ctx.app).post('/unsubscribe/x')).status).toBe(404);
  });
});
