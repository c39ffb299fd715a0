import type { Db } from '../db';
import { prepared } from '../db/prepared';

export interface SectionRow {
  id: number;
  key: string;
  title: string;
  prompt: string;
  examples: string[];
  position: number;
  week: number;
}

export interface EntryRow {
  id: number;
  toolkit_section_id: number;
  position: number;
  body: string;
  updated_at: Date;
  /** The number of its latest save: a window that writes with another may be about to replace newer text. */
  rev: number;
  /** The section's title and prompt as they read when this entry was written (null only if never recorded). */
  section_title: string | null;
  section_prompt: string | null;
  /** The reading suggestion it was added from: it stays added however either is reworded later. */
  reading_suggestion_id: number | null;
}

export interface DraftRow {
  toolkit_section_id: number;
  body: string;
  saved_at: Date;
  rev: number;
}

export interface SuggestionRow {
  id: number;
  text: string;
  reading_week: number;
  section_id: number | null;
}

/** Save numbers of drafts and entries, from one sequence: never reused, even for a draft deleted and written again. */
const NEXT_REV = "nextval('toolkit_text_revs')";

const sectionColumns = ['ts.id', 'ts.key', 'ts.title', 'ts.prompt', 'ts.examples', 'ts.position', 'cm.week'];
const entryColumns = ['id', 'toolkit_section_id', 'position', 'body', 'updated_at', 'rev', 'section_title', 'section_prompt', 'reading_suggestion_id'];

export async function findCourse(db: Db, courseId: number): Promise<{ title: string; completion_rules: Record<string, unknown> } | undefined> {
  return prepared(db('courses').select('title', 'completion_rules').where({ id: courseId }).first(), 'toolkit-course');
}

export async function findLearnerName(db: Db, enrolmentId: number): Promise<string> {
  const row = await db('enrolments as e').join('users as u', 'u.id', 'e.user_id').select('u.name').where('e.id', enrolmentId).first();
  return row?.name ?? '';
}

/** A course's toolkit sections in reading order: by week, then position. */
export function listSections(db: Db, courseId: number): Promise<SectionRow[]> {
  const query = db('toolkit_sections as ts')
    .join('course_modules as cm', 'cm.id', 'ts.course_module_id')
    .select(sectionColumns)
    .where('cm.course_id', courseId)
    .orderBy([{ column: 'cm.week' }, { column: 'ts.position' }, { column: 'ts.id' }]);
  return prepared(query, 'toolkit-sections');
}

export function findSection(db: Db, courseId: number, sectionId: number): Promise<SectionRow | undefined> {
  return db('toolkit_sections as ts')
    .join('course_modules as cm', 'cm.id', 'ts.course_module_id')
    .select(sectionColumns)
    .where({ 'cm.course_id': courseId, 'ts.id': sectionId })
    .first();
}

/** Serialises toolkit writes of one enrolment, so positions are computed from a stable list. */
export async function lockEnrolment(db: Db, enrolmentId: number): Promise<void> {
  await db('enrolments').select('id').where({ id: enrolmentId }).forNoKeyUpdate();
}

export function listEntries(db: Db, enrolmentId: number, sectionIds?: number[]): Promise<EntryRow[]> {
  const query = db('toolkit_entries')
    .select(entryColumns)
    .where({ enrolment_id: enrolmentId })
    .orderBy([{ column: 'toolkit_section_id' }, { column: 'position' }]);
  if (sectionIds) return query.whereIn('toolkit_section_id', sectionIds);
  return prepared(query, 'toolkit-entries');
}

export function findEntry(db: Db, enrolmentId: number, entryId: number): Promise<EntryRow | undefined> {
  return db('toolkit_entries')
    .select(entryColumns)
    .where({ id: entryId, enrolment_id: enrolmentId })
    .first();
}

export async function nextPosition(db: Db, enrolmentId: number, sectionId: number): Promise<number> {
  const row = await db('toolkit_entries')
    .max<{ max: number | null }>('position as max')
    .where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId })
    .first();
  return (row?.max ?? 0) + 1;
}

/** A new entry, keeping the section's title and prompt as they read now: the words it was written for. */
export async function insertEntry(
  db: Db,
  row: { enrolmentId: number; section: Pick<SectionRow, 'id' | 'title' | 'prompt'>; position: number; body: string; suggestionId?: number },
): Promise<number> {
  const [inserted] = await db('toolkit_entries')
    .insert({
      enrolment_id: row.enrolmentId,
      toolkit_section_id: row.section.id,
      section_title: row.section.title,
      section_prompt: row.section.prompt,
      position: row.position,
      body: row.body,
      reading_suggestion_id: row.suggestionId ?? null,
    })
    .returning('id');
  return inserted.id;
}

export async function suggestionAdded(db: Db, enrolmentId: number, suggestionId: number): Promise<boolean> {
  return Boolean(await db('toolkit_entries').where({ enrolment_id: enrolmentId, reading_suggestion_id: suggestionId }).first('id'));
}

/** Marks the learner's entries holding a suggestion's text as added from it (they wrote it themselves first). */
export async function linkEntriesToSuggestion(db: Db, enrolmentId: number, sectionId: number, body: string, suggestionId: number): Promise<void> {
  await db('toolkit_entries').where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId, body }).whereNull('reading_suggestion_id').update({ reading_suggestion_id: suggestionId });
}

export async function countEntries(db: Db, enrolmentId: number, sectionId: number): Promise<number> {
  const row = await db('toolkit_entries').count<{ n: number }>('* as n').where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId }).first();
  return Number(row?.n ?? 0);
}

export async function entryBodyExists(db: Db, enrolmentId: number, sectionId: number, body: string): Promise<boolean> {
  const row = await db('toolkit_entries').select('id').where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId, body }).first();
  return Boolean(row);
}

/** Rewrites an entry; returns the number of this save. */
export async function updateEntryBody(db: Db, entryId: number, body: string): Promise<number> {
  const [saved] = await db('toolkit_entries').where({ id: entryId }).update({ body, rev: db.raw(NEXT_REV), updated_at: db.fn.now() }).returning('rev');
  return saved.rev;
}

export async function setEntryPosition(db: Db, entryId: number, position: number): Promise<void> {
  await db('toolkit_entries').where({ id: entryId }).update({ position });
}

/** Moves a section's entries out of the way (negative positions) before they are renumbered. */
export async function parkPositions(db: Db, enrolmentId: number, sectionId: number): Promise<void> {
  await db('toolkit_entries')
    .where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId })
    .update({ position: db.raw('-position') });
}

export async function deleteEntry(db: Db, entryId: number): Promise<void> {
  await db('toolkit_entries').where({ id: entryId }).delete();
}

export function listDrafts(db: Db, enrolmentId: number): Promise<DraftRow[]> {
  return prepared(db('toolkit_drafts').select('toolkit_section_id', 'body', 'saved_at', 'rev').where({ enrolment_id: enrolmentId }), 'toolkit-drafts');
}

export function findDraft(db: Db, enrolmentId: number, sectionId: number): Promise<DraftRow | undefined> {
  return db('toolkit_drafts').select('toolkit_section_id', 'body', 'saved_at', 'rev').where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId }).first();
}

/** Keeps a section's draft; returns the number of this save. */
export async function saveDraft(db: Db, enrolmentId: number, sectionId: number, body: string): Promise<number> {
  const [saved] = await db('toolkit_drafts')
    .insert({ enrolment_id: enrolmentId, toolkit_section_id: sectionId, body, saved_at: db.fn.now(), rev: db.raw(NEXT_REV) })
    .onConflict(['enrolment_id', 'toolkit_section_id'])
    .merge(['body', 'saved_at', 'rev'])
    .returning('rev');
  return saved.rev;
}

export async function deleteDraft(db: Db, enrolmentId: number, sectionId: number): Promise<void> {
  await db('toolkit_drafts').where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId }).delete();
}

/**
 * Removes a section's draft once an entry holding it is added. A draft the entry does not hold
 * stays: another window of the learner's may have written it, or they added a suggestion.
 */
export async function deleteDraftWithin(db: Db, enrolmentId: number, sectionId: number, entryBody: string): Promise<void> {
  await db('toolkit_drafts').where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId }).whereRaw('strpos(?, trim(body)) > 0', [entryBody]).delete();
}

export async function listSharedSectionIds(db: Db, enrolmentId: number): Promise<Set<number>> {
  const rows: { toolkit_section_id: number }[] = await prepared(db('toolkit_shares').select('toolkit_section_id').where({ enrolment_id: enrolmentId }), 'toolkit-shares');
  return new Set(rows.map((r) => r.toolkit_section_id));
}

export async function shareSection(db: Db, enrolmentId: number, sectionId: number): Promise<void> {
  await db('toolkit_shares').insert({ enrolment_id: enrolmentId, toolkit_section_id: sectionId }).onConflict(['enrolment_id', 'toolkit_section_id']).ignore();
}

export async function unshareSection(db: Db, enrolmentId: number, sectionId: number): Promise<void> {
  await db('toolkit_shares').where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId }).delete();
}

/** The enrolled learner of a session with this enrolment id, if there is one. */
export function findSessionEnrolment(db: Db, sessionId: number, enrolmentId: number): Promise<{ id: number; name: string } | undefined> {
  return db('enrolments as e')
    .join('users as u', 'u.id', 'e.user_id')
    .select('e.id', 'u.name')
    .where({ 'e.id': enrolmentId, 'e.course_session_id': sessionId, 'e.status': 'enrolled' })
    .first();
}

/**
 * A reading suggestion of the course, with the week of its reading and the course's toolkit
 * section it belongs to (matched by key; the earliest week wins if a key repeats).
 */
export function findSuggestion(db: Db, courseId: number, suggestionId: number): Promise<SuggestionRow | undefined> {
  return db('reading_suggestions as rs')
    .join('readings as r', 'r.id', 'rs.reading_id')
    .join('course_modules as cm', 'cm.id', 'r.course_module_id')
    .select(
      'rs.id',
      'rs.text',
      'cm.week as reading_week',
      db.raw(
        `(select ts.id from toolkit_sections ts join course_modules m on m.id = ts.course_module_id
          where m.course_id = cm.course_id and ts.key = rs.section_key order by m.week, ts.position limit 1) as section_id`,
      ),
    )
    .where({ 'rs.id': suggestionId, 'cm.course_id': courseId })
    .first();
}

export interface SuggestionListRow {
  id: number;
  text: string;
  section_key: string;
  reading_title: string;
  week: number;
}

/** Every reading suggestion of a course, with its reading's title and week. */
export function listSuggestions(db: Db, courseId: number): Promise<SuggestionListRow[]> {
  const query = db('reading_suggestions as rs')
    .join('readings as r', 'r.id', 'rs.reading_id')
    .join('course_modules as cm', 'cm.id', 'r.course_module_id')
    .select('rs.id', 'rs.text', 'rs.section_key', 'r.title as reading_title', 'cm.week')
    .where('cm.course_id', courseId)
    .orderBy([{ column: 'cm.week' }, { column: 'r.position' }, { column: 'rs.position' }, { column: 'rs.id' }]);
  return prepared(query, 'toolkit-suggestions');
}
