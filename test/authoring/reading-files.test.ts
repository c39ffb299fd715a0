import { createTestContext, type TestContext } from '../helpers/app';
import { createCourse, createUser } from '../helpers/factories';
import { csrfFrom, postForm, signIn, type Agent, uploadFormOf } from '../helpers/http';

let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await signIn(ctx.app, await createUser(ctx.db, { role: 'admin' }));
});
afterAll(() => ctx.close());

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

async function readingPage() {
  const course = await createCourse(ctx.db);
  const mod = await ctx.db('course_modules').where({ course_id: course.id, week: 1 }).first();
  const reading = await ctx.db('readings').where({ course_module_id: mod.id }).first();
  return { reading, url: `/admin/courses/${course.id}/modules/${mod.id}/readings/${reading.id}` };
}

/** Posts the page's upload form as a browser would: its token first, then the files. `token` replaces the page's. */
async function upload(agent: Agent, url: string, files: { bytes: Buffer; name: string; type?: string }[], token?: string) {
  const form = token ? { action: `${url}/files`, token } : await uploadFormOf(agent, url);
  const req = agent.post(form.action).field('_csrf', form.token);
  for (const f of files) req.attach('files', f.bytes, { filename: f.name, contentType: f.type ?? 'application/pdf' });
  return req;
}

const filesOf = (readingId: number) => ctx.db('reading_files').where({ reading_id: readingId }).orderBy('id');

describe('reading attachments', () => {
  it('attaches a PDF and a UTF-8 text file, and serves them only as downloads', async () => {
    const { reading, url } = await readingPage();
    const res = await upload(admin, url, [{ bytes: PDF, name: 'Handout.pdf' }, { bytes: Buffer.from('Notes ✓ for the week\n'), name: 'notes.txt', type: 'text/plain' }]);
    expect(res.status).toBe(302);
    const rows = await filesOf(reading.id);
    expect(rows.map((r) => [r.original_name, r.content_type, r.size_bytes])).toEqual([
      ['Handout.pdf', 'application/pdf', PDF.length],
      ['notes.txt', 'text/plain', Buffer.byteLength('Notes ✓ for the week\n')],
    ]);
    expect(rows[0].storage_key).not.toContain('Handout');
    const page = await admin.get(url);
    expect(page.text).toContain('Handout.pdf');
    const download = await admin.get(`${url}/files/${rows[0].id}`).buffer(true);
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="?Handout\.pdf"?$/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-type']).toMatch(/^application\/pdf/);
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
  });

  it.each([
    ['a program disguised with a .pdf name', [{ bytes: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]), name: 'syllabus.pdf' }], 'is not a PDF, DOCX, ODT, TXT, PNG or JPEG file'],
    ['text with NUL bytes', [{ bytes: Buffer.from('abc\u0000def'), name: 'notes.txt', type: 'text/plain' }], 'is not a PDF'],
    ['a file over 10 MB', [{ bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]), name: 'big.pdf' }], 'larger than 10 MB'],
    ['more than three files at once', [1, 2, 3, 4].map((n) => ({ bytes: PDF, name: `f${n}.pdf` })), 'up to 3 files'],
    ['an empty file', [{ bytes: Buffer.alloc(0), name: 'empty.pdf' }], 'is empty'],
  ])('refuses %s with 422, says why and stores nothing', async (_label, files, message) => {
    const { reading, url } = await readingPage();
    const res = await upload(admin, url, files);
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-files-error"');
    expect(res.text).toContain(message);
    expect(res.text).toContain(`value="${reading.title}"`);
    expect(await filesOf(reading.id)).toEqual([]);
  });

  it('refuses a file whose name carries a folder path, sent exactly as a hostile client would', async () => {
    const { reading, url } = await readingPage();
    // Supertest strips folders from file names, so the multipart body is written by hand.
    const boundary = 'kindred-test-boundary';
    const { action, token } = await uploadFormOf(admin, url);
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="../../etc/passwd.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      PDF,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await admin.post(action).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body);
    expect(res.status).toBe(422);
    expect(res.text).toContain('folder path');
    expect(await filesOf(reading.id)).toEqual([]);
  });

  it('refuses an upload with no file, and more than ten files on one reading, storing nothing', async () => {
    const { reading, url } = await readingPage();
    // As a browser sends the form with no file chosen: multipart, with nothing attached.
    const form = await uploadFormOf(admin, url);
    const none = await admin.post(form.action).field('_csrf', form.token).field('files', '');
    expect(none.status).toBe(422);
    expect(none.text).toContain('Please choose a file to attach.');
    // Three files at a time (the upload limit), up to nine.
    for (let batch = 0; batch < 3; batch++) {
      const three = Array.from({ length: 3 }, (_, i) => ({ bytes: PDF, name: `part-${batch}-${i}.pdf` }));
      expect((await upload(admin, url, three)).status).toBe(302);
    }
    const tooMany = await upload(admin, url, [{ bytes: PDF, name: 'ten.pdf' }, { bytes: PDF, name: 'eleven.pdf' }]);
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain('A reading can have at most 10 files');
    expect(await filesOf(reading.id)).toHaveLength(9);
  });

  it('refuses an upload without a valid CSRF token', async () => {
    const { reading, url } = await readingPage();
    const res = await upload(admin, url, [{ bytes: PDF, name: 'a.pdf' }], 'not-the-token');
    expect(res.status).toBe(403);
    expect(await filesOf(reading.id)).toEqual([]);
  });

  it('removes a file and its stored bytes; deleting the reading removes the rest', async () => {
    const { reading, url } = await readingPage();
    await upload(admin, url, [{ bytes: PDF, name: 'a.pdf' }, { bytes: PDF, name: 'b.pdf' }]);
    const [a, b] = await filesOf(reading.id);
    expect((await postForm(admin, `${url}/files/${a.id}/delete`, {}, url)).status).toBe(302);
    expect((await filesOf(reading.id)).map((f) => f.id)).toEqual([b.id]);
    await expect(ctx.storage.get(a.storage_key)).rejects.toThrow();
    await expect(ctx.storage.get(b.storage_key)).resolves.toBeInstanceOf(Buffer);
    await postForm(admin, `${url}/delete`, {}, url);
    await expect(ctx.storage.get(b.storage_key)).rejects.toThrow();
  });

  it('asks before removing a file: the reading page links to a confirmation that names it and posts the removal', async () => {
    const { reading, url } = await readingPage();
    await upload(admin, url, [{ bytes: PDF, name: 'handout.pdf' }]);
    const [file] = await filesOf(reading.id);
    const page = await admin.get(url);
    expect(page.text).toContain(`<a href="${url}/files/${file.id}/delete">Remove`);
    expect(page.text).not.toContain(`action="${url}/files/${file.id}/delete"`);
    const confirm = await admin.get(`${url}/files/${file.id}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('This deletes the file &#34;handout.pdf&#34; from this reading');
    expect(confirm.text).toContain(`action="${url}/files/${file.id}/delete"`);
    expect(confirm.text).toContain(`href="${url}#files"`);
    expect(await filesOf(reading.id)).toHaveLength(1);
  });

  it('answers 404 for a file of another reading and 403 to non-admins', async () => {
    const one = await readingPage();
    const two = await readingPage();
    await upload(admin, two.url, [{ bytes: PDF, name: 'two.pdf' }]);
    const [file] = await filesOf(two.reading.id);
    expect((await admin.get(`${one.url}/files/${file.id}`)).status).toBe(404);
    expect((await postForm(admin, `${one.url}/files/${file.id}/delete`, {}, one.url)).status).toBe(404);
    expect((await admin.get(`${one.url}/files/${file.id}/delete`)).status).toBe(404);
    for (const role of ['learner', 'instructor'] as const) {
      const agent = await signIn(ctx.app, await createUser(ctx.db, { role }));
      expect((await agent.get(`${two.url}/files/${file.id}`)).status).toBe(403);
      const token = await csrfFrom(agent, '/dashboard');
      expect((await upload(agent, two.url, [{ bytes: PDF, name: 'x.pdf' }], token)).status).toBe(403);
    }
    expect(await filesOf(two.reading.id)).toHaveLength(1);
  });
});
