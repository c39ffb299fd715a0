import { listOwnReflectionTexts } from '../../src/reflections';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';
import { enrolmentIdOf, postReflection, reflectionUrl } from '../helpers/reflections-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('listOwnReflectionTexts (for the toolkit)', () => {
  it('gives the draft before submitting, then the latest submitted text, only for the weeks asked, and nothing of another learner', async () => {
    const c = await createCohorts(ctx.db);
    const enrolmentA = await enrolmentIdOf(ctx.db, c.sessionA.id, c.learnerA.id);
    const enrolmentB = await enrolmentIdOf(ctx.db, c.sessionB.id, c.learnerB.id);
    const agent = await signIn(ctx.app, c.learnerA);
    const texts = (enrolmentId: number, weeks = [1, 2]) => listOwnReflectionTexts(ctx.db, enrolmentId, weeks);
    expect(await texts(enrolmentA)).toEqual([]);
    await postForm(agent, `${reflectionUrl(c.sessionA.id, 1)}/draft`, { text: '   ' }, reflectionUrl(c.sessionA.id, 1));
    expect(await texts(enrolmentA)).toEqual([]);
    await postForm(agent, `${reflectionUrl(c.sessionA.id, 1)}/draft`, { text: 'Draft words' }, reflectionUrl(c.sessionA.id, 1));
    expect(await texts(enrolmentA)).toEqual([{ week: 1, text: 'Draft words' }]);
    await postReflection(agent, c.sessionA.id, 1, 'Submitted words');
    expect(await texts(enrolmentA)).toEqual([{ week: 1, text: 'Submitted words' }]);
    await ctx.db('reflections').where({ enrolment_id: enrolmentA }).update({ status: 'returned' });
    await postReflection(agent, c.sessionA.id, 1, 'Second version');
    expect(await texts(enrolmentA)).toEqual([{ week: 1, text: 'Second version' }]);
    expect(await texts(enrolmentA, [2])).toEqual([]);
    expect(await texts(enrolmentA, [])).toEqual([]);
    expect(await texts(enrolmentB)).toEqual([]);
  });
});

describe('the reflection page for staff', () => {
  it('sends the session instructor to the feedback queue and others to 404', async () => {
    const c = await createCohorts(ctx.db);
    const instructor = await signIn(ctx.app, c.instructorA);
    const res = await instructor.get(reflectionUrl(c.sessionA.id, 1));
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/sessions/${c.sessionA.id}/feedback`);
    const other = await signIn(ctx.app, c.instructorB);
    expect((await other.get(reflectionUrl(c.sessionA.id, 1))).status).toBe(404);
  });
});
