import type { ProgressFilters } from './progress.presenter';

/** What the session's weeks are, for a notice: "its weeks are 1 to 4". */
function weeksOf(weeks: { week: number }[]): string {
  if (!weeks.length) return 'it has no weeks yet';
  if (weeks.length === 1) return `its only week is week ${weeks[0].week}`;
  return `its weeks are ${weeks[0].week} to ${weeks[weeks.length - 1].week}`;
}

/**
 * The progress table's "With something open in" week, checked against the session's weeks. One
 * it does not have (`?behind=99`, `?behind=abc`, an old link) is left out of the filters, and
 * `notice` says so next to the filter, rather than showing nobody or everyone without a word.
 */
export function checkWeekFilter(asked: unknown, filters: ProgressFilters, weeks: { week: number }[]): { filters: ProgressFilters; notice?: string } {
  const text = typeof asked === 'string' ? asked.trim() : Array.isArray(asked) ? asked.join(', ') : '';
  if (!text) return { filters };
  if (filters.behindWeek !== undefined && weeks.some((w) => w.week === filters.behindWeek)) return { filters };
  const shown = { ...filters, behindWeek: undefined };
  if (/^\d{1,9}$/.test(text)) return { filters: shown, notice: `Showing “Any week”: this session has no week ${Number(text)} (${weeksOf(weeks)}).` };
  const quoted = text.length > 20 ? `${text.slice(0, 20)}…` : text;
  return { filters: shown, notice: `Showing “Any week”: “${quoted}” is not a week number.` };
}
