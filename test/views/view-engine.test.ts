import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { viewsDir } from '../../src/lib/paths';
import { fragmentRenderer } from '../../src/lib/fragments';
import { ejsEngine } from '../../src/lib/view-engine';
import { viewFiles } from '../helpers/view-files';

function render(file: string, data: object, root?: string, cache = false): Promise<string> {
  return new Promise((resolve, reject) => {
    ejsEngine({ cache, root })(file, data, (err, html) => (err ? reject(err) : resolve(html ?? '')));
  });
}

describe('the view engine', () => {
  it('finds a rooted include from the views folder, whichever folder the page is in', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-views-'));
    fs.mkdirSync(path.join(root, 'pages/deep'), { recursive: true });
    fs.mkdirSync(path.join(root, 'partials'));
    fs.writeFileSync(path.join(root, 'partials/greet.ejs'), 'Hello, <%= name %>.');
    fs.writeFileSync(path.join(root, 'pages/deep/page.ejs'), "<p><%- include('/partials/greet', { name }) %></p>");
    const html = await render(path.join(root, 'pages/deep/page.ejs'), { name: 'Ana <3' }, root);
    expect(html).toBe('<p>Hello, Ana &lt;3.</p>');
    fs.rmSync(root, { recursive: true });
  });

  it('renders the app\'s own partials with their text escaped', async () => {
    const html = await render(path.join(viewsDir, 'partials/csrf.ejs'), { csrfToken: 'tok"en' });
    expect(html.trim()).toBe('<input type="hidden" name="_csrf" value="tok&#34;en">');
  });

  // A relative include still works, but EJS stats the disk for it on every render.
  it('every include and fragment in views/ is named from the views folder and exists', () => {
    const includes = viewFiles().flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/(?:include|fragment)\(\s*(['"`])([^'"`]+)\1/g)].map((m) => ({ file: path.relative(viewsDir, file), name: m[2] })),
    );
    expect(includes.length).toBeGreaterThan(300);
    expect(includes.filter((i) => i.file.startsWith('toolkit') && i.name === '/toolkit/_sections')).toHaveLength(1);
    expect(includes.filter((i) => !i.name.startsWith('/'))).toEqual([]);
    expect(includes.filter((i) => !fs.existsSync(path.join(viewsDir, `${i.name}.ejs`)))).toEqual([]);
  });
});

describe('fragments', () => {
  let root: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-fragments-'));
    fs.mkdirSync(path.join(root, 'partials'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true }));

  it('renders a partial with the locals it is handed, escaped as the pages are, and may call another', () => {
    fs.writeFileSync(path.join(root, 'partials/item.ejs'), "<li><%= text %><%- fragment('/partials/badge', { label }) %></li>");
    fs.writeFileSync(path.join(root, 'partials/badge.ejs'), '<b><%= label %></b>');
    const fragment = fragmentRenderer({ cache: true, root });
    expect(fragment('/partials/item', { text: 'Tea & “rest”', label: '<new>' })).toBe('<li>Tea &amp; &#8220;rest&#8221;<b>&lt;new&gt;</b></li>');
  });

  it('sees no local it was not handed: a name left out is an error, not a blank', () => {
    fs.writeFileSync(path.join(root, 'partials/form.ejs'), '<input name="_csrf" value="<%= csrfToken %>">');
    const fragment = fragmentRenderer({ cache: true, root });
    expect(() => fragment('/partials/form', {})).toThrow(/csrfToken is not defined/);
    expect(fragment('/partials/form', { csrfToken: 'abc' })).toBe('<input name="_csrf" value="abc">');
  });

  it('keeps its compiled partials apart from includes, and reads them again when not caching', async () => {
    fs.writeFileSync(path.join(root, 'partials/hi.ejs'), 'Hi <%= name %>');
    fs.writeFileSync(path.join(root, 'page.ejs'), "<%- include('/partials/hi') %>|<%- fragment('/partials/hi', { name: 'Bo' }) %>");
    const cached = fragmentRenderer({ cache: true, root });
    const fresh = fragmentRenderer({ cache: false, root });
    const page = path.join(root, 'page.ejs');
    // Both caches on: the strict fragment and the included partial are compiled once each, apart.
    expect(await render(page, { name: 'Al', fragment: cached }, root, true)).toBe('Hi Al|Hi Bo');
    expect(await render(page, { name: 'Cy', fragment: cached }, root, true)).toBe('Hi Cy|Hi Bo');
    fs.writeFileSync(path.join(root, 'partials/hi.ejs'), 'Hello <%= name %>');
    expect(cached('/partials/hi', { name: 'Bo' })).toBe('Hi Bo');
    expect(fresh('/partials/hi', { name: 'Bo' })).toBe('Hello Bo');
  });
});

describe('pages as one-byte strings', () => {
  it('writes template text and escaped values beyond Latin-1 as references, which read the same', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-views-'));
    fs.mkdirSync(path.join(root, 'partials'));
    fs.writeFileSync(path.join(root, 'partials/dates.ejs'), '<span>4 May – 31 May</span>');
    fs.writeFileSync(path.join(root, 'page.ejs'), "<h1>You’re here, <%= name %></h1><%- include('/partials/dates') %>");
    const html = await render(path.join(root, 'page.ejs'), { name: 'Zoë 😀' }, root);
    expect(html).toBe('<h1>You&#8217;re here, Zoë &#128512;</h1><span>4 May &#8211; 31 May</span>');
    fs.rmSync(root, { recursive: true });
  });

  it('fails, in tests, a page that would still carry such a character as it is, naming it', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kindred-views-'));
    fs.writeFileSync(path.join(root, 'raw.ejs'), '<p><%- words %></p>');
    const check = (data: object) =>
      new Promise<string>((resolve, reject) => {
        ejsEngine({ cache: false, root, checkOneByte: true })(path.join(root, 'raw.ejs'), data, (err, html) => (err ? reject(err) : resolve(html ?? '')));
      });
    await expect(check({ words: 'It’s' })).rejects.toThrow(/raw\.ejs rendered U\+2019 "’"/);
    await expect(check({ words: 'It&#8217;s café' })).resolves.toBe('<p>It&#8217;s café</p>');
    // Latin-1 only, but replaced in text that had an apostrophe beyond it, so V8 holds it two-byte.
    const heldTwoByte = 'It’s'.replace(/’/gu, () => "'");
    await expect(check({ words: heldTwoByte })).rejects.toThrow(/raw\.ejs rendered Latin-1 text held two bytes per character/);
    fs.rmSync(root, { recursive: true });
  });
});
