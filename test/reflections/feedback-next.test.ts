import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol, type TestUser } from '../helpers/factories';
import { decode, postForm, signIn, type Agent } from '../helpers/http';
import { postReflection, reflectionOf, reviewUrl } from '../helpers/reflections-factories';
import { follow } from '../helpers/enrolment-factories';

let ctx: TestContext;
beforeAll(async () => (ctx = await createTestContext()));
afterAll(() => ctx.close());

/**
 * Session A with three learners' week 1 reflections waiting, submitted in the order first, second,
 * third; session B's learner has one waiting too. Instructor A is signed in.
 */
async function queue() {
  const c = await createCohorts(ctx.db);
  const first = c.learnerA;
  const second = await createUser(ctx.db, { name: 'Second Learner' });
  const third = await createUser(ctx.db, { name: 'Third Learner' });
  for (const u of [second, third]) await enrol(ctx.db, c.sessionA.id, u.id);
  const submit = async (u: TestUser, sessionId: number) => expect((await postReflection(await signIn(ctx.app, u), sessionId, 1, `Words of ${u.name}`)).status).toBe(302);
  for (const u of [first, second, third]) await submit(u, c.sessionA.id);
  await submit(c.learnerB, c.sessionB.id);
  const idOf = async (u: TestUser) => (await reflectionOf(ctx.db, c.sessionA.id, u.id)).id as number;
  const instructor = await signIn(ctx.app, c.instructorA);
  return { c, instructor, ids: { first: await idOf(first), second: await idOf(second), third: await idOf(third) }, names: { first: first.name, second: second.name } };
}

const send = (agent: Agent, sessionId: number, reflectionId: number, form: Record<string, string>) =>
  postForm(agent, `${reviewUrl(sessionId, reflectionId)}/feedback`, form, reviewUrl(sessionId, reflectionId));

describe('going on to the next reflection waiting', () => {
  it('offers it on the review page, ticked, with how many more wait in this session', async () => {
    const { c, instructor, ids } = await queue();
    const page = await instructor.get(reviewUrl(c.sessionA.id, ids.second));
    expect(page.text).toMatch(/name="then" value="next" checked> Once it is sent, open the next reflection waiting \(2 more\)/);
  });

  it('opens the oldest one still waiting once the feedback is sent, and says whose it is', async () => {
    const { c, instructor, ids, names } = await queue();
    const res = await send(instructor, c.sessionA.id, ids.second, { feedback: 'Thank you.', outcome: 'accept', then: 'next' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(reviewUrl(c.sessionA.id, ids.first));
    const landed = decode((await follow(instructor, res)).text);
    expect(landed).toContain(`Feedback sent to ${names.second}: accepted. Next: ${names.first}, week 1.`);
    expect(landed).toContain('open the next reflection waiting (1 more)');
  });

  it('goes back to the queue without the box, and says so when nothing else waits in this session', async () => {
    const { c, instructor, ids } = await queue();
    const plain = await send(instructor, c.sessionA.id, ids.first, { feedback: 'Thank you.', outcome: 'accept' });
    expect(plain.headers.location).toBe(`/sessions/${c.sessionA.id}/feedback`);
    expect((await send(instructor, c.sessionA.id, ids.second, { feedback: 'Thank you.', outcome: 'accept', then: 'next' })).headers.location).toBe(reviewUrl(c.sessionA.id, ids.third));
    expect((await instructor.get(reviewUrl(c.sessionA.id, ids.third))).text).not.toContain('name="then"');
    // Session B's reflection still waits, but it is not this session's.
    const last = await send(instructor, c.sessionA.id, ids.third, { feedback: 'Thank you.', outcome: 'accept', then: 'next' });
    expect(last.headers.location).toBe(`/sessions/${c.sessionA.id}/feedback`);
    expect(decode((await follow(instructor, last)).text)).toContain('Nothing else is waiting for feedback.');
  });

  it('keeps the box as it was chosen when the feedback is handed back for a fix', async () => {
    const { c, instructor, ids } = await queue();
    const unticked = await send(instructor, c.sessionA.id, ids.second, { feedback: '', outcome: 'return' });
    expect(unticked.status).toBe(422);
    expect(unticked.text).toMatch(/name="then" value="next">/);
    const ticked = await send(instructor, c.sessionA.id, ids.second, { feedback: '', outcome: 'return', then: 'next' });
    expect(ticked.status).toBe(422);
    expect(ticked.text).toMatch(/name="then" value="next" checked>/);
  });
});
