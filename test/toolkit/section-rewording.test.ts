import { PDFParse } from 'pdf-parse';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { binary, decode, postForm, signIn, type Agent } from '../helpers/http';
import { readTaggedPdf } from '../helpers/tagged-pdf';
import { enrolmentOf, entriesOf, toolkitSectionsOf } from '../helpers/toolkit-factories';
import * as keepSectionWordsWithEntries from '../../migrations/20261206_0821_keep_section_words_with_toolkit_entries';

// An admin rewording a toolkit section must not change what a learner's entries say they answered:
// the toolkit page shows the section as it reads now, to write in; the keepsake (print page, PDF,
// text) and the instructor's shared view say, under an older entry, the words it was written for.
let ctx: TestContext;
beforeAll(async () => (ctx = await createTestContext()));
afterAll(() => ctx.close());

const FIRST_TITLE = 'Small comforts';
const FIRST = 'What small thing comforts you after a hard shift?';
const REWORDED_TITLE = 'Ways to recover';
const REWORDED = 'What helps you recover at the end of a week?';
const OLD_ENTRY = 'Tea on the back step';
const NEW_ENTRY = 'A long walk on Saturday';
const NOTE = `Written for the earlier prompt, under “${FIRST_TITLE}”: ${FIRST}`;

/** A page's words without its tags, as a reader reads them. */
const wordsOf = (html: string) => decode(html.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');

async function pdfText(data: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

const getPdf = async (agent: Agent, url: string) => (await agent.get(url).buffer(true).parse(binary)).body as Buffer;

/** An admin words week 1's section FIRST_TITLE and FIRST, learner A writes OLD_ENTRY in it, then the admin rewords it through the section form. */
async function writtenThenReworded() {
  const c = await createCohorts(ctx.db);
  const [first] = await toolkitSectionsOf(ctx.db, c.course.id);
  const section = await ctx.db('toolkit_sections').where({ id: first.id }).first();
  const admin = await signIn(ctx.app, c.admin);
  const sectionUrl = `/admin/courses/${c.course.id}/modules/${section.course_module_id}/toolkit-sections/${section.id}`;
  const reword = async (title: string, prompt: string) =>
    expect((await postForm(admin, sectionUrl, { key: section.key, title, prompt, examples: section.examples.join('\n') }, sectionUrl)).status).toBe(302);
  await reword(FIRST_TITLE, FIRST);
  const learner = await signIn(ctx.app, c.learnerA);
  const toolkit = `/sessions/${c.sessionA.id}/toolkit`;
  const add = async (body: string) => expect((await postForm(learner, `${toolkit}/sections/${section.id}/entries`, { body }, toolkit)).status).toBe(302);
  await add(OLD_ENTRY);
  await reword(REWORDED_TITLE, REWORDED);
  const enrolmentId = await enrolmentOf(ctx.db, c.sessionA.id, c.learnerA.id);
  return { c, section, learner, toolkit, add, reword, enrolmentId };
}

const keptWords = (enrolmentId: number, sectionId: number) =>
  ctx.db('toolkit_entries').where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId }).orderBy('position').select('body', 'section_title', 'section_prompt');

describe('a toolkit entry keeps the section words it was written for', () => {
  it('stores the section’s title and prompt with each entry as they read when it was written', async () => {
    const { section, add, enrolmentId } = await writtenThenReworded();
    await add(NEW_ENTRY);
    expect(await keptWords(enrolmentId, section.id)).toEqual([
      { body: OLD_ENTRY, section_title: FIRST_TITLE, section_prompt: FIRST },
      { body: NEW_ENTRY, section_title: REWORDED_TITLE, section_prompt: REWORDED },
    ]);
  });

  it('shows the section as it reads now on the toolkit page, to write new entries for', async () => {
    const { learner, toolkit } = await writtenThenReworded();
    const page = wordsOf((await learner.get(toolkit)).text);
    expect(page).toContain(REWORDED_TITLE);
    expect(page).toContain(REWORDED);
    expect(page).toContain(OLD_ENTRY);
    expect(page).not.toContain(FIRST);
  });

  it('says under an older entry, in the print page, the text and the PDF, the words it was written for, and nothing under a newer one', async () => {
    const { learner, toolkit, add } = await writtenThenReworded();
    await add(NEW_ENTRY);
    const print = wordsOf((await learner.get(`${toolkit}/print`)).text);
    const text = (await learner.get(`${toolkit}.txt`)).text;
    const pdf = await pdfText(await getPdf(learner, `${toolkit}.pdf`));
    for (const doc of [print, text, pdf]) {
      expect(doc).toContain(`${REWORDED_TITLE}`);
      expect(doc).toContain(`Week 1 · ${REWORDED}`);
      expect(doc.indexOf(OLD_ENTRY)).toBeLessThan(doc.indexOf(NOTE));
      expect(doc.indexOf(NOTE)).toBeLessThan(doc.indexOf(NEW_ENTRY));
      expect(doc.split('Written for the earlier prompt').length - 1).toBe(1);
    }
    expect(text).toContain(`1. ${OLD_ENTRY}\n   ${NOTE}\n2. ${NEW_ENTRY}\n`);
    // A screen reader hears the note in the older entry's list item, not as words of its own.
    const tagged = await readTaggedPdf(await getPdf(learner, `${toolkit}.pdf`));
    expect(tagged.untagged).toEqual([]);
    expect(tagged.listItems.slice(0, 2)).toEqual([
      { label: '1.', body: `${OLD_ENTRY} ${NOTE}` },
      { label: '2.', body: NEW_ENTRY },
    ]);
  });

  it('names only the earlier title when the prompt reads as it did', async () => {
    const { learner, toolkit, reword } = await writtenThenReworded();
    await reword(REWORDED_TITLE, FIRST);
    const text = (await learner.get(`${toolkit}.txt`)).text;
    expect(text).toContain(`1. ${OLD_ENTRY}\n   Written under the earlier title “${FIRST_TITLE}”.\n`);
    expect(text).not.toContain('Written for the earlier prompt');
  });

  it('keeps the words an entry was written for when the learner edits it after the rewording', async () => {
    const { section, learner, toolkit, enrolmentId } = await writtenThenReworded();
    const [entry] = await entriesOf(ctx.db, enrolmentId, section.id);
    expect((await postForm(learner, `${toolkit}/entries/${entry.id}`, { body: `${OLD_ENTRY}, in the sun` }, toolkit)).status).toBe(302);
    expect(await keptWords(enrolmentId, section.id)).toEqual([{ body: `${OLD_ENTRY}, in the sun`, section_title: FIRST_TITLE, section_prompt: FIRST }]);
    expect((await learner.get(`${toolkit}.txt`)).text).toContain(`1. ${OLD_ENTRY}, in the sun\n   ${NOTE}\n`);
  });

  it('tells the session’s instructor, in a shared section, what an older entry was written for', async () => {
    const { c, section, learner, toolkit, enrolmentId } = await writtenThenReworded();
    await postForm(learner, `${toolkit}/sections/${section.id}/share`, { shared: 'yes' }, toolkit);
    const instructor = await signIn(ctx.app, c.instructorA);
    const page = wordsOf((await instructor.get(`${toolkit}/shared/${enrolmentId}`)).text);
    expect(page).toContain(`Week 1 · ${REWORDED}`);
    expect(page.indexOf(OLD_ENTRY)).toBeLessThan(page.indexOf(NOTE));
  });

  it('shows none of it to a learner of another session', async () => {
    const { c, toolkit, enrolmentId } = await writtenThenReworded();
    const other = await signIn(ctx.app, c.learnerB);
    for (const url of [toolkit, `${toolkit}/print`, `${toolkit}.pdf`, `${toolkit}.txt`, `${toolkit}/shared/${enrolmentId}`]) {
      const res = await other.get(url);
      expect(res.status).toBe(404);
      expect(res.text ?? '').not.toContain(OLD_ENTRY);
    }
  });

  it('gives entries written before the words were kept the section as it read when the change came', async () => {
    const { section, enrolmentId } = await writtenThenReworded();
    await keepSectionWordsWithEntries.down(ctx.db);
    await keepSectionWordsWithEntries.up(ctx.db);
    expect(await keptWords(enrolmentId, section.id)).toEqual([{ body: OLD_ENTRY, section_title: REWORDED_TITLE, section_prompt: REWORDED }]);
  });
});
