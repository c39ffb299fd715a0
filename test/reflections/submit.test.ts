import fs from 'node:fs';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { csrfFrom, postForm, readable, signIn, uploadFormOf } from '../helpers/http';
import { exeBytes, filesOf, pdfBytes, pngBytes, postReflection, reflectionOf, reflectionUrl, versionsOf } from '../helpers/reflections-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

function storedFileCount(): number {
  if (!fs.existsSync(ctx.config.uploadDir)) return 0;
  return fs.readdirSync(ctx.config.uploadDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

async function learnerA() {
  const c = await createCohorts(ctx.db);
  const agent = await signIn(ctx.app, c.learnerA);
  return { c, agent, url: reflectionUrl(c.sessionA.id, 1) };
}

describe('reflection drafts', () => {
  it('saves a draft with the "Save draft" form button, without JavaScript', async () => {
    const { c, agent, url } = await learnerA();
    const res = await postForm(agent, `${url}/draft`, { text: 'First thoughts' }, url);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(url);
    const row = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    expect(row).toMatchObject({ status: 'draft', draft_text: 'First thoughts', current_version: 0 });
    const page = await agent.get(url);
    expect(page.text).toContain('First thoughts');
    expect(page.text).toContain('Draft saved at');
    expect(page.text).toContain('data-autosave-url');
    expect(page.text).toContain('/static/js/autosave.js');
  });

  it('autosaves a draft posted as JSON with the x-csrf-token header and answers the time', async () => {
    const { c, agent, url } = await learnerA();
    const token = await csrfFrom(agent, url);
    const res = await agent.post(`${url}/draft`).set('x-csrf-token', token).set('Accept', 'application/json').send({ text: 'Typed quietly' });
    expect(res.status).toBe(200);
    expect(res.body.savedAtLabel).toMatch(/^\d\d:\d\d$/);
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).draft_text).toBe('Typed quietly');
  });

  it('refuses an autosave without a CSRF token and keeps the earlier draft', async () => {
    const { c, agent, url } = await learnerA();
    await postForm(agent, `${url}/draft`, { text: 'Kept' }, url);
    const res = await agent.post(`${url}/draft`).set('Accept', 'application/json').send({ text: 'Forged' });
    expect(res.status).toBe(403);
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).draft_text).toBe('Kept');
  });

  it('refuses a draft for a locked week with 404, and shows the week’s opening day instead of the form', async () => {
    const { c, agent, url } = await learnerA();
    expect((await postForm(agent, `${reflectionUrl(c.sessionA.id, 2)}/draft`, { text: 'Early' }, url)).status).toBe(404);
    const early = await agent.get(reflectionUrl(c.sessionA.id, 2));
    expect(early.text).toContain('This week opens on');
    expect(early.text).not.toContain('<textarea');
    expect(await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id, 2)).toBeUndefined();
  });
});

describe('submitting a reflection', () => {
  it('submits text and files as version 1, stores files under generated keys and shows it read-only', async () => {
    const { c, agent, url } = await learnerA();
    const res = await postReflection(agent, c.sessionA.id, 1, 'My reflection text', [
      { bytes: pdfBytes(), name: 'notes.pdf' },
      { bytes: pngBytes(), name: 'drawing.png', contentType: 'image/png' },
    ]);
    expect(res.status).toBe(302);
    const row = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    expect(row).toMatchObject({ status: 'submitted', current_version: 1, draft_text: 'My reflection text' });
    const versions = await versionsOf(ctx.db, row.id);
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: 1, text: 'My reflection text' });
    const files = await filesOf(ctx.db, row.id);
    expect(files.map((f) => [f.original_name, f.content_type])).toEqual([
      ['notes.pdf', 'application/pdf'],
      ['drawing.png', 'image/png'],
    ]);
    for (const f of files) {
      expect(f.storage_key).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{32}$/);
      expect(f.storage_key).not.toContain('notes');
      expect((await ctx.storage.get(f.storage_key)).length).toBe(f.size_bytes);
    }
    const page = await agent.get(url);
    expect(page.text).toContain('Submitted, waiting for feedback');
    expect(page.text).toContain('My reflection text');
    expect(page.text).not.toContain('enctype="multipart/form-data"');
    expect(page.text).toContain(`href="/reflection-files/${files[0].id}"`);
  });

  it('tells the learner when a file was kept under a name that matches what it contains', async () => {
    const { c, agent, url } = await learnerA();
    const res = await postReflection(agent, c.sessionA.id, 1, 'With notes', [
      { bytes: Buffer.from('Plain words, not a PDF.'), name: 'notes.pdf', contentType: 'application/pdf' },
      { bytes: pngBytes(), name: 'photo.PNG', contentType: 'image/png' },
    ]);
    expect(res.status).toBe(302);
    const page = await agent.get(url);
    expect(page.text).toContain('Your reflection is submitted.');
    expect(readable(page.text)).toContain('“notes.pdf” was kept as “notes.txt”, to match what the file contains.');
    expect(readable(page.text)).not.toContain('“photo.PNG” was kept');
  });

  it('refuses an empty reflection with a message next to the field', async () => {
    const { c, agent } = await learnerA();
    const res = await postReflection(agent, c.sessionA.id, 1, '   ');
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-text-error"');
    expect(res.text).toContain('Please write your reflection before submitting it.');
    expect(await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).toBeUndefined();
  });

  it('refuses a submission without the CSRF token after the upload', async () => {
    const { c, agent, url } = await learnerA();
    const res = await agent.post(`${url}/submit`).field('text', 'No token').attach('files', pdfBytes(), 'a.pdf');
    expect(res.status).toBe(403);
    expect(await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).toBeUndefined();
  });

  it('creates one version, not two, when submit is clicked twice', async () => {
    const { c, agent, url } = await learnerA();
    const { token } = await uploadFormOf(agent, url); // one page, two clicks
    const storedBefore = storedFileCount();
    const [a, b] = await Promise.all([
      postReflection(agent, c.sessionA.id, 1, 'Clicked twice', [{ bytes: pdfBytes('one'), name: 'a.pdf' }], token),
      postReflection(agent, c.sessionA.id, 1, 'Clicked twice', [{ bytes: pdfBytes('one'), name: 'a.pdf' }], token),
    ]);
    expect([a.status, b.status]).toEqual([302, 302]);
    const row = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    expect(row.current_version).toBe(1);
    expect(await versionsOf(ctx.db, row.id)).toHaveLength(1);
    expect(await filesOf(ctx.db, row.id)).toHaveLength(1);
    expect(storedFileCount() - storedBefore).toBe(1);
    // A third click later still changes nothing.
    expect((await postReflection(agent, c.sessionA.id, 1, 'Clicked twice')).status).toBe(302);
    expect(await versionsOf(ctx.db, row.id)).toHaveLength(1);
  });

  it('refuses to change a submitted reflection before it is returned', async () => {
    const { c, agent, url } = await learnerA();
    await postReflection(agent, c.sessionA.id, 1, 'Submitted');
    expect((await postReflection(agent, c.sessionA.id, 1, 'Changed after')).status).toBe(409);
    expect((await postForm(agent, `${url}/draft`, { text: 'Changed draft' }, url)).status).toBe(409);
    const row = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    expect(row).toMatchObject({ current_version: 1, draft_text: 'Submitted' });
  });
});

describe('refused uploads', () => {
  const tooBig = Buffer.concat([pdfBytes(), Buffer.alloc(10 * 1024 * 1024 + 1 - pdfBytes().length, 0x20)]);
  it.each([
    ['a file over 10 MB', [{ bytes: tooBig, name: 'huge.pdf' }], 'larger than 10 MB'],
    ['four files', [1, 2, 3, 4].map((i) => ({ bytes: pdfBytes(String(i)), name: `f${i}.pdf` })), 'up to 3 files'],
    ['an executable disguised with a .pdf name', [{ bytes: exeBytes(), name: 'essay.pdf', contentType: 'application/pdf' }], 'is not a PDF, DOCX, ODT, TXT, PNG or JPEG file'],
    ['an empty file', [{ bytes: Buffer.alloc(0), name: 'empty.pdf' }], 'is empty (0 bytes)'],
    ['a path-traversal name', [{ bytes: pdfBytes(), rawPath: '../../etc/passwd.pdf' }], 'folder path in its name'],
    ['a Windows path name', [{ bytes: pdfBytes(), rawPath: '..\\..\\boot.pdf' }], 'folder path in its name'],
  ])('refuses %s with 422, keeps the text as the draft and changes nothing else', async (_label, files, message) => {
    const { c, agent } = await learnerA();
    const text = `Words I wrote <b>with care</b> ${Math.random()}`;
    const res = await postReflection(agent, c.sessionA.id, 1, text, files);
    expect(res.status).toBe(422);
    expect(res.text).toContain(message);
    expect(res.text).toContain('Your text is kept as a draft');
    expect(res.text).toContain(text.replace('<b>', '&lt;b&gt;').replace('</b>', '&lt;/b&gt;'));
    const row = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    expect(row).toMatchObject({ status: 'draft', current_version: 0, draft_text: text });
    expect(await versionsOf(ctx.db, row.id)).toHaveLength(0);
  });

  it('keeps the returned status and earlier versions when a resubmission upload is refused', async () => {
    const { c, agent } = await learnerA();
    await postReflection(agent, c.sessionA.id, 1, 'Version one');
    const row = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    const instructor = await signIn(ctx.app, c.instructorA);
    await postForm(instructor, `/sessions/${c.sessionA.id}/reflections/${row.id}/feedback`, { feedback: 'Say more', outcome: 'return' }, `/sessions/${c.sessionA.id}/reflections/${row.id}`);
    const res = await postReflection(agent, c.sessionA.id, 1, 'Version two', [{ bytes: exeBytes(), name: 'x.pdf' }]);
    expect(res.status).toBe(422);
    expect(await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).toMatchObject({ status: 'returned', current_version: 1, draft_text: 'Version two' });
  });

  // A learner submits in one tab, then sends new words with a refused file from a second tab left open.
  async function submittedThenStaleTab(outcome?: 'accept') {
    const { c, agent, url } = await learnerA();
    const { token } = await uploadFormOf(agent, url);
    await postReflection(agent, c.sessionA.id, 1, 'Submitted in the first tab', [{ bytes: pdfBytes(), name: 'first.pdf' }]);
    const before = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    if (outcome) {
      const instructor = await signIn(ctx.app, c.instructorA);
      const review = `/sessions/${c.sessionA.id}/reflections/${before.id}`;
      await postForm(instructor, `${review}/feedback`, { feedback: 'Thank you', outcome }, review);
    }
    return { c, agent, token, before: await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id) };
  }

  async function expectUnchanged(c: Awaited<ReturnType<typeof learnerA>>['c'], before: Record<string, unknown>) {
    const row = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    expect(row).toMatchObject({ status: before.status, current_version: 1, draft_text: 'Submitted in the first tab', draft_rev: before.draft_rev });
    expect((await versionsOf(ctx.db, row.id)).map((v) => v.text)).toEqual(['Submitted in the first tab']);
    expect((await filesOf(ctx.db, row.id)).map((f) => f.original_name)).toEqual(['first.pdf']);
  }

  it.each([
    ['submitted', undefined],
    ['accepted', 'accept' as const],
  ])('hands the words back with 409 when the reflection is already %s and the file is refused', async (_status, outcome) => {
    const { c, agent, token, before } = await submittedThenStaleTab(outcome);
    const text = `Words from the other tab <b>kept</b> ${Math.random()}`;
    const res = await postReflection(agent, c.sessionA.id, 1, text, [{ bytes: exeBytes(), name: 'essay.pdf', contentType: 'application/pdf' }], token);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Your reflection is already submitted. You can change it if your instructor returns it for revision.');
    expect(res.text).toContain('Copy it somewhere safe');
    expect(res.text).toContain(text.replace('<b>', '&lt;b&gt;').replace('</b>', '&lt;/b&gt;'));
    await expectUnchanged(c, before);
  });

  it('hands back words too long to keep as a draft the same way, when too many files came with them', async () => {
    const { c, agent, token, before } = await submittedThenStaleTab();
    const text = `${'Long words '.repeat(2_000)}end`;
    const files = [1, 2, 3, 4].map((i) => ({ bytes: pdfBytes(String(i)), name: `f${i}.pdf` }));
    const res = await postReflection(agent, c.sessionA.id, 1, text, files, token);
    expect(res.status).toBe(409);
    expect(res.text).toContain('Your reflection is already submitted.');
    expect(res.text).toContain(text);
    await expectUnchanged(c, before);
  });
});

describe('revising a returned reflection', () => {
  const FILES_STAY = 'Files attached to an earlier version stay with that version.';

  async function returnedWith(files: Parameters<typeof postReflection>[4]) {
    const { c, agent, url } = await learnerA();
    await postReflection(agent, c.sessionA.id, 1, 'Version one', files);
    const row = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    const instructor = await signIn(ctx.app, c.instructorA);
    const review = `/sessions/${c.sessionA.id}/reflections/${row.id}`;
    await postForm(instructor, `${review}/feedback`, { feedback: 'Say more', outcome: 'return' }, review);
    return (await agent.get(url)).text;
  }

  it('says that files of an earlier version are to be attached again, when an earlier version had files', async () => {
    const page = await returnedWith([{ bytes: pdfBytes(), name: 'notes.pdf' }]);
    expect(page).toContain('Revise and submit again');
    expect(readable(page)).toContain(`${FILES_STAY} If you still want one with this version, please attach it again.`);
    expect(page).toMatch(/id="file-1"[^>]*aria-describedby="files-hint files-kept-hint"/);
  });

  it('says nothing of earlier files when no earlier version had any, nor on a first reflection', async () => {
    const page = await returnedWith([]);
    expect(page).toContain('Revise and submit again');
    expect(page).not.toContain(FILES_STAY);
    const { agent, url } = await learnerA();
    expect((await agent.get(url)).text).not.toContain(FILES_STAY);
  });
});
