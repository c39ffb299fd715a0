export const MAX_ENTRIES_PER_SECTION = 40;

/** How many entries each toolkit section needs for completion: the course's `toolkitEntriesPerSection`, 1 if unset. */
export function toolkitEntriesRequired(rules: unknown): number {
  const value = rules && typeof rules === 'object' ? (rules as Record<string, unknown>).toolkitEntriesPerSection : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : 1;
}
