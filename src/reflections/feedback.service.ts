import type { Db } from '../db';
import type { SessionAccess } from '../enrolment';
import { ConflictError, NotFoundError } from '../lib/errors';
import { renderMarkdown } from '../lib/markdown';
import type { Mailer } from '../notifications';
import {
  countAwaitingFeedback,
  countSessionReflections,
  findFeedbackGiven,
  findSessionReflection,
  listExerciseWeeks,
  listSessionReflections,
  lockSessionReflection,
  recordFeedback,
  updateReflection,
  type FileRow,
  type ReflectionListFilters,
  type ReflectionShow,
  type StaffReflectionRow,
  type VersionRow,
} from './reflections.repository';
import { deleteFeedbackDraft, findFeedbackDraft, type FeedbackDraftRow } from './feedback-drafts.repository';
import { awaitsFeedback } from './reflections.policy';
import type { FeedbackInput, ReflectionListQueryInput } from './reflections.schemas';
import { versionsWithFiles } from './reflections.service';

export type StaffAccess = Extract<SessionAccess, { as: 'instructor' | 'admin' }>;

export const REFLECTIONS_PAGE_SIZE = 50;

export interface ReflectionList {
  filters: ReflectionListFilters;
  /** How many each choice of "Show" would list, with the same week and name. */
  counts: Record<ReflectionShow, number>;
  weeks: number[];
  rows: StaffReflectionRow[];
  page: number;
  pageCount: number;
}

/**
 * The feedback page: this session's submitted reflections, by default those waiting for feedback
 * (the queue, oldest first); also those returned or accepted, to read again or change feedback.
 */
export async function feedbackQueue(db: Db, access: StaffAccess, query: ReflectionListQueryInput): Promise<ReflectionList> {
  const filters: ReflectionListFilters = { show: query.show, week: query.week, name: query.q || undefined };
  const [counts, weeks] = await Promise.all([countSessionReflections(db, access.session.id, filters), listExerciseWeeks(db, access.session.course_id)]);
  const pageCount = Math.max(1, Math.ceil(counts[filters.show] / REFLECTIONS_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = await listSessionReflections(db, access.session.id, filters, { limit: REFLECTIONS_PAGE_SIZE, offset: (page - 1) * REFLECTIONS_PAGE_SIZE });
  return { filters, counts, weeks, rows, page, pageCount };
}

/**
 * Reflections waiting for feedback in each session, for the dashboards of those who teach them
 * (the caller has already limited the list to their sessions).
 */
export function awaitingFeedbackBySession(db: Db, sessionIds: number[]): Promise<Map<number, number>> {
  return countAwaitingFeedback(db, sessionIds);
}

export interface ReflectionForStaff {
  reflection: StaffReflectionRow;
  versions: (VersionRow & { files: FileRow[] })[];
  /** The viewer's own unsent feedback on it, if any. */
  draft?: FeedbackDraftRow;
  /** How many other reflections of the session wait for feedback. */
  othersWaiting: number;
}

/** One reflection of this session with every version and file; a reflection of another session is not found. */
export async function loadReflectionForStaff(db: Db, access: StaffAccess, reflectionId: number, viewerId: number): Promise<ReflectionForStaff> {
  const reflection = await findSessionReflection(db, access.session.id, reflectionId);
  if (!reflection || reflection.current_version === 0) throw new NotFoundError();
  const [versions, draft, waiting] = await Promise.all([
    versionsWithFiles(db, reflection.id),
    findFeedbackDraft(db, reflection.id, viewerId),
    countAwaitingFeedback(db, [access.session.id]),
  ]);
  const othersWaiting = (waiting.get(access.session.id) ?? 0) - (awaitsFeedback(reflection.status) ? 1 : 0);
  return { reflection, versions, draft, othersWaiting };
}

/** The reflection at the head of the session's queue (the oldest submission waiting), if any. */
export async function nextWaiting(db: Db, access: StaffAccess): Promise<StaffReflectionRow | undefined> {
  const [next] = await listSessionReflections(db, access.session.id, { show: 'waiting' }, { limit: 1, offset: 0 });
  return next;
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
  /** The instructor giving it: the learner's answer to the email reaches them. */
  by: { id: number; email: string },
  now = new Date(),
): Promise<{ outcome: 'accepted' | 'returned'; reflection: StaffReflectionRow }> {
  const outcome = input.outcome === 'accept' ? 'accepted' : 'returned';
  const { reflection, repeated } = await deps.db.transaction(async (trx) => {
    const row = await lockSessionReflection(trx, access.session.id, reflectionId);
    if (!row || row.current_version === 0) throw new NotFoundError();
    if (!awaitsFeedback(row.status)) {
      const given = await findFeedbackGiven(trx, row.id, row.current_version);
      // The same words and outcome from the same instructor: the form sent twice (a double click), already done.
      if (given && given.feedback_by === by.id && given.outcome === outcome && (given.feedback_md ?? '') === input.feedback) return { reflection: row, repeated: true };
      throw new ConflictError(
        given
          ? `${given.by_name ?? 'Another instructor'} already gave feedback on this version (${given.outcome === 'accepted' ? 'accepted' : 'returned for revision'}), so yours was not sent. Open the reflection again to read it; you can still change its words there.`
          : 'This reflection already has feedback. Reload the page to see it.',
      );
    }
    await recordFeedback(trx, row.id, row.current_version, { feedbackMd: input.feedback, feedbackHtml: renderMarkdown(input.feedback), by: by.id, outcome, at: now });
    await deleteFeedbackDraft(trx, row.id, by.id);
    await updateReflection(trx, row.id, { status: outcome });
    return { reflection: row, repeated: false };
  });
  // A deactivated account gets no session emails; the feedback waits on the site if it comes back.
  if (repeated || !reflection.learner_active) return { outcome, reflection };
  const url = `${deps.baseUrl}/sessions/${access.session.id}/weeks/${reflection.week}/reflection`;
  // The feedback's words stay on the site: an email's copy sits in the outbox, which every admin reads.
  const said = input.feedback
    ? `\n\nRead their feedback next to your text, on the site, where only you and the instructors of your session can read it: ${url}\n`
    : `\n\nYour reflection: ${url}\n`;
  await deps.mailer.send({
    to: reflection.learner_email,
    subject: outcome === 'accepted' ? `Your week ${reflection.week} reflection is accepted` : `Your week ${reflection.week} reflection: please revise it`,
    text:
      `Hello ${reflection.learner_name},\n\n` +
      (outcome === 'accepted'
        ? `Your instructor has read your reflection "${reflection.answered_title}" and accepted it.`
        : `Your instructor has read your reflection "${reflection.answered_title}" and returned it for revision. Your text is kept; you can edit it and submit it again.`) +
      said,
    replyTo: by.email,
  });
  return { outcome, reflection };
}
