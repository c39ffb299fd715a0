import { fragmentRenderer } from '../lib/fragments';
import type { ProgressRow } from './progress.presenter';

const renderFragment = fragmentRenderer({ cache: true });

/**
 * The progress table's rows, rendered on their own in strict mode: without the `with (locals)`
 * block the app's views run in, looking up names in a hundred rows of cells costs a third.
 */
export function renderProgressRows(rows: ProgressRow[], isAdmin: boolean, teaches: boolean): string {
  return renderFragment('/completion/_progress-rows', { rows, isAdmin, teaches });
}
