import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { viewsDir } from '../../src/lib/paths';
import { ejsEngine } from '../../src/lib/view-engine';

function render(file: string, data: object, root?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    ejsEngine({ cache: false, root })(file, data, (err, html) => (err ? reject(err) : resolve(html ?? '')));
  });
}

function viewFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return viewFiles(full);
    return entry.name.endsWith('.ejs') ? [full] : [];
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
  it('every include in views/ is named from the views folder and exists', () => {
    const includes = viewFiles(viewsDir).flatMap((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/include\(\s*(['"`])([^'"`]+)\1/g)].map((m) => ({ file: path.relative(viewsDir, file), name: m[2] })),
    );
    expect(includes.length).toBeGreaterThan(300);
    expect(includes.filter((i) => !i.name.startsWith('/'))).toEqual([]);
    expect(includes.filter((i) => !fs.existsSync(path.join(viewsDir, `${i.name}.ejs`)))).toEqual([]);
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
