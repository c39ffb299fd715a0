import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol, type TestUser } from '../helpers/factories';
import { decode, signIn } from '../helpers/http';
import { enrolmentIdOf } from '../helpers/reflections-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Status = 'draft' | 'submitted' | 'returned' | 'accepted';

/** A reflection in the given state, written straight to the database (the list only reads it). */
async function reflectionIn(session: { id: number }, user: TestUser, week: number, status: Status, enrolled = false) {
  const enrolmentId = enrolled ? await enrolmentIdOf(ctx.db, session.id, user.id) : await enrol(ctx.db, session.id, user.id);
  const exercise = await ctx.db('exercises as x')
    .join('course_modules as m', 'm.id', 'x.course_module_id')
    .join('course_sessions as s', 's.course_id', 'm.course_id')
    .where({ 's.id': session.id, 'm.week': week })
    .first('x.id');
  const sent = status !== 'draft';
  const [row] = await ctx.db('reflections')
    .insert({ enrolment_id: enrolmentId, exercise_id: exercise.id, status, draft_text: '', current_version: sent ? 1 : 0, submitted_at: sent ? new Date() : null })
    .returning(['id']);
  return row.id as number;
}

/** The learners' names the page lists, in order. */
const listed = (html: string) => [...html.matchAll(/<td><a href="\/sessions\/\d+\/reflections\/\d+">([^<]+)<span/g)].map((m) => decode(m[1]));

describe('the feedback page beyond the queue', () => {
  it('lists returned, accepted or all submitted reflections with their counts, by week and name, never drafts or another session’s', async () => {
    const c = await createCohorts(ctx.db);
    const rita = await createUser(ctx.db, { name: 'Rita Returned' });
    const abe = await createUser(ctx.db, { name: 'Abe Accepted' });
    const dora = await createUser(ctx.db, { name: 'Dora Drafting' });
    await reflectionIn(c.sessionA, c.learnerA, 1, 'submitted', true);
    const ritaReflection = await reflectionIn(c.sessionA, rita, 1, 'returned');
    await reflectionIn(c.sessionA, abe, 2, 'accepted');
    await reflectionIn(c.sessionA, dora, 1, 'draft');
    await reflectionIn(c.sessionB, c.learnerB, 1, 'accepted', true);
    const instructor = await signIn(ctx.app, c.instructorA);
    const page = async (query: string) => {
      const res = await instructor.get(`/sessions/${c.sessionA.id}/feedback${query}`);
      expect(res.status).toBe(200);
      return decode(res.text);
    };

    const queue = await page('');
    expect(listed(queue)).toEqual([c.learnerA.name]);
    for (const label of ['Waiting for feedback (1)', 'Returned for revision (1)', 'Accepted (1)', 'All submitted (3)']) expect(queue).toContain(`>${label}</option>`);
    const returned = await page('?show=returned');
    expect(listed(returned)).toEqual(['Rita Returned']);
    expect(returned).toContain(`href="/sessions/${c.sessionA.id}/reflections/${ritaReflection}"`);
    expect(listed(await page('?show=accepted'))).toEqual(['Abe Accepted']);
    const all = await page('?show=all');
    // By week, then by name.
    expect(listed(all)).toEqual([c.learnerA.name, 'Rita Returned', 'Abe Accepted']);
    expect(all).toContain('<td>Returned for revision</td>');
    expect(all).not.toContain('Dora Drafting');
    expect(all).not.toContain(c.learnerB.name);

    const week2 = await page('?show=all&week=2');
    expect(listed(week2)).toEqual(['Abe Accepted']);
    expect(week2).toContain('>All submitted (1)</option>');
    expect(week2).toContain('>Waiting for feedback (0)</option>');
    expect(listed(await page('?show=all&q=rita'))).toEqual(['Rita Returned']);
    const wildcard = await page('?show=all&q=%25');
    expect(listed(wildcard)).toEqual([]);
    expect(wildcard).toContain('No reflection matches these filters.');
    expect(listed(await page('?show=everything&week=x&page=-2'))).toEqual([c.learnerA.name]);
  });

  it('pages through them 50 at a time, and keeps the filters on the pages', async () => {
    const c = await createCohorts(ctx.db);
    for (let i = 0; i < 26; i += 1) {
      const learner = await createUser(ctx.db, { name: `Paged ${String(i).padStart(2, '0')}` });
      await reflectionIn(c.sessionA, learner, 1, 'accepted');
      await reflectionIn(c.sessionA, learner, 2, 'accepted', true);
    }
    const instructor = await signIn(ctx.app, c.instructorA);
    const first = decode((await instructor.get(`/sessions/${c.sessionA.id}/feedback?show=accepted`)).text);
    expect(listed(first)).toHaveLength(50);
    expect(listed(first).slice(0, 2)).toEqual(['Paged 00', 'Paged 01']);
    expect(first).toContain('Page 1 of 2.');
    expect(first).toContain(`href="/sessions/${c.sessionA.id}/feedback?show=accepted&page=2" rel="next"`);
    const second = decode((await instructor.get(`/sessions/${c.sessionA.id}/feedback?show=accepted&page=2`)).text);
    expect(listed(second)).toEqual(['Paged 24', 'Paged 25']);
    expect(second).toContain(`href="/sessions/${c.sessionA.id}/feedback?show=accepted" rel="prev"`);
    expect(listed(decode((await instructor.get(`/sessions/${c.sessionA.id}/feedback?show=accepted&page=9`)).text))).toEqual(['Paged 24', 'Paged 25']);
  });
});
