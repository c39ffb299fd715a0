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
