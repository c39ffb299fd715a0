import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser } from '../helpers/factories';
import { signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

// Sessions from createCohorts started yesterday: week 2 opens in six days.
const discussion = (sessionId: number) => `/sessions/${sessionId}/weeks/2/discussion`;
const reflection = (sessionId: number) => `/sessions/${sessionId}/weeks/2/reflection`;

describe('links into a week that has not opened yet', () => {
  it('shows a learner of the session the kind "opens on" page for the week’s discussion, without its content or its forms', async () => {
    const c = await createCohorts(ctx.db);
    const res = await (await signIn(ctx.app, c.learnerA)).get(discussion(c.sessionA.id));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Week 2: Week 2 title');
    expect(res.text).toMatch(/This week opens on \w+day \d+ \w+ \d{4}\./);
    expect(res.text).not.toContain('Discuss week 2.');
    expect(res.text).not.toContain('/weeks/2/discussion/threads');
    expect(res.text).not.toContain('/weeks/2/discussion/settings');
  });

  it('shows a learner of the session the same page for the week’s reflection, without the prompt or its form', async () => {
    const c = await createCohorts(ctx.db);
    const res = await (await signIn(ctx.app, c.learnerA)).get(reflection(c.sessionA.id));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/This week opens on \w+day \d+ \w+ \d{4}\./);
    expect(res.text).not.toContain('Prompt 2.');
    expect(res.text).not.toContain('/weeks/2/reflection/');
    expect(res.text).not.toContain('<textarea');
  });

  it('still answers 404 to a learner of another session and to someone outside the course', async () => {
    const c = await createCohorts(ctx.db);
    const stranger = await createUser(ctx.db);
    for (const user of [c.learnerB, stranger]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(discussion(c.sessionA.id))).status).toBe(404);
      expect((await agent.get(reflection(c.sessionA.id))).status).toBe(404);
    }
  });

  it('still answers 404 to a learner for a week the course does not have', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    expect((await agent.get(`/sessions/${c.sessionA.id}/weeks/9/discussion`)).status).toBe(404);
    expect((await agent.get(`/sessions/${c.sessionA.id}/weeks/9/reflection`)).status).toBe(404);
  });
});
