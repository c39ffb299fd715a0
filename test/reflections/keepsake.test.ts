import request from 'supertest';
import { PDFParse } from 'pdf-parse';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { type Agent, binary, decode, postForm, readable, signIn } from '../helpers/http';
import { pdfBytes, postReflection, reflectionUrl, submittedReflection } from '../helpers/reflections-factories';
import { headingLevelsAreSound, headingsOf, readTaggedPdf } from '../helpers/tagged-pdf';

let ctx: TestContext;
beforeAll(async () => (ctx = await createTestContext()));
afterAll(() => ctx.close());

const keepsakeUrl = (sessionId: number) => `/sessions/${sessionId}/my-reflections`;

async function pdfText(data: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

const exerciseTitle = async (courseId: number, week: number) =>
  (await ctx.db('exercises as e').join('course_modules as m', 'm.id', 'e.course_module_id').where({ 'm.course_id': courseId, 'm.week': week }).first('e.title')).title as string;

/**
 * Learner A's week 1: a first version with a file, returned with feedback, then a second,
 * accepted. Learner B, in the other session, wrote their own. Week 2 is not open yet.
 */
async function workedWeek() {
  const s = await submittedReflection(ctx, 'First go: the desk at closing time.', [{ bytes: pdfBytes(), name: 'closing-notes.pdf' }]);
  const { c, learner, instructor, url } = s;
  expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Say more about **rest**.', outcome: 'return' }, url)).status).toBe(302);
  expect((await postReflection(learner, c.sessionA.id, 1, 'Second go: I rest on Sundays now.')).status).toBe(302);
  expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Lovely, thank you.', outcome: 'accept' }, url)).status).toBe(302);
  const other = await signIn(ctx.app, c.learnerB);
  expect((await postReflection(other, c.sessionB.id, 1, 'Words only learner B wrote.')).status).toBe(302);
  return { ...s, other, week1: await exerciseTitle(c.course.id, 1), week2: await exerciseTitle(c.course.id, 2) };
}

describe('the learner’s reflections to keep', () => {
  it('shows each open week’s exercise with every version in order, its files and the feedback each got, in the session’s navigation', async () => {
    const { c, learner, week1, week2 } = await workedWeek();
    const res = await learner.get(keepsakeUrl(c.sessionA.id));
    expect(res.status).toBe(200);
    const page = decode(res.text);
    expect(page).toContain(`Week 1: ${week1}`);
    expect(page).not.toContain(week2);
    const first = page.indexOf('First go: the desk at closing time.');
    const second = page.indexOf('Second go: I rest on Sundays now.');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(page).toContain('Returned for revision');
    expect(res.text).toContain('<strong>rest</strong>');
    expect(page).toContain('Accepted');
    expect(page).toContain(c.instructorA.name);
    expect(page).toContain('closing-notes.pdf');
    expect(page).not.toContain('Words only learner B wrote.');
    expect(page).not.toContain('Draft, not submitted');
    expect(readable(page)).toMatch(/From Kindred, as it stood on \d{1,2} \w+ \d{4}\. Each week’s exercise/);
    expect(res.text).toMatch(/href="\/sessions\/\d+\/my-reflections" aria-current="page">My reflections</);
  });

  it('downloads them as plain text: the prompt and the feedback quoted, each version under its own heading', async () => {
    const { c, learner, week1, week2 } = await workedWeek();
    const res = await learner.get(`${keepsakeUrl(c.sessionA.id)}.txt`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-reflections.txt"');
    expect(res.headers['cache-control']).toBe('private, no-store');
    const text = res.text;
    expect(text.startsWith(`# My reflections\n\n${c.learnerA.name}\n`)).toBe(true);
    expect(text).toContain(`## Week 1: ${week1}`);
    expect(text).not.toContain(week2);
    expect(text).toMatch(/### Version 1, submitted \d{1,2} \w+ \d{4}, \d\d:\d\d\n\nFirst go: the desk at closing time\.\n\nAttached files: closing-notes\.pdf\n\nFeedback: Returned for revision · /);
    const prompt = await ctx.db('exercises as e').join('course_modules as m', 'm.id', 'e.course_module_id').where({ 'm.course_id': c.course.id, 'm.week': 1 }).first('e.prompt_md');
    expect(text).toContain(`## Week 1: ${week1}\n\n> ${prompt.prompt_md.trim().split('\n')[0]}`);
    expect(text).toContain('> Say more about **rest**.');
    expect(text).toMatch(/### Version 2, submitted [^\n]+\n\nSecond go: I rest on Sundays now\.\n\nFeedback: Accepted · /);
    expect(text.indexOf('Version 1,')).toBeLessThan(text.indexOf('Version 2,'));
    expect(text).toContain('> Lovely, thank you.');
    expect(text).not.toContain('Words only learner B wrote.');
  });

  it('downloads them as a PDF with the same words, and page numbers', async () => {
    const { c, learner, week1 } = await workedWeek();
    const res = await learner.get(`${keepsakeUrl(c.sessionA.id)}.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-reflections.pdf"');
    const text = (await pdfText(res.body as Buffer)).replace(/\s+/g, ' ');
    // The feedback's Markdown is read as words: no asterisks.
    for (const words of ['My reflections', c.learnerA.name, `Week 1: ${week1}`, 'First go: the desk at closing time.', 'Second go: I rest on Sundays now.', 'Say more about rest.', 'Feedback: Accepted', 'closing-notes.pdf']) {
      expect(text).toContain(words);
    }
    expect(text).toMatch(/Page 2 of \d/);
    expect(text).toMatch(/Saved from Kindred on \d{1,2} \w+ \d{4}/);
    expect(text).not.toContain('**');
    expect(text).not.toContain('Words only learner B wrote.');
  });

  it('tags the PDF for screen readers: a heading for each week and version, every word in its structure', async () => {
    const { c, learner, week1 } = await workedWeek();
    const res = await learner.get(`${keepsakeUrl(c.sessionA.id)}.pdf`).buffer(true).parse(binary);
    const pdf = await readTaggedPdf(res.body as Buffer);
    expect(pdf.marked).toBe(true);
    expect(pdf.untagged).toEqual([]);
    const headings = headingsOf(pdf);
    expect(headings.slice(0, 2)).toEqual(['H1 My reflections', `H2 Week 1: ${week1}`]);
    expect(headings.filter((h) => /^H3 Version \d, submitted/.test(h))).toHaveLength(2);
    expect(headingLevelsAreSound(pdf)).toBe(true);
    expect(pdf.elements.find((e) => e.text === 'First go: the desk at closing time.')?.role).toBe('P');
    expect(pdf.artifacts).toContain(`Page 2 of ${pdf.artifacts.length + 1}`); // the cover has no number
  });

  it('keeps words not yet submitted as a draft, and says when a week has nothing in it', async () => {
    const { c, learner, week2 } = await workedWeek();
    await ctx.db('week_unlocks').insert({ course_session_id: c.sessionA.id, week: 2, unlocked_by: c.instructorA.id });
    let page = decode((await learner.get(keepsakeUrl(c.sessionA.id))).text);
    expect(page).toContain(`Week 2: ${week2}`);
    expect(page).toContain('Nothing written for this week.');
    // A box emptied again leaves nothing to keep.
    await postForm(learner, `${reflectionUrl(c.sessionA.id, 2)}/draft`, { text: '  ' }, reflectionUrl(c.sessionA.id, 2));
    page = decode((await learner.get(keepsakeUrl(c.sessionA.id))).text);
    expect(page).toContain('Nothing written for this week.');
    expect(page).not.toContain('Draft, not submitted');
    const draft = await postForm(learner, `${reflectionUrl(c.sessionA.id, 2)}/draft`, { text: 'Half a thought about week two' }, reflectionUrl(c.sessionA.id, 2));
    expect(draft.status).toBe(302);
    page = decode((await learner.get(keepsakeUrl(c.sessionA.id))).text);
    expect(page).toMatch(/Draft, not submitted \(saved \d{1,2} \w+ \d{4}, \d\d:\d\d\)/);
    expect(page).toContain('Half a thought about week two');
    expect(page).not.toContain('Nothing written for this week.');
    const text = (await learner.get(`${keepsakeUrl(c.sessionA.id)}.txt`)).text;
    expect(text).toMatch(/### Draft, not submitted \(saved [^)]+\)\n\nHalf a thought about week two\n/);
  });

  it('shows no draft for a returned reflection whose words are those already submitted, and the revision once it differs', async () => {
    const { c, learner, instructor, url } = await submittedReflection(ctx, 'Words sent once.');
    expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Please add an example.', outcome: 'return' }, url)).status).toBe(302);
    expect(decode((await learner.get(keepsakeUrl(c.sessionA.id))).text)).not.toContain('Draft, not submitted');
    await postForm(learner, `${reflectionUrl(c.sessionA.id, 1)}/draft`, { text: 'Words sent once. And an example.' }, reflectionUrl(c.sessionA.id, 1));
    const page = decode((await learner.get(keepsakeUrl(c.sessionA.id))).text);
    expect(page).toContain('Draft, not submitted');
    expect(page).toContain('Words sent once. And an example.');
  });

  it('lists the learner’s own words only, even where another learner of the course wrote first', async () => {
    const c = await createCohorts(ctx.db);
    const other = await signIn(ctx.app, c.learnerB);
    expect((await postReflection(other, c.sessionB.id, 1, 'Learner B, first of all.')).status).toBe(302);
    const learner = await signIn(ctx.app, c.learnerA);
    expect((await postReflection(learner, c.sessionA.id, 1, 'Learner A, after B.')).status).toBe(302);
    const page = decode((await learner.get(keepsakeUrl(c.sessionA.id))).text);
    expect(page).toContain('Learner A, after B.');
    expect(page).not.toContain('Learner B, first of all.');
  });

  it('keeps what the learner wrote inert: no markup of theirs becomes HTML', async () => {
    const { c, learner } = await submittedReflection(ctx, '<img src=x onerror=alert(1)> and <b>bold</b>');
    const res = await learner.get(keepsakeUrl(c.sessionA.id));
    expect(res.text).not.toContain('<img src=x');
    expect(res.text).not.toContain('<b>bold</b>');
    expect(decode(res.text)).toContain('<img src=x onerror=alert(1)> and <b>bold</b>');
  });

  it('is the learner’s alone: the other session’s learner, their own instructor and an admin get 404, a visitor is sent to log in', async () => {
    const { c, instructor, other } = await workedWeek();
    const admin = await signIn(ctx.app, c.admin);
    for (const suffix of ['', '.txt', '.pdf']) {
      const url = `${keepsakeUrl(c.sessionA.id)}${suffix}`;
      for (const agent of [other, instructor, admin] as Agent[]) expect({ url, status: (await agent.get(url)).status }).toEqual({ url, status: 404 });
      const visitor = await request(ctx.app).get(url);
      expect(visitor.status).toBe(302);
      expect(visitor.headers.location).toMatch(/^\/login/);
    }
  });
});
