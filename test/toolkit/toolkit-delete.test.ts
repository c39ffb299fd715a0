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
