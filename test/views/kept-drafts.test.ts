import request from 'supertest';
import { checkAndIssue } from '../../src/completion';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast } from '../helpers/completion-factories';
import { createThread } from '../helpers/discussions-factories';
import { createCohorts } from '../helpers/factories';
import { csrfFrom, signIn } from '../helpers/http';

// Unsent text in a discussion, the evaluation or a review is kept in the browser by
// public/js/kept-drafts.js: the pages name each form's place, and the signed-in user it belongs to.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const SCRIPT = '<script src="/static/js/kept-drafts.js" defer></script>';
const bodyTag = (html: string) => /<body[^>]*>/.exec(html)?.[0];
const keysOf = (html: string) => [...html.matchAll(/<form [^>]*data-keep-draft="([^"]*)"/g)].map((m) => m[1]);

describe('forms whose unsent text the browser keeps', () => {
  it('name the board’s new thread, a thread’s reply box and a post’s edit form, on pages that carry the signed-in user’s id', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId, openingPostId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });
    const agent = await signIn(ctx.app, c.learnerA);

    const board = (await agent.get(`/sessions/${c.sessionA.id}/weeks/1/discussion`)).text;
    expect(keysOf(board)).toEqual([`new-thread:${c.sessionA.id}:1`]);
    expect(bodyTag(board)).toBe(`<body data-user-id="${c.learnerA.id}">`);
    expect(board).toContain(SCRIPT);

    const thread = (await agent.get(`/threads/${threadId}`)).text;
    expect(keysOf(thread)).toEqual([`reply:${threadId}`]);
    expect(bodyTag(thread)).toBe(`<body data-user-id="${c.learnerA.id}">`);

    const edit = (await agent.get(`/posts/${openingPostId}/edit`)).text;
    expect(keysOf(edit)).toEqual([`edit:${openingPostId}`]);

    // Another learner's page carries their own id, never the author's.
    const other = await signIn(ctx.app, c.instructorA);
    expect(bodyTag((await other.get(`/threads/${threadId}`)).text)).toBe(`<body data-user-id="${c.instructorA.id}">`);

    // A visitor's pages carry no id and no script: there is nothing of theirs to keep.
    const visitor = (await request(ctx.app).get('/courses')).text;
    expect(bodyTag(visitor)).toBe('<body>');
    expect(visitor).not.toContain('kept-drafts.js');
  });

  it('name the evaluation of a session and the review of a course', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    const agent = await signIn(ctx.app, cast.learnerA);
    expect(keysOf((await agent.get(`/sessions/${cast.sessionA.id}/evaluation`)).text)).toEqual([`evaluation:${cast.sessionA.id}`]);

    await completeLearnerA(ctx.db, cast);
    await checkAndIssue({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl }, cast.enrolmentA);
    expect(keysOf((await agent.get(`/sessions/${cast.sessionA.id}/review`)).text)).toEqual([`review:${cast.sessionA.id}`]);
  });

  it('are all forgotten by the page that says an account is deleted', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    const token = await csrfFrom(agent, '/account/delete');
    const res = await agent.post('/account/delete').type('form').send({ _csrf: token, password: c.learnerA.password });
    expect(res.text).toContain('Your account is deleted');
    expect(bodyTag(res.text)).toBe('<body data-forget-kept-drafts>');
    expect(res.text).toContain(SCRIPT);
  });

  it('are explained on the privacy page: kept in this browser until sent or logged out', async () => {
    const html = (await request(ctx.app).get('/privacy')).text;
    expect(html).toMatch(/<li id="unsent-text">[^<]*have not sent yet, is kept in this browser \(not on the site\) until you send it or log out, and at most 7 days/);
  });
});
