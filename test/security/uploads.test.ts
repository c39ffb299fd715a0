import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { signIn, type Agent, uploadFormOf } from '../helpers/http';

// Attachments to a reflection: every bad upload is refused with a 422 that keeps the learner's
// text (as the page and as the saved draft), submits nothing and stores no file.
// Many requests per test; generous on a busy 2-core machine.
jest.setTimeout(120_000);

let ctx: TestContext;
let learner: Agent;
let page: string;
let enrolmentId: number;
let otherLearner: Agent;
let otherPage: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

beforeAll(async () => {
  ctx = await createTestContext();
  const w = await createCohorts(ctx.db);
  learner = await signIn(ctx.app, w.learnerA);
  page = `/sessions/${w.sessionA.id}/weeks/1/reflection`;
  enrolmentId = (await ctx.db('enrolments').where({ user_id: w.learnerA.id }).first('id')).id;
  otherLearner = await signIn(ctx.app, w.learnerB);
  otherPage = `/sessions/${w.sessionB.id}/weeks/1/reflection`;
});
afterAll(() => ctx.close());

function storedFiles(): string[] {
  if (!fs.existsSync(ctx.config.uploadDir)) return [];
  return fs.readdirSync(ctx.config.uploadDir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

type Attachment = { name: string; bytes: Buffer; type?: string; field?: string };

/**
 * A multipart body written by hand, as a browser sends it: token, then text, then the files.
 * (form-data, under supertest, strips folders from file names, which would hide the traversal cases.)
 */
function multipart(fields: Record<string, string>, files: Attachment[], fieldsAfterFiles: Record<string, string> = {}): { body: Buffer; type: string } {
  const boundary = `----kindred${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  const addFields = (values: Record<string, string>) => {
    for (const [name, value] of Object.entries(values)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
  };
  addFields(fields);
  for (const f of files) {
    const filename = f.name.replace(/"/g, '%22');
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'files'}"; filename="${filename}"\r\nContent-Type: ${f.type ?? 'application/pdf'}\r\n\r\n`));
    parts.push(f.bytes, Buffer.from('\r\n'));
  }
  addFields(fieldsAfterFiles);
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${boundary}` };
}

async function submitAs(agent: Agent, reflectionPage: string, text: string, files: Attachment[]) {
  const { action, token } = await uploadFormOf(agent, reflectionPage);
  const { body, type } = multipart({ _csrf: token, text }, files);
  return agent.post(action).set('Content-Type', type).send(body);
}

const submit = (text: string, files: Attachment[]) => submitAs(learner, page, text, files);

async function reflectionRow() {
  return ctx.db('reflections').where({ enrolment_id: enrolmentId }).first('id', 'status', 'draft_text', 'current_version');
}

const cases: [string, () => Attachment[], RegExp][] = [
  ['an oversized file (10 MB and one byte)', () => [{ name: 'big.pdf', bytes: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024 + 1 - PDF.length, 0x20)]) }], /larger than/i],
  ['too many files (four)', () => [1, 2, 3, 4].map((n) => ({ name: `notes-${n}.pdf`, bytes: PDF })), /up to 3 files/i],
  ['a program disguised as a PDF', () => [{ name: 'notes.pdf', bytes: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00'), Buffer.alloc(512, 1)]) }], /./],
  ['a path-traversal file name', () => [{ name: '../../../etc/passwd.pdf', bytes: PDF }], /./],
  ['a Windows path-traversal file name', () => [{ name: '..\\..\\boot.ini.pdf', bytes: PDF }], /./],
  ['a zero-byte file', () => [{ name: 'empty.pdf', bytes: Buffer.alloc(0) }], /./],
  ['a file in a field the form does not have', () => [{ name: 'notes.pdf', bytes: PDF, field: 'avatar' }], /up to 3 files/i],
];

describe('reflection attachments', () => {
  it.each(cases)('refuses %s with 422, keeps the text and stores nothing', async (_label, files, message) => {
    const text = `My draft for this case, written with care ${Math.random().toString(36).slice(2)}`;
    const before = storedFiles();
    const res = await submit(text, files());
    expect(res.status).toBe(422);
    expect(res.text).toContain('nothing was submitted');
    expect(res.text).toMatch(message);
    expect(res.text).toContain(text);
    expect(res.text).not.toMatch(/at .*\.(ts|js):\d+/);
    const row = await reflectionRow();
    expect(row?.draft_text).toBe(text);
    expect(row?.status ?? 'draft').toBe('draft');
    expect(row?.current_version ?? 0).toBe(0);
    expect(Number((await ctx.db('reflection_files').count({ n: '*' }).first())!.n)).toBe(0);
    expect(storedFiles()).toEqual(before);
    // And the page, opened again, still holds the text.
    expect((await learner.get(page)).text).toContain(text);
  });

  it('accepts a real PDF afterwards, stored under a generated name without the path', async () => {
    const res = await submit('The final version of my reflection.', [{ name: 'my notes.pdf', bytes: PDF }]);
    expect(res.status).toBe(302);
    const row = await reflectionRow();
    expect(row.status).toBe('submitted');
    const files = await ctx.db('reflection_files').select('original_name', 'storage_key', 'size_bytes');
    expect(files).toHaveLength(1);
    expect(files[0].original_name).not.toMatch(/[/\\]/);
    expect(files[0].size_bytes).toBe(PDF.length);
    expect(storedFiles()).toHaveLength(1);
    expect(storedFiles()[0].startsWith(ctx.config.uploadDir)).toBe(true);
  });

  it('never serves an HTML page named .pdf as HTML: refused, or kept as plain text and only ever downloaded', async () => {
    const res = await submitAs(otherLearner, otherPage, 'My reflection with a strange attachment.', [
      { name: 'notes.pdf', bytes: Buffer.from('<html><body><script>alert(1)</script></body></html>') },
    ]);
    if (res.status === 422) {
      expect(res.text).toContain('My reflection with a strange attachment.');
      return;
    }
    expect(res.status).toBe(302);
    const file = await ctx.db('reflection_files').orderBy('id', 'desc').first('id', 'original_name', 'content_type');
    expect(file.content_type).toBe('text/plain');
    expect(file.original_name).not.toMatch(/\.(pdf|html?)$/i);
    const download = await otherLearner.get(`/reflection-files/${file.id}`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toMatch(/^text\/plain/);
    expect(download.headers['content-disposition']).toMatch(/^attachment/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('puts the token in the upload form’s body, first, never in its URL; a token in the URL is not taken', async () => {
    const w = await createCohorts(ctx.db);
    const learner = await signIn(ctx.app, w.learnerA);
    const reflectionPage = `/sessions/${w.sessionA.id}/weeks/1/reflection`;
    const enrolmentId = (await ctx.db('enrolments').where({ user_id: w.learnerA.id, course_session_id: w.sessionA.id }).first('id')).id;
    const { action, token } = await uploadFormOf(learner, reflectionPage);
    expect(action).toBe(`${reflectionPage}/submit`);
    expect((await learner.get(reflectionPage)).text).not.toMatch(/action="[^"]*_csrf/);

    const send = (url: string, headers: Record<string, string> = {}) => learner.post(url).set(headers).field('text', 'Token check: this text must not be saved.');
    expect((await send(`${action}?_csrf=${encodeURIComponent(token)}`)).status).toBe(403);
    expect(await ctx.db('reflections').where({ enrolment_id: enrolmentId }).where('draft_text', 'like', 'Token check%').first()).toBeUndefined();
    // Scripts may send the session's token in the header.
    expect((await send(action, { 'X-CSRF-Token': token })).status).toBe(302);
  });

  it('keeps no file that arrives before the token: nothing is submitted or stored, and the text stays as a draft', async () => {
    const w = await createCohorts(ctx.db);
    const learner = await signIn(ctx.app, w.learnerA);
    const reflectionPage = `/sessions/${w.sessionA.id}/weeks/1/reflection`;
    const { action, token } = await uploadFormOf(learner, reflectionPage);
    const before = storedFiles().length;
    const { body, type } = multipart({ text: 'Written before a hand-made request put the token last.' }, [{ name: 'notes.pdf', bytes: PDF }], { _csrf: token });
    const res = await learner.post(action).set('Content-Type', type).send(body);
    expect(res.status).toBe(422);
    expect(res.text).toContain('We could not read the attached files. Please choose them again.');
    expect(res.text).toContain('Written before a hand-made request put the token last.');
    const row = await ctx.db('reflections as r').join('enrolments as e', 'e.id', 'r.enrolment_id').where({ 'e.user_id': w.learnerA.id }).first('r.status', 'r.draft_text');
    expect(row).toMatchObject({ status: 'draft', draft_text: 'Written before a hand-made request put the token last.' });
    expect(storedFiles()).toHaveLength(before);
  });
});
