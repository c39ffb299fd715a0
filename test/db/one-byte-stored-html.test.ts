import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { createThread } from '../helpers/discussions-factories';
import { readable, signIn } from '../helpers/http';
import * as writeStoredHtmlInOneByte from '../../migrations/20261206_0900_write_stored_html_in_one_byte';

let ctx: TestContext;
beforeAll(async () => (ctx = await createTestContext()));
afterAll(() => ctx.close());

const BEYOND_LATIN1 = /[\u0100-\u{10FFFF}]/u;

describe('stored HTML written before pages kept to one-byte strings', () => {
  it('has its characters beyond Latin-1 rewritten as references by the migration, reading the same on the page', async () => {
    const c = await createCohorts(ctx.db);
    const t = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id, title: 'Hard week' });
    const stored = '<p>It’s been a long week – “really” 😀 café</p>';
    await ctx.db('discussion_posts').where({ id: t.openingPostId }).update({ body_md: 'kept as written ’', body_html: stored });
    await ctx.db('course_modules').where({ course_id: c.course.id, week: 1 }).update({ summary_html: '<p>Week one’s summary</p>' });

    await writeStoredHtmlInOneByte.up(ctx.db);

    const post = await ctx.db('discussion_posts').where({ id: t.openingPostId }).first('body_md', 'body_html');
    expect(post.body_html).toBe('<p>It&#8217;s been a long week &#8211; &#8220;really&#8221; &#128512; café</p>');
    expect(post.body_md).toBe('kept as written ’');
    const summary = await ctx.db('course_modules').where({ course_id: c.course.id, week: 1 }).first('summary_html');
    expect(summary.summary_html).toBe('<p>Week one&#8217;s summary</p>');

    const page = (await (await signIn(ctx.app, c.learnerA)).get(`/threads/${t.threadId}`)).text;
    expect(page).not.toMatch(BEYOND_LATIN1);
    expect(readable(page)).toContain('It’s been a long week – “really” 😀 café');
  });
});
