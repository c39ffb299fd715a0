import type { ManagedSessionRow } from './enrolment.repository';

/** The columns the session form edits: what two admins editing at once could write over. */
export const EDITED_COLUMNS = [
  'starts_at',
  'time_zone',
  'capacity',
  'min_enrolment',
  'price_minor',
  'currency',
  'go_no_go_at',
  'registration_opens_at',
  'registration_closes_at',
] as const;
export type EditedColumn = (typeof EDITED_COLUMNS)[number];
type Edited = Pick<ManagedSessionRow, EditedColumn>;

const comparable = (v: unknown): string | number => (v instanceof Date ? v.getTime() : (v as string | number));

/**
 * The version of a session an edit form was opened on: the values it edits, as they were. It is
 * only compared, never saved, so a changed one can at worst show a needless warning.
 */
export function sessionRevOf(session: Edited): string {
  return Buffer.from(JSON.stringify(EDITED_COLUMNS.map((c) => comparable(session[c])))).toString('base64url');
}

function valuesOfRev(rev: string): unknown[] | undefined {
  try {
    const values: unknown = JSON.parse(Buffer.from(rev, 'base64url').toString('utf8'));
    return Array.isArray(values) && values.length === EDITED_COLUMNS.length ? values : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What saving a form opened on `rev` would undo of changes saved since: the columns changed
 * meanwhile that the form sets otherwise. Empty when nothing was saved since it was opened.
 */
export function undoneColumns(rev: string, current: Edited, form: Edited): EditedColumn[] {
  if (rev === sessionRevOf(current)) return [];
  const opened = valuesOfRev(rev);
  return EDITED_COLUMNS.filter((c, i) => comparable(form[c]) !== comparable(current[c]) && (!opened || opened[i] !== comparable(current[c])));
}
