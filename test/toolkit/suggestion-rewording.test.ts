import type { TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { adminContext, decode, postForm, signIn, type Agent } from '../helpers/http';
import { validReadingForm } from '../helpers/authoring-factories';
import { enrolmentOf, entriesOf, toolkitSectionsOf } from '../helpers/toolkit-factories';

// An admin rewording a reading's suggestion must not make it look "not added" to learners who
// added it: their entry remembers the suggestion, and the suggestion keeps its id through edits.
let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ({ ctx, admin } = await adminContext());
});
afterAll(() => ctx.close());

/** A running cohort with week 1 open, its first reading (whose one suggestion is "section-1: Suggestion 1") and a signed-in learner. */
async function cohortWithSuggestion() {
  const c = await createCohorts(ctx.db);
  const reading = await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where({ 'm.course_id': c.course.id, 'm.week': 1 }).first('r.*');
  const suggestion = await ctx.db('reading_suggestions').where({ reading_id: reading.id }).first();
  const section = (await toolkitSectionsOf(ctx.db, c.course.id)).find((s) => s.key === 'section-1')!;
  const learner = await signIn(ctx.app, c.learnerA);
  const enrolmentId = await enrolmentOf(ctx.db, c.sessionA.id, c.learnerA.id);
  const toolkit = `/sessions/${c.sessionA.id}/toolkit`;
  const readingUrl = `/admin/courses/${c.course.id}/modules/${reading.course_module_id}/readings/${reading.id}`;
  const editSuggestions = async (lines: string[]) => {
    const res = await postForm(admin, readingUrl, validReadingForm({ title: reading.title, slug: reading.slug, body: reading.body_md, suggestions: lines.join('\n') }), readingUrl);
    expect(res.status).toBe(302);
  };
  const add = (suggestionId: number) => postForm(learner, `${toolkit}/suggestions/${suggestionId}`, {}, toolkit);
  return { c, reading, readingUrl, suggestion, section, learner, enrolmentId, toolkit, editSuggestions, add };
}

const addButtonFor = (html: string, suggestionId: number) => html.includes(`/toolkit/suggestions/${suggestionId}"`);
const suggestionsOf = (readingId: number) => ctx.db('reading_suggestions').where({ reading_id: readingId }).orderBy(['position', 'id']).select('id', 'section_key', 'text');

describe('a learner’s added suggestion, reworded by an admin', () => {
  it('still shows as added on the toolkit and week pages, and the learner’s entry is untouched', async () => {
    const { c, readingUrl, suggestion, section, learner, enrolmentId, toolkit, editSuggestions, add } = await cohortWithSuggestion();
    expect(addButtonFor((await learner.get(toolkit)).text, suggestion.id)).toBe(true);
    expect((await add(suggestion.id)).status).toBe(302);
    expect(addButtonFor((await learner.get(toolkit)).text, suggestion.id)).toBe(false);

    expect(decode((await admin.get(readingUrl)).text)).toContain('A line reworded but keeping at least half its words stays added for learners who already added it; a line written anew is a new idea.');
    await editSuggestions(['section-1: Suggestion 1, put more gently']);
    expect(await suggestionsOf(suggestion.reading_id)).toEqual([{ id: suggestion.id, section_key: 'section-1', text: 'Suggestion 1, put more gently' }]);

    const page = decode((await learner.get(toolkit)).text);
    expect(addButtonFor(page, suggestion.id)).toBe(false);
    expect(page).not.toContain('Suggestion 1, put more gently');
    expect(page).toContain('Suggestion 1');
    const week = decode((await learner.get(`/sessions/${c.sessionA.id}/weeks/1`)).text);
    expect(week).toContain('Suggestion 1, put more gently');
    expect(addButtonFor(week, suggestion.id)).toBe(false);
    expect(week).toContain('In your toolkit');
    expect((await entriesOf(ctx.db, enrolmentId, section.id)).map((e) => e.body)).toEqual(['Suggestion 1']);

    // A stale page's button does not add the suggestion a second time in its new words.
    await add(suggestion.id);
    expect((await entriesOf(ctx.db, enrolmentId, section.id)).map((e) => e.body)).toEqual(['Suggestion 1']);
  });

  it('stays added after the learner put the entry in their own words', async () => {
    const { suggestion, section, learner, enrolmentId, toolkit, editSuggestions, add } = await cohortWithSuggestion();
    await add(suggestion.id);
    const [entry] = await entriesOf(ctx.db, enrolmentId, section.id);
    expect((await postForm(learner, `${toolkit}/entries/${entry.id}`, { body: 'My own words for it' }, toolkit)).status).toBe(302);
    expect(addButtonFor((await learner.get(toolkit)).text, suggestion.id)).toBe(false);

    await editSuggestions(['section-1: Suggestion 1, reworded']);
    expect(addButtonFor((await learner.get(toolkit)).text, suggestion.id)).toBe(false);
    expect((await entriesOf(ctx.db, enrolmentId, section.id)).map((e) => e.body)).toEqual(['My own words for it']);
  });
});

describe('editing a reading’s suggestions', () => {
  it('keeps the ids of suggestions that stay, moved or reworded, adds new ones, removes the rest and keeps the admin’s order', async () => {
    const { reading, editSuggestions } = await cohortWithSuggestion();
    await editSuggestions(['section-1: Take a walk at lunch', 'section-1: Suggestion 1', 'section-1: Call a friend']);
    const [walk, first, call] = await suggestionsOf(reading.id);

    await editSuggestions(['section-1: Something brand new', 'section-1: Suggestion 1', 'section-1: Take a short walk at lunch']);
    const after = await suggestionsOf(reading.id);
    expect(after.map((s) => s.text)).toEqual(['Something brand new', 'Suggestion 1', 'Take a short walk at lunch']);
    expect(after[1].id).toBe(first.id);
    expect(after[2].id).toBe(walk.id);
    expect([walk.id, first.id, call.id]).not.toContain(after[0].id);
    expect(after.map((s) => s.id)).not.toContain(call.id);
  });

  it('keeps the learner’s entry when the suggestion it came from is removed', async () => {
    const { suggestion, section, learner, enrolmentId, toolkit, editSuggestions, add } = await cohortWithSuggestion();
    await add(suggestion.id);
    await editSuggestions([]);
    expect(await ctx.db('reading_suggestions').where({ id: suggestion.id }).first()).toBeUndefined();
    const entries = await ctx.db('toolkit_entries').where({ enrolment_id: enrolmentId, toolkit_section_id: section.id });
    expect(entries.map((e) => [e.body, e.reading_suggestion_id])).toEqual([['Suggestion 1', null]]);
    expect((await learner.get(toolkit)).status).toBe(200);
  });
});
