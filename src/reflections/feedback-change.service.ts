import type { Db } from '../db';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors';
import { renderMarkdown } from '../lib/markdown';
import type { StaffAccess } from './feedback.service';
import { changeFeedbackText, findSessionReflection, findVersion, lockSessionReflection, type StaffReflectionRow, type VersionRow } from './reflections.repository';
import type { FeedbackChangeInput } from './reflections.schemas';

/** The version of sent feedback a page was opened on: the time it was last written. */
export const feedbackRevOf = (v: Pick<VersionRow, 'feedback_at' | 'feedback_changed_at'>): number => (v.feedback_changed_at ?? v.feedback_at)?.getTime() ?? 0;

/** Why the latest version has no feedback to change: none given yet, or a newer version sent since. */
const noFeedbackToChange = (reflection: StaffReflectionRow) =>
  new ConflictError(
    reflection.current_version > 1
      ? `${reflection.learner_name} has sent a new version since this feedback, so it can no longer be changed. Answer the new version on the reflection’s page.`
      : 'This reflection has no feedback yet. Give it on the reflection’s page.',
  );

/** The latest version of a reflection of this session, which must have its feedback; 404 or 409 otherwise. */
async function latestWithFeedback(db: Db, reflection: StaffReflectionRow | undefined): Promise<{ reflection: StaffReflectionRow; latest: VersionRow }> {
  if (!reflection || reflection.current_version === 0) throw new NotFoundError();
  const latest = await findVersion(db, reflection.id, reflection.current_version);
  if (!latest?.outcome) throw noFeedbackToChange(reflection);
  return { reflection, latest };
}

/**
 * The feedback on a reflection's latest version, for the page that changes it. Once the learner
 * has sent a newer version, the feedback they acted on stays as it was (409).
 */
export async function loadFeedbackToChange(db: Db, access: StaffAccess, reflectionId: number): Promise<{ reflection: StaffReflectionRow; latest: VersionRow }> {
  return latestWithFeedback(db, await findSessionReflection(db, access.session.id, reflectionId));
}

/**
 * Replaces the words of feedback already sent on the latest version (a typo, a wrong name) with
 * other words, never with none (422); its outcome stays, the learner sees it marked as changed and is not emailed again. A change from a
 * page opened before another change, or before the learner sent a newer version, is refused (409),
 * and the refusal page hands its words back and leads to the reflection. Returns whether anything changed.
 */
export async function changeFeedback(db: Db, access: StaffAccess, reflectionId: number, input: FeedbackChangeInput, by: number, now = new Date()): Promise<{ changed: boolean; reflection: StaffReflectionRow }> {
  return db.transaction(async (trx) => {
    const { reflection, latest } = await latestWithFeedback(trx, await lockSessionReflection(trx, access.session.id, reflectionId));
    if (input.rev !== undefined && input.rev !== feedbackRevOf(latest)) {
      throw new ConflictError('This feedback was changed in another window, or by another instructor, after you opened this page, so your change was not saved.');
    }
    // Emptying the box would leave the learner an empty feedback box: the words are changed, never taken away.
    if (!input.feedback) {
      throw new ValidationError('Empty feedback.', {
        feedback:
          latest.outcome === 'returned'
            ? 'This reflection was returned for revision, so please keep telling the learner what to revise.'
            : `Please write the feedback you want ${reflection.learner_name} to read. To keep it as it was, choose “Cancel”.`,
      });
    }
    if (input.feedback === (latest.feedback_md ?? '')) return { changed: false, reflection };
    await changeFeedbackText(trx, latest.id, { feedbackMd: input.feedback, feedbackHtml: renderMarkdown(input.feedback), by, at: now });
    return { changed: true, reflection };
  });
}
