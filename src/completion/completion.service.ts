import type { Db } from '../db';
import { certificatesForSession } from '../certificates/certificates.repository';
import { NotFoundError } from '../lib/errors';
import { type CompletionRules, completionRulesOf } from './completion.rules';
import {
  type SessionCourseRow,
  discussionCounts,
  findSessionCourse,
  evaluationsSubmitted,
  listLearners,
  listModules,
  listToolkitSections,
  readingsDone,
  reflectionStates,
  toolkitCounts,
} from './completion.repository';

export type WeekRuleKey = 'readings' | 'reflection' | 'posts' | 'replies';

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
  certificate?: { id: number; code: string; issuedAt: Date; completedAt: Date; revokedAt: Date | null; kind: 'rules' | 'manual' };
  /** Holds a certificate that is not revoked. */
  complete: boolean;
}

export interface SessionCompletion {
  session: SessionCourseRow;
  rules: CompletionRules;
  weeks: { week: number; title: string; ruleKeys: WeekRuleKey[] }[];
  toolkitSections: { id: number; title: string; week: number }[];
  learners: LearnerCompletion[];
}

const key = (a: number, b: number) => `${a}:${b}`;

/**
 * Completion state of every enrolled learner of a session (or of one enrolment), per rule per
 * week, computed from the data with one grouped query per kind of evidence, never per learner.
 */
export async function completionForSession(db: Db, sessionId: number, opts: { enrolmentId?: number } = {}): Promise<SessionCompletion> {
  const session = await findSessionCourse(db, sessionId);
  if (!session) throw new NotFoundError();
  return completionOf(db, session, opts);
}

/** As completionForSession, for a session already loaded. */
export async function completionOf(db: Db, session: SessionCourseRow, opts: { enrolmentId?: number } = {}): Promise<SessionCompletion> {
  const rules = completionRulesOf(session.completion_rules);
  const id = session.id;
  const only = opts.enrolmentId;
  const [modules, sections, learners, readings, reflections, posts, toolkit, evaluations, certificates] = await Promise.all([
    listModules(db, session.course_id),
    listToolkitSections(db, session.course_id),
    listLearners(db, id, only),
    rules.readingsDone ? readingsDone(db, id, only) : Promise.resolve([]),
    rules.exerciseSubmitted ? reflectionStates(db, id, only) : Promise.resolve([]),
    rules.postsPerWeek || rules.repliesPerWeek ? discussionCounts(db, id, only) : Promise.resolve([]),
    rules.toolkitEntriesPerSection ? toolkitCounts(db, id, only) : Promise.resolve([]),
    rules.evaluation ? evaluationsSubmitted(db, id, only) : Promise.resolve([]),
    certificatesForSession(db, id, only),
  ]);

  const readingsBy = new Map(readings.map((r) => [key(r.enrolment_id, r.course_module_id), r.done]));
  const reflectionBy = new Map(reflections.map((r) => [key(r.enrolment_id, r.course_module_id), r.status]));
  const postsBy = new Map(posts.map((r) => [key(r.enrolment_id, r.course_module_id), r]));
  const toolkitBy = new Map(toolkit.map((r) => [key(r.enrolment_id, r.toolkit_section_id), r.done]));
  const evaluated = new Set(evaluations.map((r) => r.enrolment_id));
  const certificateBy = new Map(certificates.map((c) => [c.enrolment_id!, c]));

  const weekKeys = modules.map((m) => {
    const keys: WeekRuleKey[] = [];
    if (rules.readingsDone && m.reading_count > 0) keys.push('readings');
    if (rules.exerciseSubmitted && m.exercise_id !== null) keys.push('reflection');
    if (rules.postsPerWeek > 0) keys.push('posts');
    if (rules.repliesPerWeek > 0) keys.push('replies');
    return { module: m, keys };
  });

  const result = learners.map((l): LearnerCompletion => {
    const weeks = weekKeys.map(({ module: m, keys }): WeekState => {
      const k = key(l.enrolment_id, m.id);
      const ruleStates = keys.map((ruleKey): RuleState => {
        if (ruleKey === 'readings') {
          const done = Math.min(readingsBy.get(k) ?? 0, m.reading_count);
          return { key: ruleKey, done, needed: m.reading_count, met: done >= m.reading_count };
        }
        if (ruleKey === 'reflection') {
          const status = reflectionBy.get(k);
          const met = status === 'submitted' || status === 'accepted';
          return { key: ruleKey, done: met ? 1 : 0, needed: 1, met, status };
        }
        const counts = postsBy.get(k);
        const done = ruleKey === 'posts' ? (counts?.threads ?? 0) : (counts?.replies ?? 0);
        const needed = ruleKey === 'posts' ? rules.postsPerWeek : rules.repliesPerWeek;
        return { key: ruleKey, done, needed, met: done >= needed };
      });
      return { week: m.week, title: m.title, rules: ruleStates, met: ruleStates.every((r) => r.met) };
    });
    const toolkitState = rules.toolkitEntriesPerSection > 0
      ? (() => {
          const states = sections.map((s): SectionState => {
            const done = toolkitBy.get(key(l.enrolment_id, s.id)) ?? 0;
            return { id: s.id, title: s.title, week: s.week, done, needed: rules.toolkitEntriesPerSection, met: done >= rules.toolkitEntriesPerSection };
          });
          return { met: states.every((s) => s.met), sections: states };
        })()
      : undefined;
    const evaluation = rules.evaluation ? { met: evaluated.has(l.enrolment_id) } : undefined;
    const rulesMet = weeks.every((w) => w.met) && (toolkitState?.met ?? true) && (evaluation?.met ?? true);
    const cert = certificateBy.get(l.enrolment_id);
    return {
      enrolmentId: l.enrolment_id,
      userId: l.user_id,
      name: l.name,
      email: l.email,
      weeks,
      toolkit: toolkitState,
      evaluation,
      rulesMet,
      certificate: cert
        ? { id: cert.id, code: cert.code, issuedAt: cert.issued_at, completedAt: cert.completed_at, revokedAt: cert.revoked_at, kind: cert.completion_kind }
        : undefined,
      complete: Boolean(cert && !cert.revoked_at),
    };
  });

  return {
    session,
    rules,
    weeks: weekKeys.map(({ module: m, keys }) => ({ week: m.week, title: m.title, ruleKeys: keys })),
    toolkitSections: sections,
    learners: result,
  };
}
