import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createCourse } from '../helpers/factories';
import { createThread } from '../helpers/discussions-factories';
import { csrfFrom, postForm, signIn } from '../helpers/http';
import { addToolkitEntries, enrolmentOf, entriesOf, toolkitSectionsOf } from '../helpers/toolkit-factories';

// The access matrix checks every id in a URL's path. These are the ids that arrive in a form's
// body or a query string instead: each must be one of the caller's own things, in the same
// session and course, or nothing changes and nothing of the other thing shows.

let ctx: TestContext;
let cast: Awaited<ReturnType<typeof createCohorts>>;

beforeAll(async () => {
  ctx = await createTestContext();
  cast = await createCohorts(ctx.db);
});
afterAll(() => ctx.close());

const board = (sessionId: number) => `/sessions/${sessionId}/weeks/1/discussion`;
const titlesOn = (html: string) => [...html.matchAll(/<a href="\/threads\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('discussion ids in forms and query strings', () => {
  it('refuses a reply whose parent post is in another session’s thread, keeping the text and adding nothing', async () => {
    const own = await createThread(ctx.db, { sessionId: cast.sessionA.id, courseId: cast.course.id, authorId: cast.learnerA.id, title: 'Own thread' });
    const foreign = await createThread(ctx.db, { sessionId: cast.sessionB.id, courseId: cast.course.id, authorId: cast.learnerB.id, title: 'Their thread', body: 'Their private words' });
    const agent = await signIn(ctx.app, cast.learnerA);
    const page = `/threads/${own.threadId}`;
    const res = await postForm(agent, `${page}/replies`, { body: 'Words for my own cohort', parent_id: String(foreign.openingPostId) }, page);
    expect(res.status).toBe(422);
    expect(res.text).toContain('We could not find the post you were replying to.');
    expect(res.text).toContain('Words for my own cohort');
    expect(res.text).not.toContain('Their private words');
    expect(await ctx.db('discussion_posts').whereIn('thread_id', [own.threadId, foreign.threadId]).whereNotNull('parent_id')).toHaveLength(0);
  });

  it('answers 404 to a board page whose “older threads” cursor is another session’s thread, showing none of the board', async () => {
    const older = await createThread(ctx.db, { sessionId: cast.sessionA.id, courseId: cast.course.id, authorId: cast.learnerA.id, title: 'An older own thread' });
    await ctx.db('discussion_threads').where({ id: older.threadId }).update({ last_post_at: new Date(Date.now() - 86_400_000) });
    const foreign = await createThread(ctx.db, { sessionId: cast.sessionB.id, courseId: cast.course.id, authorId: cast.learnerB.id, title: 'Busy elsewhere' });
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`${board(cast.sessionA.id)}?before=${foreign.threadId}`);
    expect(res.status).toBe(404);
    expect(titlesOn(res.text)).toEqual([]);
    // The cursor of the board's own threads still pages it.
    const own = await agent.get(`${board(cast.sessionA.id)}?before=${older.threadId}`);
    expect(own.status).toBe(200);
  });

  it('reads a repeated or malformed id in a board’s or thread’s query string as none, never as a server error', async () => {
    const own = await createThread(ctx.db, { sessionId: cast.sessionA.id, courseId: cast.course.id, authorId: cast.learnerA.id, title: 'Queried thread' });
    const agent = await signIn(ctx.app, cast.learnerA);
    const thread = await agent.get(`/threads/${own.threadId}?reply_to=${own.openingPostId}&reply_to=1`);
    expect(thread.status).toBe(200);
    expect(thread.text).not.toContain('name="parent_id"');
    const page = await agent.get(`${board(cast.sessionA.id)}?before=1&before=2`);
    expect(page.status).toBe(200);
    expect(titlesOn(page.text)).toContain('Queried thread');
  });

  it('answers 404 to a learner’s moderation or board setting with a malformed tick, never a server error, changing nothing', async () => {
    const outsider = await signIn(ctx.app, cast.learnerB);
    const held = await postForm(outsider, `/sessions/${cast.sessionA.id}/moderation/settings`, { hold_first_posts: ['on', 'on'] });
    expect(held.status).toBe(404);
    const learner = await signIn(ctx.app, cast.learnerA);
    const restricted = await postForm(learner, `${board(cast.sessionA.id)}/settings`, { post_before_viewing: ['on', 'on'] }, board(cast.sessionA.id));
    expect(restricted.status).toBe(404);
    expect((await ctx.db('course_sessions').where({ id: cast.sessionA.id }).first('hold_first_posts')).hold_first_posts).toBe(false);
    expect(await ctx.db('discussion_board_settings').where({ course_session_id: cast.sessionA.id })).toHaveLength(0);
  });
});

describe('toolkit ids in forms', () => {
  let other: Awaited<ReturnType<typeof createCourse>>;
  let sectionsA: Awaited<ReturnType<typeof toolkitSectionsOf>>;
  let enrolmentA: number;
  let enrolmentB: number;
  const toolkitA = () => `/sessions/${cast.sessionA.id}/toolkit`;

  beforeAll(async () => {
    other = await createCourse(ctx.db);
    sectionsA = await toolkitSectionsOf(ctx.db, cast.course.id);
    enrolmentA = await enrolmentOf(ctx.db, cast.sessionA.id, cast.learnerA.id);
    enrolmentB = await enrolmentOf(ctx.db, cast.sessionB.id, cast.learnerB.id);
    const exercise = await ctx.db('exercises as x').join('course_modules as cm', 'cm.id', 'x.course_module_id')
      .where({ 'cm.course_id': cast.course.id, 'cm.week': 1 }).select('x.id').first();
    await ctx.db('reflections').insert({ enrolment_id: enrolmentA, exercise_id: exercise.id, draft_text: 'I breathe out before I answer the phone.' });
  });

  it('answers 404 to a quote into a section of another course, adding nothing', async () => {
    const [foreign] = await toolkitSectionsOf(ctx.db, other.id);
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await postForm(agent, `${toolkitA()}/quotes`, { sectionId: String(foreign.id), passage: 'I breathe out' }, toolkitA());
    expect(res.status).toBe(404);
    expect(await ctx.db('toolkit_entries').where({ enrolment_id: enrolmentA })).toHaveLength(0);
  });

  it('refuses a new order that names another learner’s entry, moving nothing of either', async () => {
    const section = sectionsA[0];
    const mine = await addToolkitEntries(ctx.db, enrolmentA, section.id, ['Mine one', 'Mine two']);
    const [theirs] = await addToolkitEntries(ctx.db, enrolmentB, section.id, ['Theirs']);
    const agent = await signIn(ctx.app, cast.learnerA);
    const token = await csrfFrom(agent, toolkitA());
    const res = await agent.post(`${toolkitA()}/sections/${section.id}/order`).set('x-csrf-token', token).set('Accept', 'application/json').send({ entryIds: [theirs, mine[1]] });
    expect(res.status).toBe(409);
    expect((await entriesOf(ctx.db, enrolmentA, section.id)).map((e) => e.body)).toEqual(['Mine one', 'Mine two']);
    expect(await entriesOf(ctx.db, enrolmentB, section.id)).toEqual([{ id: theirs, position: 1, body: 'Theirs' }]);
    await ctx.db('toolkit_entries').whereIn('id', [...mine, theirs]).del();
  });

  it('keeps the text of an entry deleted meanwhile only in a section of the learner’s own course', async () => {
    const [foreign] = await toolkitSectionsOf(ctx.db, other.id);
    const [gone] = await addToolkitEntries(ctx.db, enrolmentA, sectionsA[0].id, ['Soon deleted']);
    await ctx.db('toolkit_entries').where({ id: gone }).del();
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await postForm(agent, `${toolkitA()}/entries/${gone}`, { body: 'Rewritten words', section_id: String(foreign.id) }, toolkitA());
    expect(res.status).toBe(404);
    expect(await ctx.db('toolkit_texts_set_aside').where({ enrolment_id: enrolmentA })).toHaveLength(0);
  });

  it('returns from adding a suggestion only to a path on this site', async () => {
    const suggestion = await ctx.db('reading_suggestions as rs').join('readings as r', 'r.id', 'rs.reading_id')
      .join('course_modules as cm', 'cm.id', 'r.course_module_id').where({ 'cm.course_id': cast.course.id, 'cm.week': 1 }).select('rs.id').first();
    const agent = await signIn(ctx.app, cast.learnerA);
    for (const elsewhere of ['https://evil.example/', '//evil.example', '/\\evil.example', '/\t/evil.example', '/\n/evil.example']) {
      const res = await postForm(agent, `${toolkitA()}/suggestions/${suggestion.id}`, { returnTo: elsewhere }, toolkitA());
      expect(res.status).toBe(302);
      expect(res.headers.location).toMatch(new RegExp(`^${toolkitA()}#section-\\d+$`));
    }
  });
});
