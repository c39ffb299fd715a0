import { DateTime } from 'luxon';
import { sessionNav, type SessionAccess } from '../enrolment';
import { ALLOWED_LABEL, MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD } from '../files';
import { nestHeadings } from '../lib/markdown';
import { countOf, wordsIn, wordsSoFar } from '../lib/wording';
import { localDateTime, reflectionStatusLabel, sizeLabel } from '../modules';
import type { FileRow, VersionRow } from './reflections.repository';
import { isEditable } from './reflections.policy';
import { MAX_REFLECTION_CHARS } from './reflections.schemas';
import type { OwnReflection } from './reflections.service';

/** "14:05" in the session's zone, for "Saved at …". */
export function clockTime(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat('HH:mm');
}

const OUTCOME_LABELS = { accepted: 'Accepted', returned: 'Returned for revision' } as const;

/** "Changed 6 December 2026, 09:12", naming who changed it when that is not who sent it. */
function changedNote(v: VersionRow, at: string): string {
  const by = v.feedback_changed_by_name && v.feedback_changed_by_name !== v.feedback_by_name ? ` by ${v.feedback_changed_by_name},` : '';
  return `Changed${by} ${at}`;
}

/** An exercise's words as a page shows them: its title, and its prompt as HTML. */
export interface ExerciseWords {
  title: string;
  promptHtml: string;
}

/** The words a version answered: as kept when it was sent, else (never recorded) as they read now. */
export const wordsAnswered = (v: Pick<VersionRow, 'exercise_title' | 'prompt_html'>, current: ExerciseWords): ExerciseWords => ({
  title: v.exercise_title ?? current.title,
  promptHtml: v.prompt_html ?? current.promptHtml,
});

export const sameWords = (a: ExerciseWords, b: ExerciseWords): boolean => a.title === b.title && a.promptHtml === b.promptHtml;

export const REWORDED_NOTE = 'The question was reworded after you answered; this is the question you answered.';

/**
 * The versions as pages show them. A version that answered another title or prompt than the page
 * shows (shown) carries the words it answered that differ.
 */
export function presentVersions(versions: (VersionRow & { files: FileRow[] })[], timeZone: string, shown?: ExerciseWords) {
  return versions.map((v) => ({
    version: v.version,
    answeredTitle: v.exercise_title !== null && shown !== undefined && v.exercise_title !== shown.title ? v.exercise_title : '',
    answeredPromptHtml: v.prompt_html !== null && shown !== undefined && v.prompt_html !== shown.promptHtml ? nestHeadings(v.prompt_html, 3) : '',
    text: v.text,
    words: countOf(wordsIn(v.text), 'word', 'words'),
    submittedAt: localDateTime(v.submitted_at, timeZone),
    files: v.files.map((f) => ({ name: f.original_name, url: `/reflection-files/${f.id}`, size: sizeLabel(f.size_bytes) })),
    hasFeedback: Boolean(v.outcome),
    feedbackHtml: nestHeadings(v.feedback_html ?? '', 3), // under the version's h3
    feedbackAt: v.feedback_at ? localDateTime(v.feedback_at, timeZone) : '',
    feedbackBy: v.feedback_by_name ?? 'Your instructor',
    feedbackChanged: v.feedback_changed_at ? changedNote(v, localDateTime(v.feedback_changed_at, timeZone)) : '',
    outcome: v.outcome ? OUTCOME_LABELS[v.outcome] : 'Waiting for feedback',
  }));
}

export function presentOwnReflection(
  access: Extract<SessionAccess, { as: 'learner' }>,
  courseTitle: string,
  data: OwnReflection,
  form: { values?: { text?: string }; errors?: Record<string, string> } = {},
) {
  const base = `/sessions/${access.session.id}/weeks/${data.week}`;
  const zone = access.session.time_zone;
  const status = data.reflection?.status;
  const current = { title: data.exercise.title, promptHtml: data.exercise.prompt_html };
  // A reflection sent and not handed back shows the question it answered; one being written, the question as it reads now.
  const sent = data.versions[0] && !isEditable(status) ? data.versions[0] : undefined;
  const shown = sent ? wordsAnswered(sent, current) : current;
  const versions = presentVersions(data.versions, zone, shown);
  return {
    title: `Week ${data.week} reflection`,
    sessionNav: sessionNav(access, courseTitle, 'week'),
    week: data.week,
    weekUrl: base,
    exerciseTitle: shown.title,
    promptHtml: nestHeadings(shown.promptHtml, 1),
    promptReworded: sameWords(shown, current) ? '' : REWORDED_NOTE,
    status: status ?? 'none',
    statusLabel: reflectionStatusLabel(status),
    editable: isEditable(status),
    // Files belong to the version they were sent with; a new version has only the files sent with it.
    earlierFilesStay: isEditable(status) && data.versions.some((v) => v.files.length > 0),
    text: form.values?.text ?? data.reflection?.draft_text ?? '',
    wordsSoFar: wordsSoFar(form.values?.text ?? data.reflection?.draft_text ?? ''),
    draftSavedAt: data.reflection?.draft_saved_at && isEditable(status) ? clockTime(data.reflection.draft_saved_at, zone) : '',
    draftRev: data.reflection?.draft_rev ?? 0,
    setAside: data.setAside.map((d) => ({
      text: d.text,
      writtenAt: d.written_at ? localDateTime(d.written_at, zone) : '',
      setAsideAt: localDateTime(d.set_aside_at, zone),
      removeUrl: `${base}/reflection/set-aside/${d.id}/delete`,
    })),
    draftUrl: `${base}/reflection/draft`,
    submitUrl: `${base}/reflection/submit`,
    latest: versions[0],
    earlier: versions.slice(1),
    errors: form.errors ?? {},
    maxFiles: MAX_FILES_PER_UPLOAD,
    maxMb: Math.round(MAX_FILE_BYTES / (1024 * 1024)),
    allowedLabel: ALLOWED_LABEL,
    maxChars: MAX_REFLECTION_CHARS,
  };
}
