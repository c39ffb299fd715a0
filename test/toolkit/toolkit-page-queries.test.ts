import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createSession, createUser, enrol, testCourseData } from '../helpers/factories';
import { signIn, type Agent } from '../helpers/http';
import { queriesDuring } from '../helpers/queries';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A learner `weeks` weeks into a course of that many weeks, with a reflection and `entriesPerSection` entries every week. */
async function learnerWithToolkit(weeks: number, entriesPerSection: number): Promise<{ agent: Agent; url: string }> {
  const base = testCourseData();
  const modules = Array.from({ length: weeks }, (_, i) => ({
    ...base.modules[0],
    week: i + 1,
    title: `Week ${i + 1} title`,
    readings: [{ slug: `reading-${i + 1}`, title: `Reading ${i + 1}`, minutes: 5, bodyMd: 'Body.', suggestions: [{ sectionKey: `section-${i + 1}`, text: `Idea ${i + 1}` }] }],
    exercise: { title: `Exercise ${i + 1}`, promptMd: 'Prompt.' },
    toolkitSections: [{ key: `section-${i + 1}`, title: `Section ${i + 1}`, prompt: 'Prompt', examples: [] }],
  }));
  const course = await createCourse(ctx.db, { modules });
  const session = await createSession(ctx.db, course.id, { startedDaysAgo: 7 * weeks, weeks });
  const learner = await createUser(ctx.db);
  const enrolmentId = await enrol(ctx.db, session.id, learner.id);
  const sections: { id: number; week: number }[] = await ctx.db('toolkit_sections as ts').join('course_modules as m', 'm.id', 'ts.course_module_id').where('m.course_id', course.id).select('ts.id', 'm.week');
  const exercises: { id: number; week: number }[] = await ctx.db('exercises as x').join('course_modules as m', 'm.id', 'x.course_module_id').where('m.course_id', course.id).select('x.id', 'm.week');
  for (const section of sections) {
    const entries = Array.from({ length: entriesPerSection }, (_, n) => ({ enrolment_id: enrolmentId, toolkit_section_id: section.id, position: n + 1, body: `Entry ${n + 1} of week ${section.week}` }));
    await ctx.db('toolkit_entries').insert(entries);
  }
  await ctx.db('reflections').insert(exercises.map((x) => ({ enrolment_id: enrolmentId, exercise_id: x.id, draft_text: `My reflection on week ${x.week}` })));
  return { agent: await signIn(ctx.app, learner), url: `/sessions/${session.id}/toolkit` };
}

describe('the toolkit page', () => {
  it('sends the same queries however many weeks, reflections and entries the learner has', async () => {
    const small = await learnerWithToolkit(1, 1);
    const large = await learnerWithToolkit(4, 6);
    const few = await queriesDuring(ctx.db, () => small.agent.get(small.url));
    const many = await queriesDuring(ctx.db, () => large.agent.get(large.url));
    expect(few.result.status).toBe(200);
    expect(many.result.status).toBe(200);
    expect(many.result.text).toContain('My reflection on week 4');
    expect(many.result.text).toContain('Entry 6 of week 3');
    expect(many.sql).toHaveLength(few.sql.length);
  });
});
