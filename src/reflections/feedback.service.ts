import type { Db } from '../db';
import type { SessionAccess } from '../enrolment';
import { ConflictError, NotFoundError } from '../lib/errors';
import { markdownToText, renderMarkdown } from '../lib/markdown';
import type { Mailer } from '../notifications';
import {
  countAwaitingFeedback,
  findSessionReflection,
  listAwaitingFeedback,
  lockSessionReflection,
  recordFeedback,
  updateReflection,
  type FileRow,
  type StaffReflectionRow,
  type VersionRow,
} from './reflections.repository';
import { awaitsFeedback } from './reflections.policy';
import type { FeedbackInput } from './reflections.schemas';
import { versionsWithFiles } from './reflections.service';

type StaffAccess = Extract<SessionAccess, { as: 'instructor' | 'admin' }>;

/** Submitted reflections of this session only, waiting for feedback, oldest first. */
export function feedbackQueue(db: Db, access: StaffAccess): Promise<StaffReflectionRow[]> {
  return listAwaitingFeedback(db, access.session.id);
}

/**
 * Reflections waiting for feedback in each session, for the dashboards of those who teach them
 * (the caller has already limited the list to their sessions).
 */
export function awaitingFeedbackBySession(db: Db, sessionIds: number[]): Promise<Map<number, number>> {
  return countAwaitingFeedback(db, sessionIds);
}

/** One reflection of this session with every version and file; a reflection of another session is not found. */
export async function loadReflectionForStaff(
  db: Db,
  access: StaffAccess,
  reflectionId: number,
): Promise<{ reflection: StaffReflectionRow; versions: (VersionRow & { files: FileRow[] })[] }> {
  const reflection = await findSessionReflection(db, access.session.id, reflectionId);
  if (!reflection || reflection.current_version === 0) throw new NotFoundError();
  return { reflection, versions: await versionsWithFiles(db, reflection.id) };
}

/**
 * Records feedback on the latest submitted version and accepts it or returns it for revision,
 * in one transaction with the row locked (two instructors cannot both answer it). The learner
 * is emailed after the commit.
 */
export async function giveFeedback(
  deps: { db: Db; mailer: Mailer; baseUrl: string },
  access: StaffAccess,
  reflectionId: number,
  input: FeedbackInput,
  by: number,
  now = new Date(),
): Promise<{ outcome: 'accepted' | 'returned'; reflection: StaffReflectionRow }> {
  const outcome = input.outcome === 'accept' ? 'accepted' : 'returned';
  const reflection = await deps.db.transaction(async (trx) => {
    const row = await lockSessionReflection(trx, access.session.id, reflectionId);
    if (!row || row.current_version === 0) throw new NotFoundError();
    if (!awaitsFeedback(row.status)) throw new ConflictError('This reflection already has feedback. Reload the page to see it.');
    await recordFeedback(trx, row.id, row.current_version, { feedbackMd: input.feedback, feedbackHtml: renderMarkdown(input.feedback), by, outcome, at: now });
    await updateReflection(trx, row.id, { status: outcome });
    return row;
  });
  const url = `${deps.baseUrl}/sessions/${access.session.id}/weeks/${reflection.week}/reflection`;
  const said = input.feedback ? `\n\nYour instructor wrote:\n\n${markdownToText(input.feedback)}\n` : '\n';
  await deps.mailer.send({
    to: reflection.learner_email,
    subject: outcome === 'accepted' ? `Your week ${reflection.week} reflection is accepted` : `Your week ${reflection.week} reflection: please revise it`,
    text:
      `Hello ${reflection.learner_name},\n\n` +
      (outcome === 'accepted'
        ? `Your instructor has read your reflection "${reflection.exercise_title}" and accepted it.`
        : `Your instructor has read your reflection "${reflection.exercise_title}" and returned it for revision. Your text is kept; you can edit it and submit it again.`) +
      said +
      `\nRead the feedback next to your text: ${url}\n`,
  });
  return { outcome, reflection };
}
