import type { Db } from '../db';

/** What a course holds that a copy brings along, for the copy form to say. */
export interface CourseContentCounts {
  weeks: number;
  readings: number;
  files: number;
  exercises: number;
  sections: number;
}

export async function countCourseContent(db: Db, courseId: number): Promise<CourseContentCounts> {
  const inCourse = (table: string) =>
    `(select count(*)::int from ${table} join course_modules m on m.id = ${table}.course_module_id where m.course_id = :courseId)`;
  const { rows } = await db.raw(
    `select (select count(*)::int from course_modules where course_id = :courseId) as weeks,
            ${inCourse('readings')} as readings,
            (select count(*)::int from reading_files f join readings r on r.id = f.reading_id join course_modules m on m.id = r.course_module_id
              where m.course_id = :courseId) as files,
            ${inCourse('exercises')} as exercises,
            ${inCourse('toolkit_sections')} as sections`,
    { courseId },
  );
  return rows[0];
}

/** The storage keys of every file attached to the course's readings. */
export async function listCourseFileKeys(db: Db, courseId: number): Promise<string[]> {
  const rows: { storage_key: string }[] = await db('reading_files as f')
    .join('readings as r', 'r.id', 'f.reading_id')
    .join('course_modules as m', 'm.id', 'r.course_module_id')
    .where('m.course_id', courseId)
    .orderBy('f.id')
    .select('f.storage_key');
  return rows.map((r) => r.storage_key);
}

// Weeks of the copy match the original's by number, readings by week and web address (both unique).
const WEEK_PAIRS = `select o.id as old_id, n.id as new_id from course_modules o
  join course_modules n on n.course_id = :to and n.week = o.week where o.course_id = :from`;
const READING_PAIRS = `select o.id as old_id, n.id as new_id from (${WEEK_PAIRS}) w
  join readings o on o.course_module_id = w.old_id join readings n on n.course_module_id = w.new_id and n.slug = o.slug`;

/**
 * Copies a course's weeks, readings with their toolkit ideas and files, exercises and toolkit
 * sections into another (empty) course. `fileKeys` maps each original file's storage key to the
 * key of its copied bytes; a file missing from it is left out.
 */
export async function copyCourseContent(trx: Db, from: number, to: number, fileKeys: Map<string, string>): Promise<void> {
  const ids = { from, to };
  await trx.raw(
    `insert into course_modules (course_id, week, title, summary_md, summary_html, outcome_numbers, estimated_minutes, discussion_prompt_md, discussion_prompt_html)
     select :to, week, title, summary_md, summary_html, outcome_numbers, estimated_minutes, discussion_prompt_md, discussion_prompt_html
       from course_modules where course_id = :from order by week`,
    ids,
  );
  await trx.raw(
    `insert into exercises (course_module_id, title, prompt_md, prompt_html)
     select w.new_id, e.title, e.prompt_md, e.prompt_html from exercises e join (${WEEK_PAIRS}) w on w.old_id = e.course_module_id`,
    ids,
  );
  await trx.raw(
    `insert into toolkit_sections (course_module_id, position, key, title, prompt, examples)
     select w.new_id, s.position, s.key, s.title, s.prompt, s.examples from toolkit_sections s join (${WEEK_PAIRS}) w on w.old_id = s.course_module_id
      order by s.id`,
    ids,
  );
  await trx.raw(
    `insert into readings (course_module_id, position, slug, title, minutes, content_note, body_md, body_html)
     select w.new_id, r.position, r.slug, r.title, r.minutes, r.content_note, r.body_md, r.body_html from readings r join (${WEEK_PAIRS}) w on w.old_id = r.course_module_id
      order by r.id`,
    ids,
  );
  await trx.raw(
    `insert into reading_suggestions (reading_id, section_key, text, position)
     select p.new_id, s.section_key, s.text, s.position from reading_suggestions s join (${READING_PAIRS}) p on p.old_id = s.reading_id order by s.id`,
    ids,
  );
  const keys = JSON.stringify([...fileKeys].map(([old_key, new_key]) => ({ old_key, new_key })));
  await trx.raw(
    `insert into reading_files (reading_id, storage_key, original_name, content_type, size_bytes)
     select p.new_id, k.new_key, f.original_name, f.content_type, f.size_bytes from reading_files f
       join (${READING_PAIRS}) p on p.old_id = f.reading_id
       join jsonb_to_recordset(cast(:keys as jsonb)) as k(old_key text, new_key text) on k.old_key = f.storage_key
      order by f.id`,
    { ...ids, keys },
  );
}
