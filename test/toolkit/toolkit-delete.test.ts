import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { csrfFrom, readable, signIn } from '../helpers/http';
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
