import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { csrfFrom, decode, readable, signIn, type Agent } from '../helpers/http';
import { addToolkitEntries, enrolmentOf, toolkitSectionsOf } from '../helpers/toolkit-factories';
import { entryLabel } from '../../src/toolkit/toolkit.presenter';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function setup() {
  const c = await createCohorts(ctx.db);
  const [section] = await toolkitSectionsOf(ctx.db, c.course.id);
  const [entryId] = await addToolkitEntries(ctx.db, await enrolmentOf(ctx.db, c.sessionA.id, c.learnerA.id), section.id, ['Walk <b>by the river</b>']);
  return { ...c, section, entryId, toolkit: `/sessions/${c.sessionA.id}/toolkit` };
}

describe('deleting a toolkit entry', () => {
  it('links Delete to a page that shows the entry and asks first, deleting nothing until confirmed', async () => {
    const s = await setup();
    const agent = await signIn(ctx.app, s.learnerA);
    const page = await agent.get(s.toolkit);
    expect(readable(page.text)).toContain(`<a class="button button-small button-danger" href="${s.toolkit}/entries/${s.entryId}/delete">Delete<span class="visually-hidden"> “Walk &lt;b&gt;by the river&lt;/b&gt;”</span></a>`);

    const confirm = await agent.get(`${s.toolkit}/entries/${s.entryId}/delete`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('Delete this entry?');
    expect(confirm.text).toContain('Walk &lt;b&gt;by the river&lt;/b&gt;');
    expect(confirm.text).toContain(s.section.title);
    expect(confirm.text).toContain(`href="${s.toolkit}#entry-${s.entryId}"`);
    expect(confirm.text).toMatch(new RegExp(`<form method="post" action="${s.toolkit}/entries/${s.entryId}/delete"[^>]*>\\s*<input type="hidden" name="_csrf"`));
    expect(await ctx.db('toolkit_entries').where({ id: s.entryId }).first()).toBeTruthy();

    const token = await csrfFrom(agent, `${s.toolkit}/entries/${s.entryId}/delete`);
    const done = await agent.post(`${s.toolkit}/entries/${s.entryId}/delete`).type('form').send({ _csrf: token });
    expect(done.status).toBe(302);
    expect(await ctx.db('toolkit_entries').where({ id: s.entryId }).first()).toBeUndefined();
  });

  it('answers 404 to the confirmation page for an entry of another learner', async () => {
    const s = await setup();
    const other = await signIn(ctx.app, s.learnerB);
    expect((await other.get(`/sessions/${s.sessionB.id}/toolkit/entries/${s.entryId}/delete`)).status).toBe(404);
    expect((await other.get(`${s.toolkit}/entries/${s.entryId}/delete`)).status).toBe(404);
    const staff = await signIn(ctx.app, s.instructorA);
    expect((await staff.get(`${s.toolkit}/entries/${s.entryId}/delete`)).status).toBe(404);
  });

  it('names each entry on its buttons by its first words, so entries of different sections are told apart', () => {
    expect(entryLabel('Ten slow breaths before I open the doors.')).toBe('“Ten slow breaths before I open…”');
    expect(entryLabel('  Ask for help.  ')).toBe('“Ask for help.”');
  });
});

describe('an entry that is no longer in the toolkit (a second click, another tab)', () => {
  const GONE = 'That entry is no longer in your toolkit';
  /** The page with what changes per request (the CSRF token) left out, to compare two answers. */
  const pageOf = (text: string) => text.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"');

  async function deleted() {
    const s = await setup();
    const agent = await signIn(ctx.app, s.learnerA);
    const token = await csrfFrom(agent, `${s.toolkit}/entries/${s.entryId}/delete`);
    const post = (path: string, form: Record<string, string> = {}) => agent.post(`${s.toolkit}/entries/${path}`).type('form').send({ _csrf: token, ...form });
    expect((await post(`${s.entryId}/delete`)).status).toBe(302);
    await agent.get(s.toolkit); // where its confirmation is shown
    return { ...s, agent, post };
  }

  function expectGonePage(res: { status: number; text: string }, toolkit: string) {
    expect(res.status).toBe(404);
    const text = decode(res.text);
    expect(text).toContain(`<h1>${GONE}</h1>`);
    expect(res.text).toContain(`href="${toolkit}"`);
    expect(text).not.toContain('We could not find that page');
  }

  it('answers a second delete with 404 and a page that says so and leads back to the toolkit', async () => {
    const s = await deleted();
    expectGonePage(await s.post(`${s.entryId}/delete`), s.toolkit);
    expectGonePage(await s.agent.get(`${s.toolkit}/entries/${s.entryId}/delete`), s.toolkit);
  });

  it('answers a move of a deleted entry with the same page, moving nothing', async () => {
    const s = await deleted();
    const [other] = await addToolkitEntries(ctx.db, await enrolmentOf(ctx.db, s.sessionA.id, s.learnerA.id), s.section.id, ['Tea at four']);
    const before = await ctx.db('toolkit_entries').where({ id: other }).first('position');
    const moved = await s.post(`${s.entryId}/move`, { direction: 'down', position: '1' });
    expectGonePage(moved, s.toolkit);
    expect(pageOf(moved.text)).toBe(pageOf((await s.post(`${s.entryId}/delete`)).text));
    expect(await ctx.db('toolkit_entries').where({ id: other }).first('position')).toEqual(before);
  });

  it('answers an entry id of another learner with the very page a deleted one of their own gets, changing nothing', async () => {
    const s = await deleted();
    const [theirs] = await addToolkitEntries(ctx.db, await enrolmentOf(ctx.db, s.sessionB.id, s.learnerB.id), s.section.id, ['Their private words']);
    const answers = async (agent: Agent, id: number) => ({
      delete: pageOf((await s.post(`${id}/delete`)).text),
      move: pageOf((await s.post(`${id}/move`, { direction: 'down', position: '1' })).text),
      confirm: pageOf((await agent.get(`${s.toolkit}/entries/${id}/delete`)).text),
    });
    const own = await answers(s.agent, s.entryId);
    const other = await answers(s.agent, theirs);
    expect(other).toEqual(own);
    expect(other.confirm).not.toContain('Their private words');
    expectGonePage(await s.post(`${theirs}/delete`), s.toolkit);
    expect(await ctx.db('toolkit_entries').where({ id: theirs }).first()).toBeTruthy();
  });
});

describe('the edit page and text set aside, when what they act on is no longer in the toolkit', () => {
  const pageOf = (text: string) => text.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"');

  async function deletedEntry() {
    const s = await setup();
    const agent = await signIn(ctx.app, s.learnerA);
    const token = await csrfFrom(agent, s.toolkit);
    const post = (path: string, form: Record<string, string> = {}) => agent.post(`${s.toolkit}/${path}`).type('form').send({ _csrf: token, ...form });
    expect((await post(`entries/${s.entryId}/delete`)).status).toBe(302);
    await agent.get(s.toolkit);
    const enrolmentB = await enrolmentOf(ctx.db, s.sessionB.id, s.learnerB.id);
    const [theirs] = await addToolkitEntries(ctx.db, enrolmentB, s.section.id, ['Their private words']);
    return { ...s, agent, post, token, theirs };
  }

  function expectGone(res: { status: number; text: string }, heading: string, toolkit: string) {
    expect(res.status).toBe(404);
    expect(decode(res.text)).toContain(`<h1>${heading}</h1>`);
    expect(res.text).toContain(`href="${toolkit}"`);
    expect(decode(res.text)).not.toContain('We could not find that page');
  }

  it('answers the edit page of a deleted entry, and of another learner’s, with the page that says it is no longer there', async () => {
    const s = await deletedEntry();
    const own = await s.agent.get(`${s.toolkit}/entries/${s.entryId}/edit`);
    expectGone(own, 'That entry is no longer in your toolkit', s.toolkit);
    const other = await s.agent.get(`${s.toolkit}/entries/${s.theirs}/edit`);
    expect(pageOf(other.text)).toBe(pageOf(own.text));
    expect(other.text).not.toContain('Their private words');
  });

  it('hands back, escaped and read-only, what was typed into the edit form of a deleted entry, the same for another learner’s', async () => {
    const s = await deletedEntry();
    const typed = 'Walk <b>at noon</b> & breathe';
    // With no section to set it aside in, and too long to be saved: the words come back either way.
    const unsaved = await s.post(`entries/${s.entryId}`, { body: typed, rev: '0' });
    expectGone(unsaved, 'That entry is no longer in your toolkit', s.toolkit);
    expect(unsaved.text).toMatch(/<textarea id="typed-text" readonly[^>]*>Walk &lt;b&gt;at noon&lt;\/b&gt; &amp; breathe<\/textarea>/);
    expect(decode(unsaved.text)).toContain('could not be saved');
    const tooLong = `${typed} ${'x'.repeat(2100)}`;
    const invalid = await s.post(`entries/${s.entryId}`, { body: tooLong, rev: '0', section_id: String(s.section.id) });
    expectGone(invalid, 'That entry is no longer in your toolkit', s.toolkit);
    expect(decode(invalid.text)).toContain(tooLong);

    const theirs = await s.post(`entries/${s.theirs}`, { body: typed, rev: '0' });
    expect(pageOf(theirs.text)).toBe(pageOf(unsaved.text));
    expect(pageOf((await s.post(`entries/${s.theirs}`, { body: tooLong, rev: '0' })).text)).toBe(pageOf(invalid.text));
    expect(theirs.text).not.toContain('Their private words');
    expect((await ctx.db('toolkit_entries').where({ id: s.theirs }).first()).body).toBe('Their private words');
  });

  it('answers the script in JSON for an entry no longer there, the same for another learner’s', async () => {
    const s = await deletedEntry();
    const json = (id: number, body: string) => s.agent.post(`${s.toolkit}/entries/${id}`).set('x-csrf-token', s.token).set('Accept', 'application/json').send({ body, rev: 0 });
    const other = await json(s.theirs, 'Where does this go?');
    expect(other.status).toBe(409);
    expect(other.headers['content-type']).toMatch(/json/);
    expect((await json(s.entryId, 'Where does this go?')).body).toEqual(other.body);
    expect((await json(s.theirs, '')).headers['content-type']).toMatch(/json/);
  });

  it('answers adding or removing a text no longer set aside, and another learner’s, with the page that says so', async () => {
    const s = await deletedEntry();
    const keep = async (enrolmentId: number, text: string) =>
      (await ctx.db('toolkit_texts_set_aside').insert({ enrolment_id: enrolmentId, toolkit_section_id: s.section.id, text }).returning('id'))[0].id as number;
    const mine = await keep(await enrolmentOf(ctx.db, s.sessionA.id, s.learnerA.id), 'Words kept aside');
    const theirs = await keep(await enrolmentOf(ctx.db, s.sessionB.id, s.learnerB.id), 'Their words kept aside');
    expect((await s.post(`set-aside/${mine}/delete`)).status).toBe(302);
    await s.agent.get(s.toolkit);

    const answers = async (id: number) => ({
      add: pageOf((await s.post(`set-aside/${id}/add`)).text),
      confirm: pageOf((await s.agent.get(`${s.toolkit}/set-aside/${id}/delete`)).text),
      remove: pageOf((await s.post(`set-aside/${id}/delete`)).text),
    });
    const own = await answers(mine);
    expectGone(await s.post(`set-aside/${mine}/add`), 'That text is no longer set aside', s.toolkit);
    expectGone(await s.agent.get(`${s.toolkit}/set-aside/${mine}/delete`), 'That text is no longer set aside', s.toolkit);
    expectGone(await s.post(`set-aside/${mine}/delete`), 'That text is no longer set aside', s.toolkit);
    expect(own.add).toBe(own.remove);
    expect(await answers(theirs)).toEqual(own);
    expect(own.confirm).not.toContain('Their words kept aside');
    expect(await ctx.db('toolkit_texts_set_aside').where({ id: theirs }).first()).toBeTruthy();
  });
});
