import { PDFParse } from 'pdf-parse';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { binary, postForm, readable, signIn } from '../helpers/http';
import { addToolkitEntries, enrolmentOf, toolkitSectionsOf } from '../helpers/toolkit-factories';
import { renderToolkitPdf, type ToolkitPdfData } from '../../src/toolkit';

let ctx: TestContext;
let cast: Awaited<ReturnType<typeof createCohorts>>;
let enrolmentId: number;
const base = () => `/sessions/${cast.sessionA.id}/toolkit`;

beforeAll(async () => {
  ctx = await createTestContext();
  cast = await createCohorts(ctx.db);
  const sections = await toolkitSectionsOf(ctx.db, cast.course.id);
  enrolmentId = await enrolmentOf(ctx.db, cast.sessionA.id, cast.learnerA.id);
  await addToolkitEntries(ctx.db, enrolmentId, sections[0].id, ['Replaying desk conversations at night', 'Dreading the phone — “again”']);
});
afterAll(() => ctx.close());

async function pdfText(data: Buffer): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    const result = await parser.getText();
    return { text: result.text, pages: result.total };
  } finally {
    await parser.destroy();
  }
}

describe('toolkit PDF', () => {
  it('contains the learner’s name, the course, their entries and page numbers, with embedded fonts', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`${base()}.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await pdfText(body);
    expect(text).toContain('My resilience toolkit');
    expect(text).toContain(cast.learnerA.name);
    expect(text).toContain(cast.course.data.title);
    expect(text).toContain('Replaying desk conversations at night');
    expect(text).toContain('Dreading the phone — “again”');
    expect(text).toMatch(/Page 2 of \d/);
    const raw = body.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/\/BaseFont\s*\/Helvetica/);
  });

  it('lays out 50 entries over several numbered pages', async () => {
    const data: ToolkitPdfData = {
      learnerName: 'Zoë Ångström',
      courseTitle: 'Overcoming Compassion Fatigue in Library Work',
      sessionTitle: '4 May – 31 May 2026',
      exportedOn: '29 November 2026',
      sections: Array.from({ length: 5 }, (_, s) => ({
        title: `Section ${s + 1}`,
        week: s + 1,
        prompt: 'What tells you that work is starting to take more than it gives?',
        entries: Array.from({ length: 10 }, (_, e) => ({ body: `Entry ${s + 1}.${e + 1}: a walk at lunch, away from the desk, without my phone.` })),
      })),
    };
    const { text, pages } = await pdfText(await renderToolkitPdf(data));
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain('Zoë Ångström');
    expect(text).toContain('Entry 5.10');
    expect(text).toContain('Saved from Kindred on 29 November 2026'); // as the plain-text copy says it
    expect(text).toContain(`Page ${pages} of ${pages}`);
  });
});

describe('print-friendly page', () => {
  it('shows the title, the learner, and their entries without the session navigation', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`${base()}/print`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Replaying desk conversations at night');
    expect(res.text).toContain(cast.learnerA.name);
    expect(res.text).toMatch(/<p class="hint">From Kindred, as it stood on \d{1,2} \w+ \d{4}\.<\/p>/);
    expect(res.text).not.toContain('class="session-nav"');
  });

  it('stays open to the learner after the session has ended', async () => {
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({
      starts_at: new Date(Date.now() - 200 * 86_400_000),
      ends_at: new Date(Date.now() - 186 * 86_400_000),
    });
    const agent = await signIn(ctx.app, cast.learnerA);
    expect((await agent.get(`${base()}/print`)).status).toBe(200);
    expect((await agent.get(`${base()}.pdf`)).status).toBe(200);
    expect((await agent.get(`${base()}.txt`)).status).toBe(200);
  });
});

describe('toolkit as text', () => {
  it('downloads the learner’s sections and numbered entries as plain text, a long entry’s lines kept under its number', async () => {
    const sections = await toolkitSectionsOf(ctx.db, cast.course.id);
    await ctx.db('toolkit_entries').insert({ enrolment_id: enrolmentId, toolkit_section_id: sections[0].id, position: 3, body: 'Two lines:\nthe second one' });
    const agent = await signIn(ctx.app, cast.learnerA);
    expect((await agent.get(base())).text).toContain(`href="${base()}.txt"`);
    const res = await agent.get(`${base()}.txt`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-resilience-toolkit.txt"');
    expect(res.text.startsWith(`# My resilience toolkit\n\n${cast.learnerA.name}\n${cast.course.data.title} · `)).toBe(true);
    expect(res.text).toContain(`## ${sections[0].title}\n\nWeek 1 · `);
    expect(readable(res.text)).toContain('1. Replaying desk conversations at night\n2. Dreading the phone — “again”\n3. Two lines:\n   the second one\n');
    const other = await signIn(ctx.app, cast.learnerB);
    expect((await other.get(`${base()}.txt`)).status).toBe(404);
  });
});

describe('quoting a reflection', () => {
  const url = () => `/sessions/${cast.sessionB.id}/toolkit`;
  let sectionId: number;
  let enrolmentB: number;

  beforeAll(async () => {
    sectionId = (await toolkitSectionsOf(ctx.db, cast.course.id))[0].id;
    enrolmentB = await enrolmentOf(ctx.db, cast.sessionB.id, cast.learnerB.id);
    const exercise = await ctx.db('exercises as x').join('course_modules as cm', 'cm.id', 'x.course_module_id')
      .where({ 'cm.course_id': cast.course.id, 'cm.week': 1 }).select('x.id').first();
    await ctx.db('reflections').insert({
      enrolment_id: enrolmentB,
      exercise_id: exercise.id,
      draft_text: 'At the desk I noticed my jaw was tight.\nI want to stop and breathe before the next patron.',
    });
  });

  it('shows the learner their own reflection to copy from', async () => {
    const agent = await signIn(ctx.app, cast.learnerB);
    const res = await agent.get(url());
    expect(res.text).toContain('Week 1 reflection');
    expect(res.text).toContain('At the desk I noticed my jaw was tight.');
  });

  it('adds a passage of the learner’s own reflection as a quote', async () => {
    const agent = await signIn(ctx.app, cast.learnerB);
    const res = await postForm(agent, `${url()}/quotes`, { sectionId: String(sectionId), passage: 'I want to stop  and breathe' }, url());
    expect(res.status).toBe(302);
    const rows = await ctx.db('toolkit_entries').where({ enrolment_id: enrolmentB });
    expect(rows.map((r) => r.body)).toEqual(['“I want to stop and breathe”\n— from my reflection']);
    // Back at that section, where the phone opens the page, and said there.
    expect(res.headers.location).toBe(`${url()}#section-${sectionId}-status`);
    const page = (await agent.get(url())).text;
    expect(readable(page)).toMatch(new RegExp(`<p [^>]*id="section-${sectionId}-status"[^>]*>Your words are added to “[^”]+”\\.</p>`));
  });

  it('refuses a passage that is not in the learner’s reflections, keeping what they pasted', async () => {
    const agent = await signIn(ctx.app, cast.learnerB);
    const before = await ctx.db('toolkit_entries').where({ enrolment_id: enrolmentB });
    const res = await postForm(agent, `${url()}/quotes`, { sectionId: String(sectionId), passage: 'words I never wrote' }, url());
    expect(res.status).toBe(422);
    expect(res.text).toContain('words I never wrote');
    expect(res.text).toContain('Please copy a passage from one of your own reflections');
    expect(await ctx.db('toolkit_entries').where({ enrolment_id: enrolmentB })).toHaveLength(before.length);
  });
});
