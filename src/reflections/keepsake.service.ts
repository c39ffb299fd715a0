import { DateTime } from 'luxon';
import type { Db } from '../db';
import type { SessionAccess } from '../enrolment';
import { findCourseTitle, weekOpenings } from '../modules';
import { listCourseExercises, listReflectionsOfEnrolment } from './keepsake.repository';
import { listVersionsOf, type FileRow, type ReflectionRow, type VersionRow } from './reflections.repository';
import { withFiles } from './reflections.service';

type LearnerAccess = Extract<SessionAccess, { as: 'learner' }>;

export interface KeptWeek {
  week: number;
  /** The title and prompt the last version sent answered, or as they read now if none was sent. */
  title: string;
  promptMd: string;
  promptHtml: string;
  /** Every submitted version, oldest first, each with its files and feedback. */
  versions: (VersionRow & { files: FileRow[] })[];
  /** Words being written and not sent yet, when they differ from the last version sent. */
  draft?: { text: string; savedAt: Date | null };
}

export interface Keepsake {
  learnerName: string;
  courseTitle: string;
  sessionTitle: string;
  timeZone: string;
  /** The export date as the learner reads it, e.g. "29 November 2026". */
  exportedOn: string;
  /** The weeks open to the learner, in order. */
  weeks: KeptWeek[];
}

// A submit stores its words as the draft too, so a draft differing from the last version is unsent.
function unsentDraft(reflection: Pick<ReflectionRow, 'draft_text' | 'draft_saved_at'>, versions: VersionRow[]): KeptWeek['draft'] {
  if (!reflection.draft_text.trim() || reflection.draft_text === versions.at(-1)?.text) return undefined;
  return { text: reflection.draft_text, savedAt: reflection.draft_saved_at };
}

/**
 * The learner's reflections to keep: for each week open to them, the exercise, every version
 * they sent with its files and the feedback it got, and a draft not sent yet.
 */
export async function loadKeepsake(db: Db, access: LearnerAccess, learnerName: string, now = new Date()): Promise<Keepsake> {
  const { session } = access;
  const [courseTitle, exercises, reflections] = await Promise.all([
    findCourseTitle(db, session.course_id),
    listCourseExercises(db, session.course_id),
    listReflectionsOfEnrolment(db, access.enrolmentId),
  ]);
  const [openings, versions] = await Promise.all([
    weekOpenings(db, session, exercises.map((e) => e.week), now),
    listVersionsOf(db, reflections.map((r) => r.id)),
  ]);
  const filed = await withFiles(db, versions);
  const weeks = exercises
    .filter((_, i) => openings[i].open)
    .map((exercise): KeptWeek => {
      const reflection = reflections.find((r) => r.exercise_id === exercise.id);
      const own = reflection ? filed.filter((v) => v.reflection_id === reflection.id) : [];
      // The question the last version sent answered; with nothing sent, the question as it reads now.
      const last = own.at(-1);
      return {
        week: exercise.week,
        title: last?.exercise_title ?? exercise.title,
        promptMd: last?.prompt_md ?? exercise.prompt_md,
        promptHtml: last?.prompt_html ?? exercise.prompt_html,
        versions: own,
        draft: reflection ? unsentDraft(reflection, own) : undefined,
      };
    });
  return {
    learnerName,
    courseTitle,
    sessionTitle: session.title,
    timeZone: session.time_zone,
    exportedOn: DateTime.fromJSDate(now, { zone: session.time_zone }).toFormat('d LLLL yyyy'),
    weeks,
  };
}
