import { learnerDeadline } from '../enrolment';
import type { Db } from '../db';
import { NotFoundError } from '../lib/errors';
import {
  type CompletionRules,
  type ModuleCounts,
  type WeekNeeds,
  type WeekRuleKey,
  NO_COUNTS,
  WEEK_RULE_KEYS,
  completionRulesOf,
  ruleDone,
  ruleMet,
  weekNeeds,
} from './completion.rules';
import { type CourseOfSessionRow, type LearnerCountsRow, type LearnerQuery, type SessionCourseRow, findCourseOfSession, learnersWithCounts } from './completion.repository';

export type { WeekRuleKey } from './completion.rules';

export interface RuleState {
  key: WeekRuleKey;
  met: boolean;
  done: number;
  needed: number;
  /** The reflection's status (draft, submitted, returned, accepted) when there is one. */
  status?: string;
}

export interface WeekState {
  week: number;
  title: string;
  rules: RuleState[];
  met: boolean;
}

export interface SectionState {
  id: number;
  title: string;
  week: number;
  done: number;
  needed: number;
  met: boolean;
}

/** What a certificate states, copied at issue: later edits of the account, course or session leave it as it was. */
export interface CertificateStatement {
  learnerName: string;
  courseTitle: string;
  contactHours: number;
  sessionStartsAt: Date;
  sessionEndsAt: Date;
  timeZone: string;
}

export interface LearnerCompletion {
  enrolmentId: number;
  userId: number;
  name: string;
  email: string;
  weeks: WeekState[];
  /** Undefined when the course does not ask for toolkit entries. */
  toolkit?: { met: boolean; sections: SectionState[] };
  evaluation?: { met: boolean };
  /** Every rule holds, from the data. */
  rulesMet: boolean;
  certificate?: { id: number; code: string; issuedAt: Date; completedAt: Date; revokedAt: Date | null; kind: 'rules' | 'manual'; stated: CertificateStatement };
  /** Holds a certificate that is not revoked. */
  complete: boolean;
  /** When completion closes for this learner: the session's deadline, or later when more time was given. */
  deadline: Date;
  extended: boolean;
  /** How many toolkit sections the learner shares with the session's instructors. */
  sharedSections: number;
}

export interface CourseWeek {
  moduleId: number;
  week: number;
  title: string;
  /** How much of each rule the week asks for (0: not asked). */
  needs: WeekNeeds;
  /** The rules the week asks for, in the order they are shown. */
  ruleKeys: WeekRuleKey[];
  /** An instructor opened the week for this session before its date. */
  openedEarly: boolean;
}

/** What completing a session asks for: its course's rules, week by week, and the toolkit sections. */
export interface CompletionPlan {
  session: SessionCourseRow;
  rules: CompletionRules;
  weeks: CourseWeek[];
  toolkitSections: { id: number; title: string; week: number }[];
}

export interface SessionCompletion extends CompletionPlan {
  learners: LearnerCompletion[];
}

/** The plan of a session, in one query. */
export async function completionPlan(db: Db, sessionId: number): Promise<CompletionPlan> {
  const plan = await planOf(db, { sessionId });
  if (!plan) throw new NotFoundError();
  return plan;
}

async function planOf(db: Db, of: { sessionId: number } | { enrolmentId: number }): Promise<CompletionPlan | undefined> {
  const row = await findCourseOfSession(db, of);
  return row && planFromRow(row);
}

export function planFromRow(row: CourseOfSessionRow): CompletionPlan {
  const { modules, toolkit_sections: toolkitSections, ...session } = row;
  const rules = completionRulesOf(session.completion_rules);
  const weeks = modules.map((m): CourseWeek => {
    const needs = weekNeeds(rules, m);
    return { moduleId: m.id, week: m.week, title: m.title, needs, ruleKeys: WEEK_RULE_KEYS.filter((k) => needs[k] > 0), openedEarly: m.opened_early };
  });
  return { session, rules, weeks, toolkitSections };
}

/** Learners of a plan's session with their completion state, read from the counts kept on write. */
export async function learnersOfPlan(db: Db, plan: CompletionPlan, query: LearnerQuery = {}): Promise<LearnerCompletion[]> {
  const rows = await learnersWithCounts(db, plan.session.id, query);
  return rows.map((row) => learnerCompletion(plan, row));
}

/**
 * Completion state of every enrolled learner of a session (or of one enrolment), per rule per
 * week: two queries (the plan, then the learners with their counts), however many learners.
 */
export async function completionForSession(db: Db, sessionId: number, opts: { enrolmentId?: number } = {}): Promise<SessionCompletion> {
  const plan = await completionPlan(db, sessionId);
  return { ...plan, learners: await learnersOfPlan(db, plan, { enrolmentId: opts.enrolmentId }) };
}

/** One enrolment's completion state, in two queries; no learner when it is not enrolled (or not there). */
export async function completionForEnrolment(db: Db, enrolmentId: number): Promise<SessionCompletion | undefined> {
  const plan = await planOf(db, { enrolmentId });
  return plan && { ...plan, learners: await learnersOfPlan(db, plan, { enrolmentId }) };
}

function countsOf(row: LearnerCountsRow['modules'][number] | undefined): ModuleCounts {
  if (!row) return NO_COUNTS;
  const [, readingsDone, reflectionStatus, threadsStarted, repliesToOthers] = row;
  return { readingsDone, reflectionStatus, threadsStarted, repliesToOthers };
}

/** One learner's state under the plan's rules (completion.rules decides what each count means). */
export function learnerCompletion(plan: CompletionPlan, row: LearnerCountsRow): LearnerCompletion {
  const { rules } = plan;
  const moduleCounts = new Map(row.modules.map((m) => [m[0], m]));
  const weeks = plan.weeks.map((w): WeekState => {
    const counts = countsOf(moduleCounts.get(w.moduleId));
    const ruleStates = w.ruleKeys.map((key): RuleState => {
      const needed = w.needs[key];
      const done = ruleDone(key, needed, counts);
      const state: RuleState = { key, done, needed, met: ruleMet(done, needed) };
      if (key === 'reflection') state.status = counts.reflectionStatus ?? undefined;
      return state;
    });
    return { week: w.week, title: w.title, rules: ruleStates, met: ruleStates.every((r) => r.met) };
  });

  let toolkit: LearnerCompletion['toolkit'];
  if (rules.toolkitEntriesPerSection > 0) {
    const entries = new Map(row.toolkit);
    const needed = rules.toolkitEntriesPerSection;
    const sections = plan.toolkitSections.map((s): SectionState => {
      const done = entries.get(s.id) ?? 0;
      return { id: s.id, title: s.title, week: s.week, done, needed, met: ruleMet(done, needed) };
    });
    toolkit = { met: sections.every((s) => s.met), sections };
  }
  const evaluation = rules.evaluation ? { met: row.evaluated } : undefined;
  const rulesMet = weeks.every((w) => w.met) && (toolkit?.met ?? true) && (evaluation?.met ?? true);
  const certificate: LearnerCompletion['certificate'] =
    row.certificate_id !== null
      ? {
          id: row.certificate_id,
          code: row.certificate_code!,
          issuedAt: row.issued_at!,
          completedAt: row.completed_at!,
          revokedAt: row.revoked_at,
          kind: row.completion_kind!,
          stated: {
            learnerName: row.certificate_name!,
            courseTitle: row.certificate_course_title!,
            contactHours: row.certificate_contact_hours!,
            sessionStartsAt: row.certificate_session_starts_at!,
            sessionEndsAt: row.certificate_session_ends_at!,
            timeZone: row.certificate_time_zone!,
          },
        }
      : undefined;
  return {
    enrolmentId: row.enrolment_id,
    userId: row.user_id,
    name: row.name,
    email: row.email,
    weeks,
    toolkit,
    evaluation,
    rulesMet,
    certificate,
    complete: Boolean(certificate && !certificate.revokedAt),
    sharedSections: row.shared_sections,
    ...learnerDeadline(plan.session.completion_deadline_at, row.extended_to),
  };
}
