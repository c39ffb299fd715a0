import type { Db } from '../db';

export interface CourseRow {
  id: number;
  slug: string;
  title: string;
  summary: string;
  description_md: string;
  description_html: string;
  contact_hours: number;
  price_minor: number;
  currency: string;
  outcomes: string[];
  audience_md: string;
  audience_html: string;
  provider_name: string;
  instructor_name: string;
  instructor_bio_md: string;
  instructor_bio_html: string;
  support_resources_md: string;
  support_resources_html: string;
  completion_rules: Record<string, unknown>;
  published: boolean;
  updated_at: Date;
}

export type CourseColumns = Omit<CourseRow, 'id' | 'published' | 'updated_at' | 'completion_rules' | 'outcomes'> & { outcomes: string[] };

export interface CourseListRow {
  id: number;
  slug: string;
  title: string;
  published: boolean;
  module_count: number;
  updated_at: Date;
}

export function listCourses(db: Db): Promise<CourseListRow[]> {
  return db('courses as c')
    .select('c.id', 'c.slug', 'c.title', 'c.published', 'c.updated_at')
    .select(db.raw('(select count(*)::int from course_modules m where m.course_id = c.id) as module_count'))
    .orderBy('c.title');
}

export async function findCourse(db: Db, courseId: number, opts: { forUpdate?: boolean } = {}): Promise<CourseRow | undefined> {
  const query = db('courses').where({ id: courseId }).first<CourseRow | undefined>();
  return opts.forUpdate ? query.forUpdate() : query;
}

export async function slugTaken(db: Db, slug: string, exceptCourseId?: number): Promise<boolean> {
  const query = db('courses').where({ slug }).first('id');
  if (exceptCourseId) query.whereNot({ id: exceptCourseId });
  return Boolean(await query);
}

export async function insertCourse(db: Db, columns: CourseColumns, completionRules: Record<string, unknown>): Promise<number> {
  const [row] = await db('courses')
    .insert({ ...columns, outcomes: JSON.stringify(columns.outcomes), completion_rules: JSON.stringify(completionRules), published: false })
    .returning('id');
  return row.id;
}

export async function updateCourse(db: Db, courseId: number, columns: Partial<CourseColumns>): Promise<void> {
  const { outcomes, ...rest } = columns;
  await db('courses')
    .where({ id: courseId })
    .update({ ...rest, ...(outcomes ? { outcomes: JSON.stringify(outcomes) } : {}), updated_at: db.fn.now() });
}

export async function setCompletionRules(db: Db, courseId: number, rules: Record<string, unknown>): Promise<void> {
  await db('courses').where({ id: courseId }).update({ completion_rules: JSON.stringify(rules), updated_at: db.fn.now() });
}

export async function setPublished(db: Db, courseId: number, published: boolean): Promise<void> {
  await db('courses').where({ id: courseId }).update({ published, updated_at: db.fn.now() });
}

export async function countModules(db: Db, courseId: number): Promise<number> {
  const [row] = await db('course_modules').where({ course_id: courseId }).count<{ n: number }[]>({ n: '*' });
  return Number(row.n);
}

export async function listWeekNumbers(db: Db, courseId: number): Promise<number[]> {
  const rows: { week: number }[] = await db('course_modules').where({ course_id: courseId }).orderBy('week').select('week');
  return rows.map((r) => r.week);
}

/** The outcome numbers each week of the course refers to, by week. */
export function listWeekOutcomeNumbers(db: Db, courseId: number): Promise<{ week: number; outcome_numbers: number[] }[]> {
  return db('course_modules').where({ course_id: courseId }).orderBy('week').select('week', 'outcome_numbers');
}
