import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, type TestUser } from '../helpers/factories';
import { unzip } from '../helpers/completion-factories';
import { binary, csrfFrom, decode, postForm, signIn, type Agent } from '../helpers/http';
import { postReflection, reflectionOf, reflectionUrl, reviewUrl, submittedReflection } from '../helpers/reflections-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const submitted = () => submittedReflection(ctx, 'What I noticed this week');

/** The admin, added as a second instructor of session A (only so do they read and answer its reflections). */
async function coInstructor(c: { sessionA: { id: number }; admin: TestUser }): Promise<Agent> {
  await assignInstructor(ctx.db, c.sessionA.id, c.admin.id);
  return signIn(ctx.app, c.admin);
}

const saveDraft = (agent: Agent, url: string, feedback: string) => postForm(agent, `${url}/feedback/draft`, { feedback }, url);
const autosave = async (agent: Agent, url: string, feedback: string) =>
  agent.post(`${url}/feedback/draft`).set('x-csrf-token', await csrfFrom(agent, url)).set('Accept', 'application/json').send({ feedback });
const draftsOf = (reflectionId: number) => ctx.db('feedback_drafts').where({ reflection_id: reflectionId }).orderBy('id');

async function exportOf(agent: Agent): Promise<string> {
  const res = await agent.get('/account/export').buffer(true).parse(binary);
  return unzip(res.body as Buffer)['kindred-data.json'].toString('utf8');
}

describe('feedback drafts', () => {
  it('keeps feedback being written as a draft only its writer sees, until it is sent', async () => {
    const { c, learner, instructor, reflection, url } = await submitted();
    const saved = await saveDraft(instructor, url, 'Half a thought about *rest*');
    expect(saved.status).toBe(302);
    expect(saved.headers.location).toBe(url);
    const page = decode((await instructor.get(url)).text);
    expect(page).toContain('Draft saved at');
    expect(page).toContain('Half a thought about *rest*</textarea>');
    expect(page).toMatch(/Draft saved \d+ \w+ \d{4}, \d\d:\d\d\./);

    const other = await coInstructor(c);
    const seenByOther = await other.get(url);
    expect(seenByOther.status).toBe(200);
    expect(seenByOther.text).not.toContain('Half a thought');
    expect((await learner.get(reflectionUrl(c.sessionA.id, 1))).text).not.toContain('Half a thought');
    expect(await exportOf(learner)).not.toContain('Half a thought');
    expect(await exportOf(instructor)).toContain('Half a thought');

    const auto = await autosave(instructor, url, 'A whole thought about rest');
    expect(auto.status).toBe(200);
    expect(auto.body.savedAtLabel).toMatch(/^\d\d:\d\d$/);
    expect((await draftsOf(reflection.id)).map((d) => [d.author_id, d.version, d.text])).toEqual([[c.instructorA.id, 1, 'A whole thought about rest']]);

    await postForm(instructor, `${url}/feedback`, { feedback: 'A whole thought about rest.', outcome: 'accept' }, url);
    expect(await draftsOf(reflection.id)).toEqual([]);
    expect((await learner.get(reflectionUrl(c.sessionA.id, 1))).text).toContain('A whole thought about rest.');
  });

  it('clears the draft when the box is emptied', async () => {
    const { instructor, reflection, url } = await submitted();
    for (const blank of ['  ', '\u200b\u00a0\n']) {
      await saveDraft(instructor, url, 'Soon gone');
      const cleared = await saveDraft(instructor, url, blank);
      expect(cleared.status).toBe(302);
      expect((await instructor.get(url)).text).toContain('The draft is cleared.');
      expect(await draftsOf(reflection.id)).toEqual([]);
    }
  });

  it('refuses a draft once another has sent the feedback, handing its words back, and keeps the draft they did not send', async () => {
    const { c, instructor, reflection, url } = await submitted();
    await saveDraft(instructor, url, 'My unsent words');
    const admin = await coInstructor(c);
    await postForm(admin, `${url}/feedback`, { feedback: 'Answered by the admin.', outcome: 'return' }, url);
    const late = await saveDraft(instructor, url, 'My later words');
    expect(late.status).toBe(409);
    expect(late.text).toContain('already has feedback');
    expect(late.text).toContain('My later words');
    const lateAuto = await autosave(instructor, url, 'My later words');
    expect(lateAuto.status).toBe(409);
    expect((await draftsOf(reflection.id)).map((d) => d.text)).toEqual(['My unsent words']);
  });

  it('says when a draft was written for a version the learner has revised since', async () => {
    const { c, learner, instructor, url } = await submitted();
    await saveDraft(instructor, url, 'Thoughts on version one');
    const admin = await coInstructor(c);
    await postForm(admin, `${url}/feedback`, { feedback: 'Say more, please.', outcome: 'return' }, url);
    await postReflection(learner, c.sessionA.id, 1, 'Version two, with more');
    const page = decode((await instructor.get(url)).text);
    expect(page).toContain('Thoughts on version one</textarea>');
    expect(page).toContain(`You wrote it for version 1; ${c.learnerA.name} has sent version 2 since.`);
  });

  it('refuses too long a draft next to the field, with the words kept and nothing saved', async () => {
    const { instructor, reflection, url } = await submitted();
    const long = 'y'.repeat(20_001);
    const res = await saveDraft(instructor, url, long);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please keep your feedback to 20,000 characters.');
    expect(res.text).toContain(`${long}</textarea>`);
    expect((await autosave(instructor, url, long)).status).toBe(422);
    expect(await draftsOf(reflection.id)).toEqual([]);
  });

  it('answers 404 to learners, to another session’s instructor, and for a reflection of another session', async () => {
    const { c, reflection, url } = await submitted();
    const learnerB = await signIn(ctx.app, c.learnerB);
    await postReflection(learnerB, c.sessionB.id, 1, 'Session B text');
    const other = await reflectionOf(ctx.db, c.sessionB.id, c.learnerB.id);
    for (const user of [c.learnerA, c.learnerB, c.instructorB]) {
      const agent = await signIn(ctx.app, user);
      expect([403, 404]).toContain((await saveDraft(agent, url, 'Not theirs')).status);
    }
    const instructorA = await signIn(ctx.app, c.instructorA);
    expect((await saveDraft(instructorA, reviewUrl(c.sessionA.id, other.id), 'Wrong session')).status).toBe(404);
    expect(await draftsOf(reflection.id)).toEqual([]);
    expect(await draftsOf(other.id)).toEqual([]);
  });
});

describe('a draft saved while the feedback is being sent', () => {
  it('waits for the send, then is refused, so no draft outlives the feedback it was for', async () => {
    const { instructor, reflection, url } = await submitted();
    const token = await csrfFrom(instructor, url);
    let answer: Promise<{ status: number }> | undefined;
    await ctx.db.transaction(async (trx) => {
      // What sending feedback does: lock the reflection, answer it, and only then commit.
      await trx('reflections').where({ id: reflection.id }).forUpdate().first('id');
      await trx('reflections').where({ id: reflection.id }).update({ status: 'accepted' });
      answer = instructor.post(`${url}/feedback/draft`).set('x-csrf-token', token).set('Accept', 'application/json').send({ feedback: 'Typed as Accept was pressed' }).then((res) => res);
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect((await answer!).status).toBe(409);
    expect(await draftsOf(reflection.id)).toEqual([]);
  });
});
