import type { Knex } from 'knex';
import { createCourse, createSession, createUser, enrol, testCourseData } from './factories';

/** The toolkit sections of a course in course order, with their week. */
export async function toolkitSectionsOf(db: Knex, courseId: number): Promise<{ id: number; key: string; title: string; week: number }[]> {
  return db('toolkit_sections as ts')
    .join('course_modules as cm', 'cm.id', 'ts.course_module_id')
    .select('ts.id', 'ts.key', 'ts.title', 'cm.week')
    .where('cm.course_id', courseId)
    .orderBy(['cm.week', 'ts.position']);
}

export async function enrolmentOf(db: Knex, sessionId: number, userId: number): Promise<number> {
  const row = await db('enrolments').select('id').where({ course_session_id: sessionId, user_id: userId }).first();
  return row.id;
}

/** Inserts entries at positions 1..n of a section, straight into the table. */
export async function addToolkitEntries(db: Knex, enrolmentId: number, sectionId: number, bodies: string[]): Promise<number[]> {
  const rows = await db('toolkit_entries')
    .insert(bodies.map((body, i) => ({ enrolment_id: enrolmentId, toolkit_section_id: sectionId, position: i + 1, body })))
    .returning('id');
  return rows.map((r: { id: number }) => r.id);
}

/** The entries of a section in their stored order. */
export async function entriesOf(db: Knex, enrolmentId: number, sectionId: number): Promise<{ id: number; position: number; body: string }[]> {
  return db('toolkit_entries').select('id', 'position', 'body').where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId }).orderBy('position');
}

/** A four-week course with a session that started `startedDaysAgo` days ago and one enrolled learner. */
export async function createFourWeekCohort(db: Knex, opts: { startedDaysAgo?: number } = {}) {
  const base = testCourseData();
  const template = base.modules[0];
  const modules = [1, 2, 3, 4].map((week) => ({
    ...template,
    week,
    title: `Week ${week} title`,
    readings: [{ ...template.readings[0], slug: `reading-${week}`, suggestions: [{ sectionKey: `section-${week}`, text: `Suggestion ${week}` }] }],
    toolkitSections: [{ key: `section-${week}`, title: `Section ${week}`, prompt: `Prompt ${week}`, examples: ['Example'] }],
  }));
  const course = await createCourse(db, { modules });
  const session = await createSession(db, course.id, { startedDaysAgo: opts.startedDaysAgo ?? 1, weeks: 4 });
  const learner = await createUser(db);
  const enrolmentId = await enrol(db, session.id, learner.id);
  return { course, session, learner, enrolmentId };
}
