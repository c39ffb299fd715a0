import type { Knex } from 'knex';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { containing } from '../lib/sql-text';

type ReflectionStatus = ReflectionRow['status'];

export interface ReflectionRow {
  id: number;
  enrolment_id: number;
  exercise_id: number;
  status: 'draft' | 'submitted' | 'returned' | 'accepted';
  draft_text: string;
  draft_saved_at: Date | null;
  /** How many times the draft was saved; a page writes with the count it last saw. */
  draft_rev: number;
  current_version: number;
  submitted_at: Date | null;
}

/** A draft another window of the learner's wrote over, kept for them. */
export interface SetAsideDraftRow {
  id: number;
  reflection_id: number;
  text: string;
  written_at: Date | null;
  set_aside_at: Date;
}

export interface VersionRow {
  id: number;
  reflection_id: number;
  version: number;
  text: string;
  submitted_at: Date;
  feedback_md: string | null;
  feedback_html: string | null;
  feedback_at: Date | null;
  feedback_by_name: string | null;
  feedback_changed_at: Date | null;
  feedback_changed_by_name: string | null;
  outcome: 'accepted' | 'returned' | null;
  /** The exercise's title and prompt as they read when this version was sent (null only if never recorded). */
  exercise_title: string | null;
  prompt_md: string | null;
  prompt_html: string | null;
}

export interface FileRow {
  id: number;
  reflection_version_id: number;
  storage_key: string;
  original_name: string;
  content_type: string;
  size_bytes: number;
}

const REFLECTION_COLUMNS = ['id', 'enrolment_id', 'exercise_id', 'status', 'draft_text', 'draft_saved_at', 'draft_rev', 'current_version', 'submitted_at'];

export interface ExerciseRow {
  id: number;
  title: string;
  prompt_md: string;
  prompt_html: string;
}

export async function findExerciseOfModule(db: Db, moduleId: number): Promise<ExerciseRow | undefined> {
  return db('exercises').select('id', 'title', 'prompt_md', 'prompt_html').where({ course_module_id: moduleId }).first();
}

export function findReflection(db: Db, enrolmentId: number, exerciseId: number): Promise<ReflectionRow | undefined> {
  return db('reflections').select(REFLECTION_COLUMNS).where({ enrolment_id: enrolmentId, exercise_id: exerciseId }).first();
}

/** The reflection row, created empty if missing, and locked until the transaction ends. */
export async function lockReflection(trx: Db, enrolmentId: number, exerciseId: number): Promise<ReflectionRow> {
  await trx('reflections').insert({ enrolment_id: enrolmentId, exercise_id: exerciseId }).onConflict(['enrolment_id', 'exercise_id']).ignore();
  return trx('reflections').select(REFLECTION_COLUMNS).where({ enrolment_id: enrolmentId, exercise_id: exerciseId }).forUpdate().first();
}

export async function updateReflection(db: Db, id: number, values: Partial<Omit<ReflectionRow, 'id'>>): Promise<void> {
  await db('reflections').where({ id }).update({ ...values, updated_at: db.fn.now() });
}

export async function setDraftAside(db: Db, reflection: Pick<ReflectionRow, 'id' | 'draft_text' | 'draft_saved_at'>, now: Date): Promise<void> {
  await db('reflection_drafts_set_aside').insert({ reflection_id: reflection.id, text: reflection.draft_text, written_at: reflection.draft_saved_at, set_aside_at: now });
}

export function listSetAsideDrafts(db: Db, reflectionId: number): Promise<SetAsideDraftRow[]> {
  return db('reflection_drafts_set_aside').where({ reflection_id: reflectionId }).orderBy('id', 'desc');
}

export function findSetAsideDraftRow(db: Db, reflectionId: number, id: number): Promise<SetAsideDraftRow | undefined> {
  return db('reflection_drafts_set_aside').where({ reflection_id: reflectionId, id }).first();
}

/** Removes one set-aside text of a reflection; false when the reflection has no such text. */
export async function deleteSetAsideDraft(db: Db, reflectionId: number, id: number): Promise<boolean> {
  const removed = await db('reflection_drafts_set_aside').where({ reflection_id: reflectionId, id }).delete().returning('id');
  return removed.length > 0;
}

/** A new submitted version, keeping the exercise it answers (title and prompt) as it reads now. */
export async function insertVersion(
  db: Db,
  reflectionId: number,
  version: number,
  text: string,
  exercise: Pick<ExerciseRow, 'title' | 'prompt_md' | 'prompt_html'>,
  now: Date,
): Promise<number> {
  const [row] = await db('reflection_versions')
    .insert({ reflection_id: reflectionId, version, text, exercise_title: exercise.title, prompt_md: exercise.prompt_md, prompt_html: exercise.prompt_html, submitted_at: now })
    .returning(['id']);
  return row.id;
}

export async function insertFiles(db: Db, versionId: number, files: { storageKey: string; name: string; contentType: string; size: number }[]): Promise<void> {
  if (!files.length) return;
  await db('reflection_files').insert(
    files.map((f) => ({ reflection_version_id: versionId, storage_key: f.storageKey, original_name: f.name, content_type: f.contentType, size_bytes: f.size })),
  );
}

const VERSION_COLUMNS = [
  ...['id', 'reflection_id', 'version', 'text', 'submitted_at', 'feedback_md', 'feedback_html', 'feedback_at', 'feedback_changed_at', 'outcome', 'exercise_title', 'prompt_md', 'prompt_html'].map((c) => `v.${c}`),
  'u.name as feedback_by_name',
  'c.name as feedback_changed_by_name',
];

/** Versions with the names of who sent their feedback and who last changed it. */
const versionsQuery = (db: Db) => db('reflection_versions as v').leftJoin('users as u', 'u.id', 'v.feedback_by').leftJoin('users as c', 'c.id', 'v.feedback_changed_by');

/** Every version of a reflection, newest first, with who gave feedback. */
export function listVersions(db: Db, reflectionId: number): Promise<VersionRow[]> {
  return versionsQuery(db).select(VERSION_COLUMNS).where('v.reflection_id', reflectionId).orderBy('v.version', 'desc');
}

/** Every version of these reflections, each reflection's oldest first. */
export function listVersionsOf(db: Db, reflectionIds: number[]): Promise<VersionRow[]> {
  if (!reflectionIds.length) return Promise.resolve([]);
  return versionsQuery(db).select(VERSION_COLUMNS).whereIn('v.reflection_id', reflectionIds).orderBy(['v.reflection_id', 'v.version']);
}

/** One version of a reflection, as listVersions reads it. */
export function findVersion(db: Db, reflectionId: number, version: number): Promise<VersionRow | undefined> {
  return versionsQuery(db).first(VERSION_COLUMNS).where({ 'v.reflection_id': reflectionId, 'v.version': version });
}

/** The feedback a version was given, with who gave it; undefined while it has none. */
export async function findFeedbackGiven(
  db: Db,
  reflectionId: number,
  version: number,
): Promise<{ feedback_md: string | null; outcome: 'accepted' | 'returned'; feedback_by: number | null; by_name: string | null } | undefined> {
  return db('reflection_versions as v')
    .leftJoin('users as u', 'u.id', 'v.feedback_by')
    .first('v.feedback_md', 'v.outcome', 'v.feedback_by', 'u.name as by_name')
    .where({ 'v.reflection_id': reflectionId, 'v.version': version })
    .whereNotNull('v.outcome');
}

export async function latestVersionText(db: Db, reflectionId: number): Promise<string | undefined> {
  const row = await db('reflection_versions').select('text').where({ reflection_id: reflectionId }).orderBy('version', 'desc').first();
  return row?.text;
}

export function listFilesOfVersions(db: Db, versionIds: number[]): Promise<FileRow[]> {
  if (!versionIds.length) return Promise.resolve([]);
  return db('reflection_files')
    .select('id', 'reflection_version_id', 'storage_key', 'original_name', 'content_type', 'size_bytes')
    .whereIn('reflection_version_id', versionIds)
    .orderBy('id');
}

export interface StaffReflectionRow extends ReflectionRow {
  learner_name: string;
  learner_email: string;
  /** False for a deactivated account, which gets no session emails. */
  learner_active: boolean;
  week: number;
  exercise_title: string;
  exercise_prompt_html: string;
  /** The title the latest version answered (the exercise may be renamed since): its kept title, else the title now. */
  answered_title: string;
}

/**
 * A session's reflections with their learner (u) and week (m), of enrolled learners only: one
 * withdrawn has left, and can no longer revise or read feedback.
 */
function sessionReflections(db: Db, sessionId: number) {
  return db('reflections as r')
    .join('enrolments as e', 'e.id', 'r.enrolment_id')
    .join('users as u', 'u.id', 'e.user_id')
    .join('exercises as x', 'x.id', 'r.exercise_id')
    .join('course_modules as m', 'm.id', 'x.course_module_id')
    .where('e.course_session_id', sessionId)
    .where('e.status', 'enrolled');
}

function staffReflectionQuery(db: Db, sessionId: number) {
  return sessionReflections(db, sessionId)
    .leftJoin('reflection_versions as lv', function onLatestVersion() {
      this.on('lv.reflection_id', 'r.id').andOn('lv.version', 'r.current_version');
    })
    .select(
      ...REFLECTION_COLUMNS.map((c) => `r.${c}`),
      'u.name as learner_name',
      'u.email as learner_email',
      'u.active as learner_active',
      'm.week',
      'x.title as exercise_title',
      'x.prompt_html as exercise_prompt_html',
      db.raw('coalesce(lv.exercise_title, x.title) as answered_title'),
    );
}

/** A reflection of one session (by id), with its learner and week; undefined if it belongs elsewhere. */
export function findSessionReflection(db: Db, sessionId: number, reflectionId: number): Promise<StaffReflectionRow | undefined> {
  return staffReflectionQuery(db, sessionId).where('r.id', reflectionId).first();
}

export async function lockSessionReflection(trx: Db, sessionId: number, reflectionId: number): Promise<StaffReflectionRow | undefined> {
  const locked = await trx('reflections as r')
    .join('enrolments as e', 'e.id', 'r.enrolment_id')
    .where({ 'r.id': reflectionId, 'e.course_session_id': sessionId })
    .forUpdate('r')
    .first('r.id');
  return locked ? findSessionReflection(trx, sessionId, reflectionId) : undefined;
}

/** Which submitted reflections a list shows: waiting for feedback, returned, accepted, or all of them. */
export type ReflectionShow = 'waiting' | 'returned' | 'accepted' | 'all';

export interface ReflectionListFilters {
  show: ReflectionShow;
  week?: number;
  /** Part of the learner's name, any case. */
  name?: string;
}

const SHOWN_STATUSES: Record<ReflectionShow, ReflectionStatus[]> = {
  waiting: ['submitted'],
  returned: ['returned'],
  accepted: ['accepted'],
  all: ['submitted', 'returned', 'accepted'],
};

/** The week and name filters (drafts are never listed: they are not sent yet). */
function inWeekAndName<Q extends Knex.QueryBuilder>(q: Q, f: Omit<ReflectionListFilters, 'show'>): Q {
  if (f.week) q.where('m.week', f.week);
  if (f.name) q.whereILike('u.name', containing(f.name));
  return q;
}

/**
 * A page of a session's submitted reflections: those waiting for feedback the oldest submission
 * first (the queue), the others by week and learner.
 */
export function listSessionReflections(db: Db, sessionId: number, f: ReflectionListFilters, page: { limit: number; offset: number }): Promise<StaffReflectionRow[]> {
  const order =
    f.show === 'waiting'
      ? [{ column: 'r.submitted_at', order: 'asc' as const }, { column: 'r.id', order: 'asc' as const }]
      : [{ column: 'm.week', order: 'asc' as const }, { column: 'u.name', order: 'asc' as const }, { column: 'r.id', order: 'asc' as const }];
  return inWeekAndName(staffReflectionQuery(db, sessionId), f).whereIn('r.status', SHOWN_STATUSES[f.show]).orderBy(order).limit(page.limit).offset(page.offset);
}

/** How many submitted reflections of the session each list would show, with the week and name filters. */
export async function countSessionReflections(db: Db, sessionId: number, f: Omit<ReflectionListFilters, 'show'>): Promise<Record<ReflectionShow, number>> {
  const rows: { status: ReflectionStatus; n: number }[] = await inWeekAndName(sessionReflections(db, sessionId), f)
    .whereIn('r.status', SHOWN_STATUSES.all)
    .groupBy('r.status')
    .select('r.status', db.raw('count(*)::int as n'));
  const of = (status: ReflectionStatus) => rows.find((r) => r.status === status)?.n ?? 0;
  return { waiting: of('submitted'), returned: of('returned'), accepted: of('accepted'), all: rows.reduce((sum, r) => sum + r.n, 0) };
}

/** The weeks of a course that ask for a reflection, in order. */
export async function listExerciseWeeks(db: Db, courseId: number): Promise<number[]> {
  const rows: { week: number }[] = await db('course_modules as m')
    .join('exercises as x', 'x.course_module_id', 'm.id')
    .where('m.course_id', courseId)
    .distinct('m.week')
    .orderBy('m.week');
  return rows.map((r) => r.week);
}

/** How many reflections wait for feedback in each of these sessions (sessions with none are left out). */
export async function countAwaitingFeedback(db: Db, sessionIds: number[]): Promise<Map<number, number>> {
  if (!sessionIds.length) return new Map();
  const rows: { course_session_id: number; n: number }[] = await db('reflections as r')
    .join('enrolments as e', 'e.id', 'r.enrolment_id')
    .where('r.status', 'submitted')
    .whereIn('e.course_session_id', sessionIds)
    .where('e.status', 'enrolled')
    .groupBy('e.course_session_id')
    .select('e.course_session_id', db.raw('count(*)::int as n'));
  return new Map(rows.map((r) => [r.course_session_id, r.n]));
}

export async function recordFeedback(
  db: Db,
  reflectionId: number,
  version: number,
  values: { feedbackMd: string; feedbackHtml: string; by: number; outcome: 'accepted' | 'returned'; at: Date },
): Promise<void> {
  await db('reflection_versions')
    .where({ reflection_id: reflectionId, version })
    .update({ feedback_md: values.feedbackMd, feedback_html: values.feedbackHtml, feedback_by: values.by, feedback_at: values.at, outcome: values.outcome });
}

/** Replaces the words of feedback already sent; its outcome, sender and time stay. */
export async function changeFeedbackText(db: Db, versionId: number, values: { feedbackMd: string; feedbackHtml: string; by: number; at: Date }): Promise<void> {
  await db('reflection_versions')
    .where({ id: versionId })
    .update({ feedback_md: values.feedbackMd, feedback_html: values.feedbackHtml, feedback_changed_by: values.by, feedback_changed_at: values.at });
}

export interface DownloadRow extends FileRow {
  author_id: number;
  course_session_id: number;
}

/** A reflection file with who wrote it and in which session. */
export function findFileWithOwner(db: Db, fileId: number): Promise<DownloadRow | undefined> {
  return db('reflection_files as f')
    .join('reflection_versions as v', 'v.id', 'f.reflection_version_id')
    .join('reflections as r', 'r.id', 'v.reflection_id')
    .join('enrolments as e', 'e.id', 'r.enrolment_id')
    .select('f.id', 'f.reflection_version_id', 'f.storage_key', 'f.original_name', 'f.content_type', 'f.size_bytes', 'e.user_id as author_id', 'e.course_session_id')
    .where('f.id', fileId)
    .first();
}

export async function isSessionInstructor(db: Db, sessionId: number, userId: number): Promise<boolean> {
  return Boolean(await db('session_instructors').where({ course_session_id: sessionId, user_id: userId }).first('user_id'));
}

// Each week's reflection of the enrolment, in its session's course, with the text it reads now.
const OWN_TEXTS_SQL = `
  select m.week,
         case when r.current_version > 0
           then (select v.text from reflection_versions v where v.reflection_id = r.id order by v.version desc limit 1)
           else r.draft_text end as text
    from reflections r
    join enrolments e on e.id = r.enrolment_id
    join course_sessions s on s.id = e.course_session_id
    join exercises x on x.id = r.exercise_id
    join course_modules m on m.id = x.course_module_id and m.course_id = s.course_id
   where r.enrolment_id = ?
   order by m.week`;

/** The text of each of the learner's reflections, by week: the latest submitted version, else the draft. */
export async function listOwnReflectionTextRows(db: Db, enrolmentId: number): Promise<{ week: number; text: string | null }[]> {
  const { rows } = await prepared(db.raw(OWN_TEXTS_SQL, [enrolmentId]), 'own-reflection-texts');
  return rows;
}
