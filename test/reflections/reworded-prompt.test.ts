import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { decode, postForm, signIn, type Agent } from '../helpers/http';
import { postReflection, reflectionOf, reflectionUrl, reviewUrl, versionsOf } from '../helpers/reflections-factories';
import { PDFParse } from 'pdf-parse';
import * as keepPromptWithVersions from '../../migrations/20261206_0600_keep_prompt_with_reflection_versions';

let ctx: TestContext;
beforeAll(async () => (ctx = await createTestContext()));
afterAll(() => ctx.close());

const FIRST = 'Write about a moment at the desk when you felt *tired*.';
const REWORDED = 'Write about a moment this week when you felt *rested*.';
const REWORDED_NOTE = 'The question was reworded after you answered; this is the question you answered.';

async function pdfText(data: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

/** A page's words without its tags, as a reader reads them. */
const wordsOf = (html: string) => decode(html.replace(/<[^>]+>/g, ''));

const getPdf = (agent: Agent, url: string) =>
  agent
    .get(url)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });

/** An admin words week 1's exercise FIRST, learner A answers it, then the admin rewords it through the exercise form. */
async function answeredThenReworded() {
  const c = await createCohorts(ctx.db);
  const mod = await ctx.db('course_modules').where({ course_id: c.course.id, week: 1 }).first('id');
  const exercise = await ctx.db('exercises').where({ course_module_id: mod.id }).first('title');
  const admin = await signIn(ctx.app, c.admin);
  const exerciseUrl = `/admin/courses/${c.course.id}/modules/${mod.id}/exercise`;
  const reword = async (prompt: string) => expect((await postForm(admin, exerciseUrl, { title: exercise.title, prompt }, exerciseUrl)).status).toBe(302);
  await reword(FIRST);
  const learner = await signIn(ctx.app, c.learnerA);
  expect((await postReflection(learner, c.sessionA.id, 1, 'The desk at closing time, and the quiet after.')).status).toBe(302);
  await reword(REWORDED);
  const reflection = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
  const instructor = await signIn(ctx.app, c.instructorA);
  return { c, learner, instructor, reflection, url: reviewUrl(c.sessionA.id, reflection.id), reword };
}

describe('a reflection keeps the question it answered', () => {
  it('stores the prompt, as Markdown and HTML, with each version sent', async () => {
    const { c, learner, instructor, reflection, url, reword } = await answeredThenReworded();
    const [first] = await versionsOf(ctx.db, reflection.id);
    expect(first.prompt_md).toBe(FIRST);
    // Handed back, and sent again after the rewording: the new version keeps the new words, the first its own.
    expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Say more, please.', outcome: 'return' }, url)).status).toBe(302);
    expect((await postReflection(learner, c.sessionA.id, 1, 'Resting now, on Sundays.')).status).toBe(302);
    const [kept, second] = await versionsOf(ctx.db, reflection.id);
    expect(kept.prompt_md).toBe(FIRST);
    expect(second.prompt_md).toBe(REWORDED);
    expect(second.prompt_html).toContain('<em>rested</em>');
    // A later rewording leaves both as they were.
    await reword('A third wording.');
    expect((await versionsOf(ctx.db, reflection.id)).map((v) => v.prompt_md)).toEqual([FIRST, REWORDED]);
  });

  it('shows the learner the question they answered, saying quietly that it was reworded', async () => {
    const { c, learner } = await answeredThenReworded();
    const page = wordsOf((await learner.get(reflectionUrl(c.sessionA.id, 1))).text);
    expect(page).toContain('when you felt tired');
    expect(page).not.toContain('when you felt rested');
    expect(page).toContain(REWORDED_NOTE);
  });

  it('shows the instructor the question the learner answered', async () => {
    const { instructor, url } = await answeredThenReworded();
    const page = wordsOf((await instructor.get(url)).text);
    expect(page).toContain('when you felt tired');
    expect(page).not.toContain('when you felt rested');
    expect(page).toContain('this is the question the learner answered');
  });

  it('keeps the question answered in the keepsake page, its text and its PDF', async () => {
    const { c, learner } = await answeredThenReworded();
    const base = `/sessions/${c.sessionA.id}/my-reflections`;
    const html = wordsOf((await learner.get(base)).text);
    const text = (await learner.get(`${base}.txt`)).text;
    const pdf = await pdfText((await getPdf(learner, `${base}.pdf`)).body as Buffer);
    for (const doc of [html, text, pdf]) {
      expect(doc).toContain('when you felt');
      expect(doc).toMatch(/felt\s+\*?tired/);
      expect(doc).not.toMatch(/felt\s+\*?rested/);
    }
  });

  it('shows a learner who has not answered yet, and a draft being written, the question as it reads now', async () => {
    const { c, learner, instructor, url } = await answeredThenReworded();
    const newcomer = await createUser(ctx.db);
    await enrol(ctx.db, c.sessionA.id, newcomer.id);
    const fresh = await signIn(ctx.app, newcomer);
    const page = wordsOf((await fresh.get(reflectionUrl(c.sessionA.id, 1))).text);
    expect(page).toContain('when you felt rested');
    expect(page).not.toContain('when you felt tired');
    expect(page).not.toContain(REWORDED_NOTE);
    // The first learner, handed back their reflection, revises it under the question as it reads now; the version sent keeps its own.
    expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Say more, please.', outcome: 'return' }, url)).status).toBe(302);
    const revising = wordsOf((await learner.get(reflectionUrl(c.sessionA.id, 1))).text);
    expect(revising.indexOf('when you felt rested')).toBeLessThan(revising.indexOf('when you felt tired'));
    expect(revising).toContain('The question as it read when version 1 was sent');
  });

  it('gives versions sent before prompts were kept the prompt as it read when the change came', async () => {
    const { reflection } = await answeredThenReworded();
    await keepPromptWithVersions.down(ctx.db);
    await keepPromptWithVersions.up(ctx.db);
    const [version] = await versionsOf(ctx.db, reflection.id);
    expect(version.prompt_md).toBe(REWORDED);
    expect(version.prompt_html).toContain('<em>rested</em>');
  });
});
