import { DEFAULT_COMPLETION_RULES } from '../../seeds/reference-course';

export type CompletionRules = typeof DEFAULT_COMPLETION_RULES;

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function count(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The course's stored rules over the defaults; a malformed stored value falls back to its default. */
export function completionRulesOf(stored: unknown): CompletionRules {
  const s = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>;
  const d = DEFAULT_COMPLETION_RULES;
  return {
    readingsDone: bool(s.readingsDone, d.readingsDone),
    exerciseSubmitted: bool(s.exerciseSubmitted, d.exerciseSubmitted),
    postsPerWeek: count(s.postsPerWeek, d.postsPerWeek),
    repliesPerWeek: count(s.repliesPerWeek, d.repliesPerWeek),
    toolkitEntriesPerSection: count(s.toolkitEntriesPerSection, d.toolkitEntriesPerSection),
    evaluation: bool(s.evaluation, d.evaluation),
    completionGraceDays: count(s.completionGraceDays, d.completionGraceDays),
  };
}

export type WeekRuleKey = 'readings' | 'reflection' | 'posts' | 'replies';

/** The week's rules, in the order they are shown. */
export const WEEK_RULE_KEYS: readonly WeekRuleKey[] = ['readings', 'reflection', 'posts', 'replies'];

/** How much of each rule a week asks for; 0 where the rule does not apply to that week. */
export type WeekNeeds = Record<WeekRuleKey, number>;

/** A learner's counts for one course module, as kept on write in enrolment_module_progress. */
export interface ModuleCounts {
  readingsDone: number;
  reflectionStatus: string | null;
  threadsStarted: number;
  repliesToOthers: number;
}

export const NO_COUNTS: ModuleCounts = { readingsDone: 0, reflectionStatus: null, threadsStarted: 0, repliesToOthers: 0 };

const SUBMITTED_REFLECTION = ['submitted', 'accepted'];

/** The readings when the week has any, its reflection when it has an exercise, and the discussion. */
export function weekNeeds(rules: CompletionRules, module: { reading_count: number; exercise_id: number | null }): WeekNeeds {
  return {
    readings: rules.readingsDone ? module.reading_count : 0,
    reflection: rules.exerciseSubmitted && module.exercise_id !== null ? 1 : 0,
    posts: rules.postsPerWeek,
    replies: rules.repliesPerWeek,
  };
}

/** How much of a rule the counts show done (readings never beyond those of the week). */
export function ruleDone(key: WeekRuleKey, needed: number, counts: ModuleCounts): number {
  switch (key) {
    case 'readings':
      return Math.min(counts.readingsDone, needed);
    case 'reflection':
      return counts.reflectionStatus !== null && SUBMITTED_REFLECTION.includes(counts.reflectionStatus) ? 1 : 0;
    case 'posts':
      return counts.threadsStarted;
    case 'replies':
      return counts.repliesToOthers;
  }
}

/** A rule is met when its done reaches what the week needs. */
export const ruleMet = (done: number, needed: number): boolean => done >= needed;

/** Every rule of a week is met by the counts (a rule the week does not ask for needs 0). */
export function weekMet(needs: WeekNeeds, counts: ModuleCounts): boolean {
  return WEEK_RULE_KEYS.every((key) => ruleMet(ruleDone(key, needs[key], counts), needs[key]));
}

/** The counts show part in the discussion rules that the week has. */
export function weekDiscussed(needs: WeekNeeds, counts: ModuleCounts): boolean {
  return (needs.posts > 0 && counts.threadsStarted > 0) || (needs.replies > 0 && counts.repliesToOthers > 0);
}

// The same tests in SQL, for filters and totals over a whole session: `p` is a row of
// enrolment_module_progress, or nulls when the learner has none for that week.
const DONE_SQL: Record<WeekRuleKey, (p: string) => string> = {
  readings: (p) => `coalesce(${p}.readings_done, 0)`,
  reflection: (p) => `(case when ${p}.reflection_status in (${SUBMITTED_REFLECTION.map((s) => `'${s}'`).join(', ')}) then 1 else 0 end)`,
  posts: (p) => `coalesce(${p}.threads_started, 0)`,
  replies: (p) => `coalesce(${p}.replies_to_others, 0)`,
};

/**
 * As weekMet, in SQL: true when the counts in `p` meet every rule of a week, whose needs are given
 * as numbers or as SQL (columns of a list of weeks).
 */
export function weekMetSql(p: string, needs: Record<WeekRuleKey, string | number>): string {
  return WEEK_RULE_KEYS.map((key) => `${DONE_SQL[key](p)} >= ${sqlNumber(needs[key])}`).join(' and ');
}

/** As weekDiscussed, in SQL. */
export function weekDiscussedSql(p: string, needs: Record<'posts' | 'replies', string | number>): string {
  return `((${sqlNumber(needs.posts)} > 0 and ${DONE_SQL.posts(p)} > 0) or (${sqlNumber(needs.replies)} > 0 and ${DONE_SQL.replies(p)} > 0))`;
}

function sqlNumber(value: string | number): string {
  return typeof value === 'string' ? value : sqlWholeNumber(value);
}

/** A whole number written into SQL (never text from a request). */
export function sqlWholeNumber(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not a whole number: ${value}`);
  return String(value);
}
