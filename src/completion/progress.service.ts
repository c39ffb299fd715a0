import type { Db } from '../db';
import { NO_COUNTS, weekDiscussed, weekMet, weekMetSql } from './completion.rules';
import { HOLDS_CERTIFICATE, type LearnerCondition, learnerNames, progressData } from './completion.repository';
import { type CompletionPlan, type LearnerCompletion, completionPlan, learnerCompletion, learnersOfPlan } from './completion.service';
import type { ProgressFilters } from './progress.presenter';

export const PROGRESS_PAGE_SIZE = 100;

/**
 * The table's filters as SQL over the session's learners: complete means holding a certificate
 * that is not revoked; behind on a week means not complete with a rule of that week open (as
 * completion.rules says, over the counts); the name is matched in JavaScript, as it always was
 * (lower case, anywhere in the name), so that the match does not depend on the database's locale.
 */
async function filterCondition(db: Db, plan: CompletionPlan, f: ProgressFilters): Promise<LearnerCondition | undefined> {
  const parts: string[] = [];
  const bindings: string[] = [];
  let weekModuleId: number | undefined;
  if (f.status === 'complete') parts.push(`(${HOLDS_CERTIFICATE})`);
  if (f.status === 'not-complete' || f.behindWeek !== undefined) parts.push(`not (${HOLDS_CERTIFICATE})`);
  if (f.behindWeek !== undefined) {
    const week = plan.weeks.find((w) => w.week === f.behindWeek);
    if (!week) return { sql: 'false', bindings: [] };
    weekModuleId = week.moduleId;
    parts.push(`not (${weekMetSql('pw', week.needs)})`);
  }
  const name = f.name?.trim().toLowerCase();
  if (name) {
    const ids = (await learnerNames(db, plan.session.id)).filter((l) => l.name.toLowerCase().includes(name)).map((l) => l.enrolment_id);
    if (!ids.length) return { sql: 'false', bindings: [] };
    parts.push('e.id = any(?::int[])');
    bindings.push(`{${ids.join(',')}}`);
  }
  return parts.length ? { sql: parts.join(' and '), bindings, weekModuleId } : undefined;
}

export interface WeekParticipation {
  week: number;
  title: string;
  allDone: number;
  discussed: number;
}

export interface ProgressPage {
  plan: CompletionPlan;
  learners: LearnerCompletion[];
  page: number;
  pageCount: number;
  /** Learners that pass the filters, over every page. */
  matching: number;
  /** Those of `matching` with an active account, whom the page's "Email" link reaches. */
  emailable: number;
  /** Learners of the session, and how many of them are complete, whatever the filters. */
  total: number;
  completeCount: number;
  participation: WeekParticipation[];
}

/**
 * One page of the progress table in two queries over the counts kept on write: the plan, then
 * the totals, the weekly participation and the page's learners together.
 */
export async function progressPage(db: Db, sessionId: number, filters: ProgressFilters, requestedPage: number, pageSize = PROGRESS_PAGE_SIZE): Promise<ProgressPage> {
  const plan = await completionPlan(db, sessionId);
  const where = await filterCondition(db, plan, filters);
  const read = (page: number) => progressData(db, sessionId, { where, weeks: plan.weeks, limit: pageSize, offset: (page - 1) * pageSize });
  let data = await read(requestedPage);
  const pageCount = Math.max(1, Math.ceil(data.totals.matching / pageSize));
  const page = Math.min(requestedPage, pageCount);
  // A page past the end is shown as the last page.
  if (page !== requestedPage) data = await read(page);
  const { totals } = data;
  const byModule = new Map(data.weeks.map((r) => [r.course_module_id, r]));
  // Learners without counts for a week have done nothing in it: they meet it only if it asks nothing.
  const participation = plan.weeks.map((w): WeekParticipation => {
    const row = byModule.get(w.moduleId);
    const uncounted = totals.total - (row?.counted ?? 0);
    return {
      week: w.week,
      title: w.title,
      allDone: (row?.all_done ?? 0) + (weekMet(w.needs, NO_COUNTS) ? uncounted : 0),
      discussed: (row?.discussed ?? 0) + (weekDiscussed(w.needs, NO_COUNTS) ? uncounted : 0),
    };
  });
  return {
    plan,
    learners: data.learners.map((row) => learnerCompletion(plan, row)),
    page,
    pageCount,
    matching: totals.matching,
    emailable: totals.emailable,
    total: totals.total,
    completeCount: totals.complete,
    participation,
  };
}

/** Every learner that passes the filters, for the CSV. */
export async function progressLearners(db: Db, sessionId: number, filters: ProgressFilters): Promise<{ plan: CompletionPlan; learners: LearnerCompletion[] }> {
  const plan = await completionPlan(db, sessionId);
  const where = await filterCondition(db, plan, filters);
  return { plan, learners: await learnersOfPlan(db, plan, { where }) };
}
