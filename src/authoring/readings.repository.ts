import type { Db } from '../db';
import { type WantedSuggestion, matchSuggestions } from './suggestion-matching';

export interface ReadingRow {
  id: number;
  course_module_id: number;
  position: number;
  slug: string;
  title: string;
  minutes: number;
  content_note: string | null;
  body_md: string;
  body_html: string;
}

export type ReadingColumns = Pick<ReadingRow, 'slug' | 'title' | 'minutes' | 'content_note' | 'body_md' | 'body_html'>;

export interface SuggestionRow {
  id: number;
  reading_id: number;
  section_key: string;
  text: string;
}

export function listReadings(db: Db, moduleId: number): Promise<ReadingRow[]> {
  return db('readings').where({ course_module_id: moduleId }).orderBy('position');
}

export function findReading(db: Db, moduleId: number, readingId: number): Promise<ReadingRow | undefined> {
  return db('readings').where({ id: readingId, course_module_id: moduleId }).first();
}

export function listSuggestions(db: Db, readingId: number): Promise<SuggestionRow[]> {
  return db('reading_suggestions').where({ reading_id: readingId }).orderBy(['position', 'id']);
}

export async function readingSlugTaken(db: Db, moduleId: number, slug: string, exceptReadingId?: number): Promise<boolean> {
  const query = db('readings').where({ course_module_id: moduleId, slug });
  if (exceptReadingId) query.whereNot({ id: exceptReadingId });
  return Boolean(await query.first('id'));
}

export async function nextReadingPosition(db: Db, moduleId: number): Promise<number> {
  const row = await db('readings').where({ course_module_id: moduleId }).max<{ max: number | null }>('position as max').first();
  return Number(row?.max ?? 0) + 1;
}

export async function insertReading(db: Db, moduleId: number, position: number, columns: ReadingColumns): Promise<number> {
  const [row] = await db('readings').insert({ course_module_id: moduleId, position, ...columns }).returning('id');
  return row.id;
}

export async function updateReading(db: Db, readingId: number, columns: ReadingColumns): Promise<void> {
  await db('readings').where({ id: readingId }).update(columns);
}

/**
 * Makes the reading's suggestions the given lines, in their order: a suggestion that stays keeps
 * its row (see matchSuggestions), new ones are added and the rest removed.
 */
export async function saveSuggestions(db: Db, readingId: number, suggestions: WantedSuggestion[]): Promise<void> {
  const stored = await listSuggestions(db, readingId);
  const ids = matchSuggestions(stored, suggestions);
  const gone = stored.map((s) => s.id).filter((id) => !ids.includes(id));
  if (gone.length) await db('reading_suggestions').whereIn('id', gone).delete();
  for (const [i, s] of suggestions.entries()) {
    const row = { section_key: s.sectionKey, text: s.text, position: i + 1 };
    const id = ids[i];
    if (id === undefined) await db('reading_suggestions').insert({ reading_id: readingId, ...row });
    else await db('reading_suggestions').where({ id }).update(row);
  }
}

export async function setReadingPosition(db: Db, readingId: number, position: number): Promise<void> {
  await db('readings').where({ id: readingId }).update({ position });
}

/** How many learners have marked the reading as read. */
export async function countReadingProgress(db: Db, readingId: number): Promise<number> {
  const row = await db('reading_progress').where({ reading_id: readingId }).count<{ n: string | number }>('* as n').first();
  return Number(row?.n ?? 0);
}

export async function deleteReading(db: Db, readingId: number): Promise<void> {
  await db('readings').where({ id: readingId }).delete();
}

/**
 * Closes the gap left at `position`. The unique (module, position) constraint is checked row by
 * row, so rows go through negative positions first instead of shifting in place.
 */
export async function closeReadingGap(db: Db, moduleId: number, position: number): Promise<void> {
  await db('readings').where({ course_module_id: moduleId }).where('position', '>', position).update({ position: db.raw('-(position - 1)') });
  await db('readings').where({ course_module_id: moduleId }).where('position', '<', 0).update({ position: db.raw('-position') });
}
