import type { Db } from '../db';

export interface CourseModuleRow {
  id: number;
  course_id: number;
  week: number;
  title: string;
  summary_md: string;
  summary_html: string;
  outcome_numbers: number[];
  estimated_minutes: number;
  discussion_prompt_md: string;
  discussion_prompt_html: string;
}

export type CourseModuleColumns = Omit<CourseModuleRow, 'id' | 'course_id'>;

export interface ExerciseRow {
  id: number;
  course_module_id: number;
  title: string;
  prompt_md: string;
  prompt_html: string;
}

export interface CourseModuleListRow {
  id: number;
  week: number;
  title: string;
  reading_count: number;
  section_count: number;
  has_exercise: boolean;
}

export function listCourseModules(db: Db, courseId: number): Promise<CourseModuleListRow[]> {
  return db('course_modules as m')
    .select('m.id', 'm.week', 'm.title')
    .select(db.raw('(select count(*)::int from readings r where r.course_module_id = m.id) as reading_count'))
    .select(db.raw('(select count(*)::int from toolkit_sections s where s.course_module_id = m.id) as section_count'))
    .select(db.raw('exists (select 1 from exercises e where e.course_module_id = m.id) as has_exercise'))
    .where('m.course_id', courseId)
    .orderBy('m.week');
}

/** The module only if it belongs to the course, so a foreign id reads as missing. */
export async function findCourseModule(db: Db, courseId: number, moduleId: number, opts: { forUpdate?: boolean } = {}): Promise<CourseModuleRow | undefined> {
  const query = db('course_modules').where({ id: moduleId, course_id: courseId });
  if (opts.forUpdate) query.forUpdate();
  return query.first();
}

export async function weekTaken(db: Db, courseId: number, week: number, exceptModuleId?: number): Promise<boolean> {
  const query = db('course_modules').where({ course_id: courseId, week });
  if (exceptModuleId) query.whereNot({ id: exceptModuleId });
  return Boolean(await query.first('id'));
}

function toRow(columns: Partial<CourseModuleColumns>): Record<string, unknown> {
  const { outcome_numbers, ...rest } = columns;
  return { ...rest, ...(outcome_numbers ? { outcome_numbers: JSON.stringify(outcome_numbers) } : {}) };
}

export async function insertCourseModule(db: Db, courseId: number, columns: CourseModuleColumns): Promise<number> {
  const [row] = await db('course_modules').insert({ course_id: courseId, ...toRow(columns) }).returning('id');
  return row.id;
}

export async function updateCourseModule(db: Db, moduleId: number, columns: CourseModuleColumns): Promise<void> {
  await db('course_modules').where({ id: moduleId }).update(toRow(columns));
}

export async function deleteCourseModule(db: Db, moduleId: number): Promise<void> {
  await db('course_modules').where({ id: moduleId }).delete();
}

export function findExercise(db: Db, moduleId: number): Promise<ExerciseRow | undefined> {
  return db('exercises').where({ course_module_id: moduleId }).first();
}

export async function upsertExercise(db: Db, moduleId: number, columns: Pick<ExerciseRow, 'title' | 'prompt_md' | 'prompt_html'>): Promise<void> {
  await db('exercises')
    .insert({ course_module_id: moduleId, ...columns })
    .onConflict('course_module_id')
    .merge(['title', 'prompt_md', 'prompt_html']);
}

export async function touchCourse(db: Db, courseId: number): Promise<void> {
  await db('courses').where({ id: courseId }).update({ updated_at: db.fn.now() });
}

export async function nextWeek(db: Db, courseId: number): Promise<number> {
  const row = await db('course_modules').where({ course_id: courseId }).max<{ max: number | null }>('week as max').first();
  return Number(row?.max ?? 0) + 1;
}
