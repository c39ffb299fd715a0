import fs from 'node:fs';
import ejs from 'ejs';
import { escapeHtml, firstBeyondLatin1, heldOneByte, oneByteTemplate } from './one-byte-html';
import { viewsDir } from './paths';

type RenderCallback = (err: Error | null, html?: string) => void;

// Every template, included ones too, is read through here: its text keeps to Latin-1 (see
// one-byte-html.ts), and `<%= %>` escapes the same way.
ejs.fileLoader = (file: string) => oneByteTemplate(fs.readFileSync(file, 'utf8'));
export const EJS_OPTIONS = { escape: escapeHtml } as const;

/**
 * EJS for Express, with includes named from the views folder (`include('/partials/top')`).
 * EJS looks a relative include up on disk (a `stat` call) on every render, even with its
 * cache on; a rooted one it resolves by name alone, which saves a stat per include per page.
 * `checkOneByte` (on in tests) fails a page that would still be a two-byte string, naming the
 * character, so a new way in for one is found by the test that renders it.
 */
export function ejsEngine(options: { cache: boolean; root?: string; checkOneByte?: boolean }) {
  const root = options.root ?? viewsDir;
  return function renderView(file: string, data: object, callback: RenderCallback): void {
    ejs.renderFile(file, data as ejs.Data, { ...EJS_OPTIONS, root, cache: options.cache }, (err, html) => {
      const beyond = !err && options.checkOneByte ? firstBeyondLatin1(html) : undefined;
      if (beyond) {
        const code = beyond.char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
        const context = html.slice(Math.max(0, beyond.index - 60), beyond.index + 20);
        return callback(new Error(`${file} rendered U+${code} "${beyond.char}" as it is, in …${context}…: write it as a reference (src/lib/one-byte-html.ts)`));
      }
      if (!err && options.checkOneByte && !heldOneByte(html!)) {
        return callback(new Error(`${file} rendered Latin-1 text held two bytes per character: a piece was cut or replaced from text beyond Latin-1 without going through src/lib/one-byte-html.ts`));
      }
      callback(err, html);
    });
  };
}
