import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { createThread } from '../helpers/discussions-factories';
import { signIn } from '../helpers/http';

// The tools above a thread (follow, email preferences, and for staff pin and lock) wrap on a
// phone: as a list spaced apart, with no "·" left hanging at the end of a line.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const toolsOf = (html: string) => /<ul class="thread-tools">([\s\S]*?)<\/ul>/.exec(html)?.[1];
const itemsOf = (tools: string) => [...tools.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/<input type="hidden"[^>]*>/g, '').replace(/\s+/g, ' ').trim());

describe('the tools above a thread', () => {
  it('are list items with no separator characters, for learners and for staff', async () => {
    const c = await createCohorts(ctx.db);
    const { threadId } = await createThread(ctx.db, { sessionId: c.sessionA.id, courseId: c.course.id, authorId: c.learnerA.id });

    const learner = toolsOf((await (await signIn(ctx.app, c.learnerA)).get(`/threads/${threadId}`)).text);
    expect(learner).toBeDefined();
    expect(learner).not.toContain('·');
    expect(itemsOf(learner!)).toEqual([
      expect.stringMatching(/^<form method="post" action="\/threads\/\d+\/(un)?follow" class="inline-form"> <button type="submit" class="link-button">(Stop following|Follow) this thread<\/button> <\/form>$/),
      '<a href="/discussions/preferences">Email preferences</a>',
    ]);

    const staff = toolsOf((await (await signIn(ctx.app, c.instructorA)).get(`/threads/${threadId}`)).text);
    expect(staff).not.toContain('·');
    const items = itemsOf(staff!);
    expect(items.map((i) => />([^<>]+)<\/(button|a|summary)>/.exec(i)?.[1])).toEqual(['Follow this thread', 'Email preferences', 'Moderate this thread']);
    // Pin and lock sit behind one disclosure, each with its reason.
    expect([...items[2].matchAll(/<button type="submit">([^<]+)<\/button>/g)].map((m) => m[1])).toEqual(['Pin', 'Lock']);
  });

  it('sit in a row that wraps, without list bullets', async () => {
    const css = (await request(ctx.app).get('/static/css/site.css')).text;
    expect(css).toMatch(/\.thread-tools \{ display: flex; flex-wrap: wrap; gap: [^;]+; align-items: center; list-style: none; padding: 0;/);
  });
});
