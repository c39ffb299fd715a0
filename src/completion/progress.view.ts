import path from 'node:path';
import ejs from 'ejs';
import { viewsDir } from '../lib/paths';
import { EJS_OPTIONS } from '../lib/view-engine';
import type { ProgressRow } from './progress.presenter';

const rowsTemplate = path.join(viewsDir, 'completion', '_progress-rows.ejs');

/**
 * The progress table's rows, rendered on their own in strict mode: without the `with (locals)`
 * block the app's views run in, looking up names in a hundred rows of cells costs a third.
 */
export function renderProgressRows(rows: ProgressRow[], isAdmin: boolean, teaches: boolean): Promise<string> {
  return ejs.renderFile(rowsTemplate, { rows, isAdmin, teaches }, { ...EJS_OPTIONS, cache: true, strict: true, destructuredLocals: ['rows', 'isAdmin', 'teaches'] });
}
