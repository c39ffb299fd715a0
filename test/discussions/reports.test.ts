import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { csrfFrom, postForm, signIn } from '../helpers/http';
import { createThread } from '../helpers/discussions-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function setup(body = 'Something unkind was said here.') {
  const c = await createCohorts(ctx.db);
  const author = await createUser(ctx.db, { name: 'Ari Author' });
  const peer = await createUser(ctx.db, { name: 'Pat Peer' });
  await enrol(ctx.db, c.sessionA.id, author.id);
  await enrol(ctx.db, c.sessionA.id, peer.id);
  const t = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: author.id, title: 'Hard week', body });
  return { ...c, ...t, author: await signIn(ctx.app, author), reader: await signIn(ctx.app, peer) };
}

const reportCount = async (postId: number) => Number((await ctx.db('discussion_reports').where({ post_id: postId }).count('* as n').first())!.n);

describe('reporting a post', () => {
  it('shows no Report link on the reader’s own post, and refuses to take a report of it', async () => {
    const s = await setup();
    const page = await s.author.get(`/threads/${s.threadId}`);
    expect(page.text).not.toContain(`/posts/${s.openingPostId}/report`);
    expect((await s.reader.get(`/threads/${s.threadId}`)).text).toContain(`/posts/${s.openingPostId}/report`);

    const shown = await s.author.get(`/posts/${s.openingPostId}/report`);
    expect(shown.status).toBe(403);
    expect(shown.text).toContain('This is your own post, so there is nothing to report.');
    const sent = await postForm(s.author, `/posts/${s.openingPostId}/report`, { reason: 'Testing' }, `/threads/${s.threadId}`);
    expect(sent.status).toBe(403);
    expect(await reportCount(s.openingPostId)).toBe(0);
  });

  it('names the post being reported, with its author, time and the start of its text, and offers a way back', async () => {
    const long = `A long opening. ${'More words here. '.repeat(30)}THE-HIDDEN-END`;
    const s = await setup(long);
    const page = await s.reader.get(`/posts/${s.openingPostId}/report`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ari Author');
    expect(page.text).toMatch(/<time datetime="[^"]+">\d{1,2} \w{3} \d{4}, \d\d:\d\d<\/time>/);
    expect(page.text).toContain('A long opening. More words here.');
    expect(page.text).not.toContain('THE-HIDDEN-END');
    expect(page.text).toContain(`<a href="/posts/${s.openingPostId}">Cancel</a>`);
  });

  it('tells a reader who reported the post already, until a moderator deals with it; nobody else is told', async () => {
    const s = await setup();
    const reportPage = `/posts/${s.openingPostId}/report`;
    expect((await s.reader.get(reportPage)).text).not.toContain('You reported this post on');
    await postForm(s.reader, reportPage, { reason: 'Unkind words' }, reportPage);
    expect((await s.reader.get(reportPage)).text).toMatch(/You reported this post on \d{1,2} \w+, \d\d:\d\d, and the instructors have not dealt with it yet\./);
    const other = await createUser(ctx.db);
    await enrol(ctx.db, s.sessionA.id, other.id);
    expect((await (await signIn(ctx.app, other)).get(reportPage)).text).not.toContain('You reported this post on');
    await ctx.db('discussion_reports').where({ post_id: s.openingPostId }).update({ status: 'resolved' });
    expect((await s.reader.get(reportPage)).text).not.toContain('You reported this post on');
  });

  it('takes a report sent twice (a double click, even at the same moment) once, and something added as a second report', async () => {
    const s = await setup();
    const reportPage = `/posts/${s.openingPostId}/report`;
    const token = await csrfFrom(s.reader, reportPage);
    const send = (reason: string) => s.reader.post(reportPage).type('form').send({ _csrf: token, reason });
    const [first, second] = await Promise.all([send('Unkind words'), send('Unkind words')]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(await reportCount(s.openingPostId)).toBe(1);
    const again = await send('Unkind words');
    expect(again.status).toBe(302);
    expect((await s.reader.get(again.headers.location).redirects(2)).text).toContain('You had already sent this report, and an instructor will look at it. Nothing more was sent.');
    expect(await reportCount(s.openingPostId)).toBe(1);

    await send('It also names a patron.');
    expect(await reportCount(s.openingPostId)).toBe(2);
  });

  it('keeps the named post on the page when the reason is missing', async () => {
    const s = await setup('Words worth a look.');
    const res = await postForm(s.reader, `/posts/${s.openingPostId}/report`, { reason: '' }, `/posts/${s.openingPostId}/report`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Words worth a look.');
    expect(await reportCount(s.openingPostId)).toBe(0);
  });

  it('does not show a reader the text of a post a moderator hid', async () => {
    const s = await setup('Text that was hidden.');
    await ctx.db('discussion_posts').where({ id: s.openingPostId }).update({ status: 'hidden', hidden_reason: 'unkind' });
    const page = await s.reader.get(`/posts/${s.openingPostId}/report`);
    expect(page.text).not.toContain('Text that was hidden.');
    expect(page.text).toContain('The text of this post is not shown.');
  });
});
