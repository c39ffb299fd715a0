import type { Db } from '../db';
import type { SessionAccess } from '../enrolment';
import type { CheckedUpload, Storage } from '../files';
import { ConflictError, NotFoundError } from '../lib/errors';
import { wouldReplaceUnseenText } from '../lib/save-counts';
import { findVisibleWeek } from '../modules';
import {
  findExerciseOfModule,
  findReflection,
  listOwnReflectionTextRows,
  insertFiles,
  insertVersion,
  latestVersionText,
  listFilesOfVersions,
  listVersions,
  deleteSetAsideDraft,
  findSetAsideDraftRow,
  listSetAsideDrafts,
  lockReflection,
  setDraftAside,
  updateReflection,
  type ExerciseRow,
  type FileRow,
  type ReflectionRow,
  type SetAsideDraftRow,
  type VersionRow,
} from './reflections.repository';
import { isEditable } from './reflections.policy';
import { MAX_REFLECTION_CHARS } from './reflections.schemas';

type LearnerAccess = Extract<SessionAccess, { as: 'learner' }>;

const ALREADY_SUBMITTED = 'Your reflection is already submitted. You can change it if your instructor returns it for revision.';

export interface ExerciseOfWeek {
  week: number;
  courseId: number;
  exercise: ExerciseRow;
}

export interface OwnReflection extends ExerciseOfWeek {
  reflection?: ReflectionRow;
  versions: (VersionRow & { files: FileRow[] })[];
  setAside: SetAsideDraftRow[];
}

/** Sets the draft aside (kept, and shown on the reflection page) when this write would replace text another window saved. */
async function keepDraftOfOtherWindow(trx: Db, reflection: ReflectionRow, baseRev: number | undefined, text: string, now: Date): Promise<boolean> {
  if (!wouldReplaceUnseenText({ text: reflection.draft_text, rev: reflection.draft_rev }, baseRev, text)) return false;
  await setDraftAside(trx, reflection, now);
  return true;
}

/** The exercise of week N, if the week exists, is open to this person and has an exercise; else 404. */
export async function findExerciseOfWeek(db: Db, access: SessionAccess, week: number, now = new Date()): Promise<ExerciseOfWeek> {
  const { module } = await findVisibleWeek(db, access, week, now);
  const exercise = await findExerciseOfModule(db, module.id);
  if (!exercise) throw new NotFoundError();
  return { week, courseId: module.course_id, exercise };
}

/** These versions, each with its files (one query for all of them). */
export async function withFiles(db: Db, versions: VersionRow[]): Promise<(VersionRow & { files: FileRow[] })[]> {
  const files = await listFilesOfVersions(db, versions.map((v) => v.id));
  return versions.map((v) => ({ ...v, files: files.filter((f) => f.reflection_version_id === v.id) }));
}

/** Every version of a reflection with its files, newest first. */
export async function versionsWithFiles(db: Db, reflectionId: number): Promise<(VersionRow & { files: FileRow[] })[]> {
  return withFiles(db, await listVersions(db, reflectionId));
}

/** The learner's own reflection for an open week: draft, status and every submitted version. */
export async function loadOwnReflection(db: Db, access: LearnerAccess, week: number, now = new Date()): Promise<OwnReflection> {
  const found = await findExerciseOfWeek(db, access, week, now);
  const reflection = await findReflection(db, access.enrolmentId, found.exercise.id);
  if (!reflection) return { ...found, reflection, versions: [], setAside: [] };
  const [versions, setAside] = await Promise.all([versionsWithFiles(db, reflection.id), listSetAsideDrafts(db, reflection.id)]);
  return { ...found, reflection, versions, setAside };
}

export interface SavedDraft {
  savedAt: Date;
  /** The save count the page writes with next. */
  rev: number;
  /** Whether another window's draft was set aside to make way for this one. */
  setAside: boolean;
}

/** Saves the learner's draft; refused once the reflection is submitted or accepted (nothing to edit). */
export async function saveDraft(db: Db, access: LearnerAccess, week: number, text: string, baseRev?: number, now = new Date()): Promise<SavedDraft> {
  const { exercise } = await findExerciseOfWeek(db, access, week, now);
  return db.transaction(async (trx) => {
    const reflection = await lockReflection(trx, access.enrolmentId, exercise.id);
    if (!isEditable(reflection.status)) {
      throw new ConflictError('Your reflection is already submitted, so there is no draft to save. Your instructor will reply on the reflection page.');
    }
    const setAside = await keepDraftOfOtherWindow(trx, reflection, baseRev, text, now);
    const rev = reflection.draft_rev + 1;
    await updateReflection(trx, reflection.id, { draft_text: text, draft_saved_at: now, draft_rev: rev });
    return { savedAt: now, rev, setAside };
  });
}

/** Removes a text set aside from the learner's own reflection of week N (once they have what they need of it). */
/** One text set aside from the learner's own reflection of a week; anyone else's, or none, is not found. */
export async function findSetAsideDraft(db: Db, access: LearnerAccess, week: number, id: number): Promise<SetAsideDraftRow> {
  const { exercise } = await findExerciseOfWeek(db, access, week);
  const reflection = await findReflection(db, access.enrolmentId, exercise.id);
  const row = reflection && (await findSetAsideDraftRow(db, reflection.id, id));
  if (!row) throw new NotFoundError();
  return row;
}

export async function removeSetAsideDraft(db: Db, access: LearnerAccess, week: number, id: number): Promise<void> {
  const kept = await findSetAsideDraft(db, access, week, id);
  if (!(await deleteSetAsideDraft(db, kept.reflection_id, kept.id))) throw new NotFoundError();
}

/**
 * Keeps what the learner wrote as their draft when a submit was refused for its files. Once the
 * reflection is submitted or accepted (a tab left open) it is refused as any submit then is: the
 * conflict page hands the words back, so they are never lost without a word.
 */
export async function keepRefusedSubmitAsDraft(db: Db, access: LearnerAccess, week: number, text: string, baseRev?: number, now = new Date()): Promise<void> {
  const { exercise } = await findExerciseOfWeek(db, access, week, now);
  const reflection = await findReflection(db, access.enrolmentId, exercise.id);
  if (!isEditable(reflection?.status)) throw new ConflictError(ALREADY_SUBMITTED);
  // Words too long for a draft are only shown back in the form.
  if (text.length > MAX_REFLECTION_CHARS) return;
  try {
    await saveDraft(db, access, week, text, baseRev, now);
  } catch (err) {
    throw err instanceof ConflictError ? new ConflictError(ALREADY_SUBMITTED) : err;
  }
}

/**
 * Submits the reflection as a new version, with its files, in one transaction. The row is locked
 * first, so a double click waits and then finds the same text already submitted: it creates no
 * second version. Uploaded bytes are stored before the transaction and removed if nothing used them.
 */
export async function submitReflection(
  deps: { db: Db; storage: Storage },
  access: LearnerAccess,
  week: number,
  text: string,
  files: CheckedUpload[],
  baseRev?: number,
  now = new Date(),
): Promise<{ version: number; created: boolean; setAside: boolean }> {
  const { db, storage } = deps;
  const { exercise } = await findExerciseOfWeek(db, access, week, now);
  const stored: { storageKey: string; name: string; contentType: string; size: number }[] = [];
  let used = false;
  try {
    for (const file of files) {
      stored.push({ storageKey: await storage.put(file.bytes), name: file.name, contentType: file.contentType, size: file.size });
    }
    const result = await db.transaction(async (trx) => {
      const reflection = await lockReflection(trx, access.enrolmentId, exercise.id);
      if (!isEditable(reflection.status)) {
        const latest = await latestVersionText(trx, reflection.id);
        if (reflection.status === 'submitted' && latest === text) return { version: reflection.current_version, created: false, setAside: false };
        throw new ConflictError(ALREADY_SUBMITTED);
      }
      const version = reflection.current_version + 1;
      const versionId = await insertVersion(trx, reflection.id, version, text, exercise, now);
      await insertFiles(trx, versionId, stored);
      const setAside = await keepDraftOfOtherWindow(trx, reflection, baseRev, text, now);
      await updateReflection(trx, reflection.id, { status: 'submitted', draft_text: text, draft_saved_at: now, draft_rev: reflection.draft_rev + 1, current_version: version, submitted_at: now });
      return { version, created: true, setAside };
    });
    used = result.created;
    return result;
  } finally {
    if (!used) await Promise.all(stored.map((f) => storage.remove(f.storageKey)));
  }
}

/** The learner's own text of each of these weeks' reflections (latest submitted version, else the draft), for the toolkit to quote; weeks without words are left out. */
export async function listOwnReflectionTexts(db: Db, enrolmentId: number, weeks: number[]): Promise<{ week: number; text: string }[]> {
  if (!weeks.length) return [];
  const wanted = new Set(weeks);
  const rows = await listOwnReflectionTextRows(db, enrolmentId);
  return rows.flatMap(({ week, text }) => (wanted.has(week) && text?.trim() ? [{ week, text }] : []));
}
