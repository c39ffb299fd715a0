import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { decode, postForm, signIn } from '../helpers/http';
import { enrolmentOf, follow } from '../helpers/enrolment-factories';

const confirmed = { confirm: 'yes' };

async function learnerInStartedSession(c: TestContext, instructors: { name: string }[] = []) {
  const course = await createCourse(c.db);
  const session = await createSession(c.db, course.id, { startedDaysAgo: 3 });
  for (const person of instructors) await assignInstructor(c.db, session.id, (await createUser(c.db, { role: 'instructor', name: person.name })).id);
  const learner = await createUser(c.db);
  await enrol(c.db, session.id, learner.id);
  return { session, learner, agent: await signIn(c.app, learner) };
}

describe('with CONTACT_EMAIL set', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { CONTACT_EMAIL: 'help@kindred.example' } });
  });
  afterAll(() => ctx.close());

  it('shows the address as a mailto link in the footer', async () => {
    const page = await request(ctx.app).get('/courses');
    expect(page.text).toContain('Questions? Write to <a href="mailto:help@kindred.example">help@kindred.example</a>');
  });

  it('after the start, the withdraw page and the refusal give the address to write to', async () => {
    const { session, learner, agent } = await learnerInStartedSession(ctx, [{ name: 'Ina Instructor' }]);
    const page = decode((await agent.get(`/sessions/${session.id}/withdraw`)).text);
    expect(page).toContain('Please write to <a href="mailto:help@kindred.example">help@kindred.example</a> and we will help.');
    expect(page).not.toContain('Please contact us');
    const res = await postForm(agent, `/sessions/${session.id}/withdraw`, confirmed);
    expect(decode((await follow(agent, res)).text)).toContain('you can no longer withdraw here. Please write to help@kindred.example and we will help.');
    expect(await enrolmentOf(ctx.db, session.id, learner.id)).toMatchObject({ status: 'enrolled' });
  });
});

describe('without CONTACT_EMAIL', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('shows no contact line in the footer', async () => {
    const { agent } = await learnerInStartedSession(ctx);
    expect((await agent.get('/dashboard')).text).not.toContain('Questions? Write to');
  });

  it('after the start, points the learner to the session’s instructors by name and email', async () => {
    const { session, agent } = await learnerInStartedSession(ctx, [{ name: 'Ina Teacher' }, { name: 'Otto Teacher' }]);
    const instructors = await ctx.db('users').whereIn('name', ['Ina Teacher', 'Otto Teacher']).orderBy('name').select('email');
    const page = decode((await agent.get(`/sessions/${session.id}/withdraw`)).text);
    expect(page).toContain('Please write to your instructors, who can help:');
    expect(page).toContain(`Ina Teacher: <a href="mailto:${instructors[0].email}">`);
    expect(page).toContain(`Otto Teacher: <a href="mailto:${instructors[1].email}">`);
    const res = await postForm(agent, `/sessions/${session.id}/withdraw`, confirmed);
    expect(decode((await follow(agent, res)).text)).toContain('Please write to your instructors, Ina Teacher');
  });

  it('after the start, with no instructor assigned, makes no promise of help it cannot keep', async () => {
    const { session, agent } = await learnerInStartedSession(ctx);
    const page = decode((await agent.get(`/sessions/${session.id}/withdraw`)).text);
    expect(page).toContain('you can no longer withdraw here.');
    expect(page).not.toMatch(/contact us|Please write to/);
  });
});
