import type { Db } from '../db';

export interface OpenSessionRow {
  starts_at: Date;
  time_zone: string;
}

export interface WeekWorkCounts {
  reflections: number;
  posts: number;
  threads: number;
  toolkitEntries: number;
  readingsDone: number;
}

/** Sessions of the course that are neither cancelled nor over: their dates depend on the course's weeks. */
export function listOpenSessions(db: Db, courseId: number): Promise<OpenSessionRow[]> {
  return db('course_sessions')
    .where({ course_id: courseId })
    .whereNot({ status: 'cancelled' })
    .where('ends_at', '>', db.fn.now())
    .orderBy('starts_at')
    .select('starts_at', 'time_zone');
}

const count = (db: Db, sql: string, ...ids: number[]) => db.raw(`(${sql})`, ids);

/** How much learners have written or done in one week, in every session of the course. */
export async function countWeekWork(db: Db, moduleId: number): Promise<WeekWorkCounts> {
  const row = await db
    .select({
      reflections: count(db, 'select count(*)::int from reflections r join exercises e on e.id = r.exercise_id where e.course_module_id = ?', moduleId),
      threads: count(db, 'select count(*)::int from discussion_threads t where t.course_module_id = ?', moduleId),
      posts: count(db, 'select count(*)::int from discussion_posts p join discussion_threads t on t.id = p.thread_id where t.course_module_id = ?', moduleId),
      toolkitEntries: count(
        db,
        `select (select count(*) from toolkit_entries te join toolkit_sections s on s.id = te.toolkit_section_id where s.course_module_id = ?)::int
              + (select count(*) from toolkit_drafts td join toolkit_sections s on s.id = td.toolkit_section_id where s.course_module_id = ?)::int
              + (select count(*) from toolkit_texts_set_aside ta join toolkit_sections s on s.id = ta.toolkit_section_id where s.course_module_id = ?)::int`,
        moduleId,
        moduleId,
        moduleId,
      ),
      readingsDone: count(db, 'select count(*)::int from reading_progress rp join readings r on r.id = rp.reading_id where r.course_module_id = ?', moduleId),
    })
    .first();
  return row as WeekWorkCounts;
}

/** Learners' finished and unfinished entries in one toolkit section. */
export async function countSectionEntries(db: Db, sectionId: number): Promise<number> {
  const row = await db
    .select({
      n: db.raw(
        `((select count(*) from toolkit_entries where toolkit_section_id = ?) + (select count(*) from toolkit_drafts where toolkit_section_id = ?)
          + (select count(*) from toolkit_texts_set_aside where toolkit_section_id = ?))::int`,
        [sectionId, sectionId, sectionId],
      ),
    })
    .first();
  return Number((row as { n: number }).n);
}

export interface RunningSessionRow {
  id: number;
  title: string;
  starts_at: Date;
  time_zone: string;
  /** When an instructor opened the week early, if one did. */
  unlocked_at: Date | null;
}

/** The course's sessions neither cancelled nor over at `now`, each with when week N was opened early (if it was). */
export function listRunningSessionsWithUnlock(db: Db, courseId: number, week: number, now: Date): Promise<RunningSessionRow[]> {
  return db('course_sessions as s')
    .leftJoin('week_unlocks as wu', function onWeek() {
      this.on('wu.course_session_id', 's.id').andOn('wu.week', db.raw('?', [week]));
    })
    .where('s.course_id', courseId)
    .whereNot('s.status', 'cancelled')
    .where('s.ends_at', '>', now)
    .orderBy('s.starts_at')
    .select('s.id', 's.title', 's.starts_at', 's.time_zone', 'wu.unlocked_at');
}
