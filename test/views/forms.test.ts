import fs from 'node:fs';
import path from 'node:path';
import { viewsDir } from '../../src/lib/paths';
import { viewFiles } from '../helpers/view-files';

interface FormInView {
  file: string;
  openingTag: string;
  body: string;
}

/** Each form of each template: its opening tag (whose attributes may hold EJS tags) and what it holds. */
function formsInViews(): FormInView[] {
  return viewFiles().flatMap((file) =>
    [...fs.readFileSync(file, 'utf8').matchAll(/(<form\b(?:[^>]|%>)*?(?<!%)>)(.*?)<\/form>/gs)].map((m) => ({ file: path.relative(viewsDir, file), openingTag: m[1], body: m[2] })),
  );
}

describe('forms in views/', () => {
  // The browser's own bubble for an empty required field vanishes as soon as it is read, and is
  // not the same message twice; the server's refusal is written next to the field and stays.
  it('leave checking to the server wherever the refusal is shown next to the field', () => {
    const forms = formsInViews();
    const withFields = forms.filter((f) => f.body.includes("include('/partials/field'"));
    expect(withFields.length).toBeGreaterThan(40);
    expect(withFields.filter((f) => !/\snovalidate[\s>]/.test(f.openingTag)).map((f) => `${f.file}: ${f.openingTag}`)).toEqual([]);
  });

  it('reads opening tags whose attributes hold EJS tags whole', () => {
    const reply = formsInViews().find((f) => f.file === path.join('discussions', '_reply.ejs') && f.openingTag.includes('/replies'));
    expect(reply?.openingTag).toBe('<form method="post" action="/threads/<%= thread.id %>/replies" class="stack" novalidate data-keep-draft="reply:<%= thread.id %>">');
    expect(reply?.body).toContain("name: 'body', label: 'Your reply'");
  });
});
