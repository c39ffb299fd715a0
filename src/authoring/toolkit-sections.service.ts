import type { Db } from '../db';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import type { ToolkitSectionInput } from './authoring.schemas';
import { isForeignKeyViolation } from '../db/errors';
import { loadCourseModule } from './course-modules.service';
import { withLockedModule } from './module-lock';
import { type CourseEditDeps, issueCertificatesDueAfterEdit } from './after-course-edits';
import { sectionDeleteBlocker } from './week-guards';
import {
  type ToolkitSectionRow,
  closeSectionGap,
  deleteSuggestionsFor,
  deleteToolkitSection,
  findToolkitSection,
  insertToolkitSection,
  listToolkitSections,
  nextSectionPosition,
  renameSuggestionKey,
  sectionKeyTaken,
  setSectionPosition,
  updateToolkitSection,
} from './toolkit-sections.repository';

const KEY_TAKEN = { key: 'Another toolkit section of this course already uses this key. Please choose a different one.' };

/** The section only when it belongs to the course's module; anything else is "not found". */
export async function loadToolkitSection(db: Db, courseId: number, moduleId: number, sectionId: number): Promise<ToolkitSectionRow> {
  await loadCourseModule(db, courseId, moduleId);
  const section = await findToolkitSection(db, moduleId, sectionId);
  if (!section) throw new NotFoundError('We could not find that toolkit section.');
  return section;
}

/** Adds a toolkit section at the end of the week; its key is unique within the course. */
export async function addToolkitSection(db: Db, courseId: number, moduleId: number, input: ToolkitSectionInput): Promise<number> {
  return withLockedModule(db, courseId, moduleId, duplicate(), async (trx) => {
    if (await sectionKeyTaken(trx, courseId, input.key)) throw new ValidationError('Key taken', KEY_TAKEN);
    return insertToolkitSection(trx, moduleId, await nextSectionPosition(trx, moduleId), input);
  });
}

/** Saves a section; a renamed key carries the week's reading suggestions along with it. */
export async function editToolkitSection(db: Db, courseId: number, moduleId: number, sectionId: number, input: ToolkitSectionInput): Promise<void> {
  await withLockedModule(db, courseId, moduleId, duplicate(), async (trx) => {
    const section = await findToolkitSection(trx, moduleId, sectionId);
    if (!section) throw new NotFoundError('We could not find that toolkit section.');
    if (await sectionKeyTaken(trx, courseId, input.key, sectionId)) throw new ValidationError('Key taken', KEY_TAKEN);
    await updateToolkitSection(trx, sectionId, input);
    if (section.key !== input.key) await renameSuggestionKey(trx, moduleId, section.key, input.key);
  });
}

/** Swaps a section with its neighbour; at the top or bottom it changes nothing. */
export async function moveToolkitSection(db: Db, courseId: number, moduleId: number, sectionId: number, direction: 'up' | 'down'): Promise<boolean> {
  return withLockedModule(db, courseId, moduleId, duplicate(), async (trx) => {
    const sections = await listToolkitSections(trx, moduleId);
    const index = sections.findIndex((s) => s.id === sectionId);
    if (index < 0) throw new NotFoundError('We could not find that toolkit section.');
    const other = sections[direction === 'up' ? index - 1 : index + 1];
    if (!other) return false;
    // Renumber from the list order, so positions stay 1..n even if older rows shared one.
    const order = sections.map((s) => s.id);
    [order[index], order[index + (direction === 'up' ? -1 : 1)]] = [other.id, sectionId];
    for (const [i, id] of order.entries()) await setSectionPosition(trx, id, i + 1);
    return true;
  });
}

/**
 * Deletes a section unless learners have written in it; their entries must never vanish with it.
 * The week's reading suggestions for it go too (the confirmation page says so): left behind,
 * they would offer learners an idea for a section that is gone and stop the reading being saved.
 * Learners who had only that section left get their certificate at once.
 */
export async function removeToolkitSection(deps: CourseEditDeps, courseId: number, moduleId: number, sectionId: number): Promise<void> {
  try {
    await withLockedModule(deps.db, courseId, moduleId, duplicate(), async (trx) => {
      const section = await findToolkitSection(trx, moduleId, sectionId);
      if (!section) throw new NotFoundError('We could not find that toolkit section.');
      const blocker = await sectionDeleteBlocker(trx, sectionId);
      if (blocker) throw new ConflictError(blocker);
      await deleteSuggestionsFor(trx, moduleId, section.key);
      await deleteToolkitSection(trx, sectionId);
      await closeSectionGap(trx, moduleId, section.position);
    });
  } catch (err) {
    if (isForeignKeyViolation(err)) throw new ConflictError('Learners have already written in this section, so it cannot be deleted. You can still edit it.');
    throw err;
  }
  await issueCertificatesDueAfterEdit(deps, courseId);
}

function duplicate(): ValidationError {
  return new ValidationError('Key taken', KEY_TAKEN);
}
