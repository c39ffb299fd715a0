import type { Db } from '../db';

export interface ToolkitSectionRow {
  id: number;
  course_module_id: number;
  position: number;
  key: string;
  title: string;
  prompt: string;
  examples: string[];
}

export type ToolkitSectionColumns = Pick<ToolkitSectionRow, 'key' | 'title' | 'prompt' | 'examples'>;

export function listToolkitSections(db: Db, moduleId: number): Promise<ToolkitSectionRow[]> {
  return db('toolkit_sections').where({ course_module_id: moduleId }).orderBy(['position', 'id']);
}

export function findToolkitSection(db: Db, moduleId: number, sectionId: number): Promise<ToolkitSectionRow | undefined> {
  return db('toolkit_sections').where({ id: sectionId, course_module_id: moduleId }).first();
}

/** Whether another section of the course uses the key: learners' pages find a suggestion's section by key across the course. */
export async function sectionKeyTaken(db: Db, courseId: number, key: string, exceptSectionId?: number): Promise<boolean> {
  const query = db('toolkit_sections as s').join('course_modules as m', 'm.id', 's.course_module_id').where({ 'm.course_id': courseId, 's.key': key });
  if (exceptSectionId) query.whereNot({ 's.id': exceptSectionId });
  return Boolean(await query.first('s.id'));
}

export async function nextSectionPosition(db: Db, moduleId: number): Promise<number> {
  const row = await db('toolkit_sections').where({ course_module_id: moduleId }).max<{ max: number | null }>('position as max').first();
  return Number(row?.max ?? 0) + 1;
}

function toRow(columns: ToolkitSectionColumns): Record<string, unknown> {
  return { ...columns, examples: JSON.stringify(columns.examples) };
}

export async function insertToolkitSection(db: Db, moduleId: number, position: number, columns: ToolkitSectionColumns): Promise<number> {
  const [row] = await db('toolkit_sections').insert({ course_module_id: moduleId, position, ...toRow(columns) }).returning('id');
  return row.id;
}

export async function updateToolkitSection(db: Db, sectionId: number, columns: ToolkitSectionColumns): Promise<void> {
  await db('toolkit_sections').where({ id: sectionId }).update(toRow(columns));
}

/** Keeps reading suggestions pointing at a section whose key was renamed. */
export async function renameSuggestionKey(db: Db, moduleId: number, from: string, to: string): Promise<void> {
  await db('reading_suggestions')
    .whereIn('reading_id', db('readings').select('id').where({ course_module_id: moduleId }))
    .where({ section_key: from })
    .update({ section_key: to });
}

const suggestionsFor = (db: Db, moduleId: number, key: string) =>
  db('reading_suggestions').whereIn('reading_id', db('readings').select('id').where({ course_module_id: moduleId })).where({ section_key: key });

/** How many of the week's reading suggestions go to the section with this key. */
export async function countSuggestionsFor(db: Db, moduleId: number, key: string): Promise<number> {
  const row = await suggestionsFor(db, moduleId, key).count<{ n: string | number }>('* as n').first();
  return Number(row?.n ?? 0);
}

/** Removes the week's reading suggestions for a section that is going away, so none is left pointing nowhere. */
export async function deleteSuggestionsFor(db: Db, moduleId: number, key: string): Promise<void> {
  await suggestionsFor(db, moduleId, key).delete();
}

export async function setSectionPosition(db: Db, sectionId: number, position: number): Promise<void> {
  await db('toolkit_sections').where({ id: sectionId }).update({ position });
}

export async function deleteToolkitSection(db: Db, sectionId: number): Promise<void> {
  await db('toolkit_sections').where({ id: sectionId }).delete();
}

export async function closeSectionGap(db: Db, moduleId: number, position: number): Promise<void> {
  await db('toolkit_sections').where({ course_module_id: moduleId }).where('position', '>', position).update({ position: db.raw('position - 1') });
}
