import ejs from 'ejs';
import { viewsDir } from './paths';

type RenderCallback = (err: Error | null, html?: string) => void;

/**
 * EJS for Express, with includes named from the views folder (`include('/partials/top')`).
 * EJS looks a relative include up on disk (a `stat` call) on every render, even with its
 * cache on; a rooted one it resolves by name alone, which saves a stat per include per page.
 */
export function ejsEngine(options: { cache: boolean; root?: string }) {
  const root = options.root ?? viewsDir;
  return function renderView(file: string, data: object, callback: RenderCallback): void {
    ejs.renderFile(file, data as ejs.Data, { root, cache: options.cache }, (err, html) => callback(err, html));
  };
}
