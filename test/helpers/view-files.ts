import fs from 'node:fs';
import path from 'node:path';
import { viewsDir } from '../../src/lib/paths';

/** Every template under `dir` (the app's views folder unless told), as full paths. */
export function viewFiles(dir = viewsDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return viewFiles(full);
    return entry.name.endsWith('.ejs') ? [full] : [];
  });
}
