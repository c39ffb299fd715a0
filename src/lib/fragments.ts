import path from 'node:path';
import ejs from 'ejs';
import { viewsDir } from './paths';
import { EJS_OPTIONS } from './view-engine';

export type FragmentLocals = Record<string, unknown>;

/** Renders the partial `name` (from the views folder, without `.ejs`) with these locals and no others. */
export type RenderFragment = (name: string, locals: FragmentLocals) => string;

/**
 * Partials rendered in strict mode with only the locals they are handed, for the ones a page
 * shows once per item. An EJS include copies every local of the page into the partial, three
 * times over (some thirty names: the app's, the request's and the page's), and looks each name up
 * through `with (locals)`; on the toolkit page, with a form per idea, that cost more than the
 * forms. Templates call it as `fragment('/toolkit/_add-suggestion', { ... })`, and a fragment can
 * call `fragment` in turn.
 *
 * A partial rendered this way names every local it reads in the call: any other name is a
 * ReferenceError, not a silent blank. It may still be included the usual way elsewhere, since its
 * compiled functions are kept here, apart from EJS's own cache (one per set of local names).
 */
export function fragmentRenderer(options: { cache: boolean; root?: string }): RenderFragment {
  const root = options.root ?? viewsDir;
  const compiled = new Map<string, (locals: FragmentLocals) => string>();
  const render: RenderFragment = (name, locals) => {
    const names = Object.keys(locals);
    const key = `${name}\n${names.join(',')}`;
    let template = options.cache ? compiled.get(key) : undefined;
    if (!template) {
      const filename = path.join(root, `${name.replace(/^\//, '')}.ejs`);
      template = ejs.compile(ejs.fileLoader(filename).toString(), { ...EJS_OPTIONS, filename, root, async: false, strict: true, destructuredLocals: [...names, 'fragment'] });
      if (options.cache) compiled.set(key, template);
    }
    return template({ ...locals, fragment: render });
  };
  return render;
}
