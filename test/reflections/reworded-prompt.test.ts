import { createTestContext, type TestContext } from '../helpers/app';
import { lastEmailTo } from '../helpers/enrolment-factories';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { decode, postForm, signIn, type Agent } from '../helpers/http';
import { postReflection, reflectionOf, reflectionUrl, reviewUrl, versionsOf } from '../helpers/reflections-factories';
import { PDFParse } from 'pdf-parse';
import * as keepPromptWithVersions from '../../migrations/20261206_0600_keep_prompt_with_reflection_versions';
import * as keepTitleWithVersions from '../../migrations/20261206_0820_keep_exercise_title_with_reflection_versions';

let ctx: TestContext;
beforeAll(async () => (ctx = await createTestContext()));
afterAll(() => ctx.close());

const FIRST = 'Write about a moment at the desk when you felt *tired*.';
const REWORDED = 'Write about a moment this week when you felt *rested*.';
const FIRST_TITLE = 'Tired at the desk';
const REWORDED_TITLE = 'Rested this week';
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

/** An admin words week 1's exercise FIRST_TITLE and FIRST, learner A answers it, then the admin rewords both through the exercise form. */
async function answeredThenReworded() {
  const c = await createCohorts(ctx.db);
  const mod = await ctx.db('course_modules').where({ course_id: c.course.id, week: 1 }).first('id');
  const admin = await signIn(ctx.app, c.admin);
  const exerciseUrl = `/admin/courses/${c.course.id}/modules/${mod.id}/exercise`;
  const reword = async (title: string, prompt: string) => expect((await postForm(admin, exerciseUrl, { title, prompt }, exerciseUrl)).status).toBe(302);
  await reword(FIRST_TITLE, FIRST);
  const learner = await signIn(ctx.app, c.learnerA);
  expect((await postReflection(learner, c.sessionA.id, 1, 'The desk at closing time, and the quiet after.')).status).toBe(302);
  await reword(REWORDED_TITLE, REWORDED);
  const reflection = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
  const instructor = await signIn(ctx.app, c.instructorA);
  return { c, learner, instructor, reflection, url: reviewUrl(c.sessionA.id, reflection.id), reword };
}

describe('a reflection keeps the question it answered', () => {
  it('stores the title, and the prompt as Markdown and HTML, with each version sent', async () => {
    const { c, learner, instructor, reflection, url, reword } = await answeredThenReworded();
    const [first] = await versionsOf(ctx.db, reflection.id);
    expect(first.prompt_md).toBe(FIRST);
    expect(first.exercise_title).toBe(FIRST_TITLE);
    // Handed back, and sent again after the rewording: the new version keeps the new words, the first its own.
    expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Say more, please.', outcome: 'return' }, url)).status).toBe(302);
    expect((await postReflection(learner, c.sessionA.id, 1, 'Resting now, on Sundays.')).status).toBe(302);
    const [kept, second] = await versionsOf(ctx.db, reflection.id);
    expect(kept.prompt_md).toBe(FIRST);
    expect(second.prompt_md).toBe(REWORDED);
    expect(second.prompt_html).toContain('<em>rested</em>');
    expect([kept.exercise_title, second.exercise_title]).toEqual([FIRST_TITLE, REWORDED_TITLE]);
    // A later rewording leaves both as they were.
    await reword('A third title', 'A third wording.');
    expect((await versionsOf(ctx.db, reflection.id)).map((v) => [v.exercise_title, v.prompt_md])).toEqual([
      [FIRST_TITLE, FIRST],
      [REWORDED_TITLE, REWORDED],
    ]);
  });

  it('shows the learner the question they answered, saying quietly that it was reworded', async () => {
    const { c, learner } = await answeredThenReworded();
    const page = wordsOf((await learner.get(reflectionUrl(c.sessionA.id, 1))).text);
    expect(page).toContain(`Week 1 reflection: ${FIRST_TITLE}`);
    expect(page).toContain('when you felt tired');
    expect(page).not.toContain('when you felt rested');
    expect(page).not.toContain(REWORDED_TITLE);
    expect(page).toContain(REWORDED_NOTE);
  });

  it('shows the instructor the question the learner answered', async () => {
    const { instructor, url } = await answeredThenReworded();
    const page = wordsOf((await instructor.get(url)).text);
    expect(page).toContain(`Week 1: ${FIRST_TITLE}`);
    expect(page).toContain('when you felt tired');
    expect(page).not.toContain('when you felt rested');
    expect(page).not.toContain(REWORDED_TITLE);
    expect(page).toContain('this is the question the learner answered');
  });

  it('lists the reflection in the feedback queue under the title the learner answered', async () => {
    const { c, learner, instructor, reflection, url } = await answeredThenReworded();
    const queueUrl = `/sessions/${c.sessionA.id}/feedback`;
    const queue = (await instructor.get(queueUrl)).text;
    expect(queue).toContain(`<td>${FIRST_TITLE}</td>`);
    expect(queue).not.toContain(REWORDED_TITLE);
    // Sent again after the rewording: the list names what the newest version answered.
    expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Say more, please.', outcome: 'return' }, url)).status).toBe(302);
    expect((await postReflection(learner, c.sessionA.id, 1, 'Resting now, on Sundays.')).status).toBe(302);
    const again = (await instructor.get(queueUrl)).text;
    expect(again).toContain(`<td>${REWORDED_TITLE}</td>`);
    expect(again).not.toContain(FIRST_TITLE);
    // A version that kept no title is listed under the title as it reads now.
    await ctx.db('reflection_versions').where({ reflection_id: reflection.id }).update({ exercise_title: null });
    expect((await instructor.get(`${queueUrl}?show=all`)).text).toContain(`<td>${REWORDED_TITLE}</td>`);
  });

  it('names the title the learner answered in the email saying the instructor read it', async () => {
    const { c, instructor, url } = await answeredThenReworded();
    expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Say more, please.', outcome: 'return' }, url)).status).toBe(302);
    const mail = await lastEmailTo(ctx.db, c.learnerA.email);
    expect(mail?.body_text).toContain(`Your instructor has read your reflection "${FIRST_TITLE}" and returned it for revision.`);
    expect(mail?.body_text).not.toContain(REWORDED_TITLE);
  });

  it('names the title the learner answered in the email saying the instructor accepted it', async () => {
    const { c, instructor, url } = await answeredThenReworded();
    expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Thank you for this.', outcome: 'accept' }, url)).status).toBe(302);
    const mail = await lastEmailTo(ctx.db, c.learnerA.email);
    expect(mail?.body_text).toContain(`Your instructor has read your reflection "${FIRST_TITLE}" and accepted it.`);
    expect(mail?.body_text).not.toContain(REWORDED_TITLE);
  });

  it('keeps the question answered in the keepsake page, its text and its PDF', async () => {
    const { c, learner } = await answeredThenReworded();
    const base = `/sessions/${c.sessionA.id}/my-reflections`;
    const html = wordsOf((await learner.get(base)).text);
    const text = (await learner.get(`${base}.txt`)).text;
    const pdf = await pdfText((await getPdf(learner, `${base}.pdf`)).body as Buffer);
    for (const doc of [html, text, pdf]) {
      expect(doc).toContain(`Week 1: ${FIRST_TITLE}`);
      expect(doc).not.toContain(REWORDED_TITLE);
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
    expect(page).toContain(`Week 1 reflection: ${REWORDED_TITLE}`);
    expect(page).toContain('when you felt rested');
    expect(page).not.toContain('when you felt tired');
    expect(page).not.toContain(FIRST_TITLE);
    expect(page).not.toContain(REWORDED_NOTE);
    // The first learner, handed back their reflection, revises it under the question as it reads now; the version sent keeps its own.
    expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Say more, please.', outcome: 'return' }, url)).status).toBe(302);
    const revising = wordsOf((await learner.get(reflectionUrl(c.sessionA.id, 1))).text);
    expect(revising.indexOf('when you felt rested')).toBeLessThan(revising.indexOf('when you felt tired'));
    expect(revising).toContain(`Week 1 reflection: ${REWORDED_TITLE}`);
    expect(revising).toMatch(new RegExp(`The question as it read when version 1 was sent\\s*${FIRST_TITLE}`));
  });

  it('keeps each version with its own words once it is sent again after the rewording, in the keepsake and for the instructor', async () => {
    const { c, learner, instructor, url } = await answeredThenReworded();
    expect((await postForm(instructor, `${url}/feedback`, { feedback: 'Say more, please.', outcome: 'return' }, url)).status).toBe(302);
    expect((await postReflection(learner, c.sessionA.id, 1, 'Resting now, on Sundays.')).status).toBe(302);
    const base = `/sessions/${c.sessionA.id}/my-reflections`;
    const html = wordsOf((await learner.get(base)).text);
    const text = (await learner.get(`${base}.txt`)).text;
    const pdf = await pdfText((await getPdf(learner, `${base}.pdf`)).body as Buffer);
    // The week reads as the last version answered it; version 1 says what it answered.
    for (const doc of [html, text, pdf]) {
      expect(doc).toContain(`Week 1: ${REWORDED_TITLE}`);
      expect(doc).toMatch(/felt\s+\*?rested/);
      expect(doc.indexOf(FIRST_TITLE)).toBeGreaterThan(doc.indexOf('Version 1, submitted'));
      expect(doc.indexOf(FIRST_TITLE)).toBeLessThan(doc.indexOf('Version 2, submitted'));
      expect(doc).toMatch(/felt\s+\*?tired/);
    }
    expect(text).toContain(`This version answered the question as it read then:\n\n> ${FIRST_TITLE}\n>\n> ${FIRST}`);
    const review = wordsOf((await instructor.get(url)).text);
    expect(review).toContain(`Week 1: ${REWORDED_TITLE}`);
    expect(review).toMatch(new RegExp(`The question as it read when version 1 was sent\\s*${FIRST_TITLE}\\s*Write about a moment at the desk`));
  });

  it('shows none of it to a learner of another session', async () => {
    const { c, reflection } = await answeredThenReworded();
    const other = await signIn(ctx.app, c.learnerB);
    const base = `/sessions/${c.sessionA.id}/my-reflections`;
    for (const path of [reflectionUrl(c.sessionA.id, 1), reviewUrl(c.sessionA.id, reflection.id), base, `${base}.txt`, `${base}.pdf`]) {
      expect((await other.get(path)).status).toBe(404);
    }
  });

  it('gives versions sent before prompts were kept the prompt as it read when the change came', async () => {
    const { reflection } = await answeredThenReworded();
    await keepPromptWithVersions.down(ctx.db);
    await keepPromptWithVersions.up(ctx.db);
    const [version] = await versionsOf(ctx.db, reflection.id);
    expect(version.prompt_md).toBe(REWORDED);
    expect(version.prompt_html).toContain('<em>rested</em>');
  });

  it('gives versions sent before titles were kept the title as it read when the change came', async () => {
    const { reflection } = await answeredThenReworded();
    await keepTitleWithVersions.down(ctx.db);
    await keepTitleWithVersions.up(ctx.db);
    const [version] = await versionsOf(ctx.db, reflection.id);
    expect(version.exercise_title).toBe(REWORDED_TITLE);
  });
});
