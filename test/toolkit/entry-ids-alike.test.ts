import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { csrfFrom, decode, readable, signIn } from '../helpers/http';
import { addToolkitEntries, enrolmentOf, entriesOf, toolkitSectionsOf } from '../helpers/toolkit-factories';

// Ids of other people's entries must not be told apart from ids that do not exist: learner A,
// trying learner B's entry id (B in another session), an id never made, and A's own entry deleted
// in another tab, gets the same answer from every toolkit route that takes an entry id, with the
// words A typed kept either way, and nothing of B's changes.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Case = 'theirs' | 'never' | 'gone';
const CASES: Case[] = ['theirs', 'never', 'gone'];
const WORDS: Record<Case, string> = { theirs: 'Typed for case one', never: 'Typed for case two', gone: 'Typed for case three' };

async function twoLearners() {
  const c = await createCohorts(ctx.db);
  const [section] = await toolkitSectionsOf(ctx.db, c.course.id);
  const enrolmentA = await enrolmentOf(ctx.db, c.sessionA.id, c.learnerA.id);
  const enrolmentB = await enrolmentOf(ctx.db, c.sessionB.id, c.learnerB.id);
  const [theirs] = await addToolkitEntries(ctx.db, enrolmentB, section.id, ['B’s private entry']);
  const [gone] = await addToolkitEntries(ctx.db, enrolmentA, section.id, ['A’s entry, soon deleted']);
  const agentA = await signIn(ctx.app, c.learnerA);
  const agentB = await signIn(ctx.app, c.learnerB);
  const toolkit = `/sessions/${c.sessionA.id}/toolkit`;
  // Deleted in another tab of A's.
  const token = await csrfFrom(agentA, toolkit);
  expect((await agentA.post(`${toolkit}/entries/${gone}/delete`).type('form').send({ _csrf: token })).status).toBe(302);
  await agentA.get(toolkit);
  const { max } = (await ctx.db('toolkit_entries').max('id as max').first()) as { max: number };
  const ids: Record<Case, number> = { theirs, never: Number(max) + 100_000, gone };
  return { c, section, enrolmentA, enrolmentB, theirs, agentA, agentB, toolkit, token, ids };
}

/** A page with what differs per request or per case left out: the CSRF token, the words typed, a set-aside text's id and time. */
function shapeOf(text: string, words?: string): string {
  let page = decode(text).replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"');
  if (words) page = page.replaceAll(words, 'WORDS');
  return page.replace(/set-aside\/\d+\//g, 'set-aside/ID/').replace(/\d{1,2} \w+ \d{4}, \d\d:\d\d/g, 'WHEN');
}

const setAsideOf = (enrolmentId: number) => ctx.db('toolkit_texts_set_aside').where({ enrolment_id: enrolmentId }).orderBy('id').select('toolkit_section_id', 'text');

async function expectBUntouched(s: Awaited<ReturnType<typeof twoLearners>>) {
  expect((await entriesOf(ctx.db, s.enrolmentB, s.section.id)).map((e) => e.body)).toEqual(['B’s private entry']);
  expect(await ctx.db('toolkit_entries').where({ id: s.theirs }).first('rev')).toEqual({ rev: 0 });
  expect(await setAsideOf(s.enrolmentB)).toEqual([]);
  const pageB = decode((await s.agentB.get(`/sessions/${s.c.sessionB.id}/toolkit`)).text);
  expect(pageB).toContain('B’s private entry');
  for (const words of Object.values(WORDS)) expect(pageB).not.toContain(words);
}

describe('an entry id that is not the learner’s (someone else’s, never made, or their own deleted)', () => {
  it('“Save the entry” sets the typed words aside in the section the form names, with the same redirect and page for all three', async () => {
    const s = await twoLearners();
    const answers: Record<string, unknown>[] = [];
    for (const which of CASES) {
      const sent = await s.agentA.post(`${s.toolkit}/entries/${s.ids[which]}`).type('form').send({ _csrf: s.token, body: WORDS[which], rev: '0', section_id: String(s.section.id) });
      expect(await setAsideOf(s.enrolmentA)).toEqual([{ toolkit_section_id: s.section.id, text: WORDS[which] }]);
      const page = await s.agentA.get(s.toolkit);
      expect(readable(decode(page.text))).toContain('so your text is kept under “Text set aside” in its section.');
      answers.push({ status: sent.status, location: sent.headers.location, body: sent.text, page: shapeOf(page.text, WORDS[which]) });
      // Each case is compared on a toolkit holding only its own text set aside.
      await ctx.db('toolkit_texts_set_aside').where({ enrolment_id: s.enrolmentA }).delete();
    }
    expect(answers[0]).toMatchObject({ status: 302, location: `${s.toolkit}#section-${s.section.id}` });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    await expectBUntouched(s);
  });

  it('without a section to keep the words in, answers the same 404 page for all three, the typed words in a box to copy', async () => {
    const s = await twoLearners();
    const answers = [];
    for (const which of CASES) {
      const sent = await s.agentA.post(`${s.toolkit}/entries/${s.ids[which]}`).type('form').send({ _csrf: s.token, body: WORDS[which], rev: '0' });
      expect(sent.text).toMatch(new RegExp(`<textarea id="typed-text" readonly[^>]*>${WORDS[which]}</textarea>`));
      answers.push({ status: sent.status, page: shapeOf(sent.text, WORDS[which]) });
    }
    expect(answers[0].status).toBe(404);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await setAsideOf(s.enrolmentA)).toEqual([]);
    await expectBUntouched(s);
  });

  it('answers the autosave script alike for all three, whether what it sends can be saved or not', async () => {
    const s = await twoLearners();
    const json = (id: number, body: string) => s.agentA.post(`${s.toolkit}/entries/${id}`).set('x-csrf-token', s.token).set('Accept', 'application/json').send({ body, rev: 0 });
    const answers = [];
    for (const which of CASES) {
      const saved = await json(s.ids[which], WORDS[which]);
      const refused = await json(s.ids[which], '   ');
      answers.push({ saved: [saved.status, saved.body], refused: [refused.status, refused.body] });
    }
    expect(answers[0].saved[0]).toBe(409);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // The script keeps the words on its page; nothing is written until “Save the entry”.
    expect(await setAsideOf(s.enrolmentA)).toEqual([]);
    await expectBUntouched(s);
  });

  it('answers the edit page, the delete page, delete and move alike for all three, changing nothing', async () => {
    const s = await twoLearners();
    const answersFor = async (id: number) => {
      const edit = await s.agentA.get(`${s.toolkit}/entries/${id}/edit`);
      const confirm = await s.agentA.get(`${s.toolkit}/entries/${id}/delete`);
      const remove = await s.agentA.post(`${s.toolkit}/entries/${id}/delete`).type('form').send({ _csrf: s.token });
      const move = await s.agentA.post(`${s.toolkit}/entries/${id}/move`).type('form').send({ _csrf: s.token, direction: 'down', position: '1' });
      return [edit, confirm, remove, move].map((res) => ({ status: res.status, page: shapeOf(res.text) }));
    };
    const theirs = await answersFor(s.ids.theirs);
    expect(theirs.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect(await answersFor(s.ids.never)).toEqual(theirs);
    expect(await answersFor(s.ids.gone)).toEqual(theirs);
    await expectBUntouched(s);
  });
});
