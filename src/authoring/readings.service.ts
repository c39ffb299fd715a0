import type { Db } from '../db';
import type { Storage } from '../files';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { renderMarkdown } from '../lib/markdown';
import type { ReadingInput } from './authoring.schemas';
import { isForeignKeyViolation } from '../db/errors';
import { loadCourseModule } from './course-modules.service';
import { withLockedModule } from './module-lock';
import { type CourseEditDeps, issueCertificatesDueAfterEdit } from './after-course-edits';
import { readingDeleteBlocker } from './week-guards';
import {
  type ReadingColumns,
  type ReadingRow,
  closeReadingGap,
  deleteReading,
  findReading,
  insertReading,
  listReadings,
  nextReadingPosition,
  readingSlugTaken,
  saveSuggestions,
  setReadingPosition,
  updateReading,
} from './readings.repository';
import { storageKeysUnder } from './reading-files.repository';
import { listToolkitSections } from './toolkit-sections.repository';

const SLUG_TAKEN = { slug: 'Another reading in this week already uses this address. Please choose a different one.' };

/** The reading only when it belongs to the course's module; anything else is "not found". */
export async function loadReading(db: Db, courseId: number, moduleId: number, readingId: number): Promise<ReadingRow> {
  await loadCourseModule(db, courseId, moduleId);
  const reading = await findReading(db, moduleId, readingId);
  if (!reading) throw new NotFoundError('We could not find that reading.');
  return reading;
}

function toColumns(input: ReadingInput): ReadingColumns {
  return {
    slug: input.slug,
    title: input.title,
    minutes: input.minutes,
    content_note: input.contentNote || null,
    body_md: input.body,
    body_html: renderMarkdown(input.body),
  };
}

async function checkSuggestions(db: Db, moduleId: number, input: ReadingInput): Promise<void> {
  if (!input.suggestions.length) return;
  const keys = new Set((await listToolkitSections(db, moduleId)).map((s) => s.key));
  const unknown = [...new Set(input.suggestions.map((s) => s.sectionKey).filter((k) => !keys.has(k)))];
  if (unknown.length) {
    const known = keys.size ? `This week's sections are: ${[...keys].join(', ')}.` : 'This week has no toolkit sections yet; add one first.';
    throw new ValidationError('Unknown section', { suggestions: `There is no toolkit section "${unknown.join('", "')}" in this week. ${known}` });
  }
}

/** Adds a reading at the end of the week; its address is unique within the week. */
export async function addReading(db: Db, courseId: number, moduleId: number, input: ReadingInput): Promise<number> {
  await loadCourseModule(db, courseId, moduleId);
  await checkSuggestions(db, moduleId, input);
  return withLockedModule(db, courseId, moduleId, duplicate(), async (trx) => {
    if (await readingSlugTaken(trx, moduleId, input.slug)) throw new ValidationError('Slug taken', SLUG_TAKEN);
    const id = await insertReading(trx, moduleId, await nextReadingPosition(trx, moduleId), toColumns(input));
    await saveSuggestions(trx, id, input.suggestions);
    return id;
  });
}

/** Saves a reading and its toolkit suggestions in one transaction; suggestions that stay keep their ids. */
export async function editReading(db: Db, courseId: number, moduleId: number, readingId: number, input: ReadingInput): Promise<void> {
  await loadReading(db, courseId, moduleId, readingId);
  await checkSuggestions(db, moduleId, input);
  await withLockedModule(db, courseId, moduleId, duplicate(), async (trx) => {
    if (await readingSlugTaken(trx, moduleId, input.slug, readingId)) throw new ValidationError('Slug taken', SLUG_TAKEN);
    await updateReading(trx, readingId, toColumns(input));
    await saveSuggestions(trx, readingId, input.suggestions);
  });
}

/**
 * Swaps a reading with its neighbour above or below. The module row is locked, so double clicks
 * run one after the other; the (module, position) constraint is not deferrable, so the swap
 * parks the reading at a negative position first. At the top or bottom it changes nothing.
 */
export async function moveReading(db: Db, courseId: number, moduleId: number, readingId: number, direction: 'up' | 'down'): Promise<boolean> {
  return withLockedModule(db, courseId, moduleId, duplicate(), async (trx) => {
    const readings = await listReadings(trx, moduleId);
    const index = readings.findIndex((r) => r.id === readingId);
    if (index < 0) throw new NotFoundError('We could not find that reading.');
    const other = readings[direction === 'up' ? index - 1 : index + 1];
    if (!other) return false;
    const reading = readings[index];
    await setReadingPosition(trx, reading.id, -reading.position);
    await setReadingPosition(trx, other.id, reading.position);
    await setReadingPosition(trx, reading.id, other.position);
    return true;
  });
}

/**
 * Deletes a reading with its files and closes the gap in positions, unless learners have marked it
 * as read; those who had only that reading left get their certificate at once.
 */
export async function removeReading(deps: CourseEditDeps, storage: Storage, courseId: number, moduleId: number, readingId: number): Promise<void> {
  try {
    const keys = await withLockedModule(deps.db, courseId, moduleId, duplicate(), async (trx) => {
      const reading = await findReading(trx, moduleId, readingId);
      if (!reading) throw new NotFoundError('We could not find that reading.');
      const blocker = await readingDeleteBlocker(trx, readingId);
      if (blocker) throw new ConflictError(blocker);
      const fileKeys = await storageKeysUnder(trx, { readingId });
      await deleteReading(trx, readingId);
      await closeReadingGap(trx, moduleId, reading.position);
      return fileKeys;
    });
    await Promise.all(keys.map((k) => storage.remove(k).catch(() => undefined)));
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new ConflictError('Learners have already used this reading, so it cannot be deleted. You can still edit it.');
    throw err;
  }
  await issueCertificatesDueAfterEdit(deps, courseId);
}

function duplicate(): ValidationError {
  return new ValidationError('Slug taken', SLUG_TAKEN);
}
