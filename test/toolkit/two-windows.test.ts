import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { unzip } from '../helpers/completion-factories';
import { type Agent, binary, csrfFrom, decode, postForm, readable, signIn } from '../helpers/http';
import { addToolkitEntries, enrolmentOf, entriesOf, toolkitSectionsOf } from '../helpers/toolkit-factories';
import { MAX_ENTRIES_PER_SECTION } from '../../src/toolkit/toolkit.policy';

// A learner with their toolkit open in two windows (an old tab at work, a laptop at home): a window
// that had not seen the latest draft, or the latest wording of an entry, never writes it away.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function learnerA() {
  const c = await createCohorts(ctx.db);
  const agent = await signIn(ctx.app, c.learnerA);
  const [section] = await toolkitSectionsOf(ctx.db, c.course.id);
  const enrolmentId = await enrolmentOf(ctx.db, c.sessionA.id, c.learnerA.id);
  const toolkit = `/sessions/${c.sessionA.id}/toolkit`;
  return { c, agent, section, enrolmentId, toolkit, draftUrl: `${toolkit}/sections/${section.id}/draft` };
}

/** What the toolkit's autosave script sends: the text and the save count its page last saw. */
async function autosave(agent: Agent, url: string, body: string, rev: number | undefined, tokenPage: string) {
  const token = await csrfFrom(agent, tokenPage);
  return agent
    .post(url)
    .set('x-csrf-token', token)
    .set('Accept', 'application/json')
    .send(rev === undefined ? { body } : { body, rev });
}

const setAsideOf = (enrolmentId: number) => ctx.db('toolkit_texts_set_aside').where({ enrolment_id: enrolmentId }).orderBy('id').select('id', 'toolkit_section_id', 'text');
const draftOf = (enrolmentId: number, sectionId: number) => ctx.db('toolkit_drafts').where({ enrolment_id: enrolmentId, toolkit_section_id: sectionId }).first('body', 'rev');

describe('a toolkit draft written in two windows', () => {
  it('keeps the draft another window saved, under “Text set aside” in its section, when a window behind it saves', async () => {
    const { agent, section, enrolmentId, toolkit, draftUrl } = await learnerA();
    expect((await agent.get(toolkit)).text).toContain('<input type="hidden" name="rev" value="0">');
    const home1 = await autosave(agent, draftUrl, 'Ten slow breaths', 0, toolkit);
    expect(home1.body).toMatchObject({ rev: expect.any(Number), setAside: false });
    const home2 = await autosave(agent, draftUrl, 'Ten slow breaths before I open the inbox', home1.body.rev, toolkit);
    expect(home2.body).toMatchObject({ setAside: false });
    expect(home2.body.rev).toBeGreaterThan(home1.body.rev);

    // The tab left open at work still thinks the box is empty.
    const work = await autosave(agent, draftUrl, 'Lunch outside', 0, toolkit);
    expect(work.status).toBe(200);
    expect(work.body.setAside).toBe(true);
    expect(await draftOf(enrolmentId, section.id)).toEqual({ body: 'Lunch outside', rev: work.body.rev });
    expect(await setAsideOf(enrolmentId)).toEqual([expect.objectContaining({ toolkit_section_id: section.id, text: 'Ten slow breaths before I open the inbox' })]);

    const page = decode((await agent.get(toolkit)).text);
    expect(readable(page)).toContain(`Text you wrote in another window is kept for you <a href="#section-${section.id}-set-aside">under “Text set aside”</a>`);
    expect(page).toContain(`<h3 id="section-${section.id}-set-aside">Text set aside</h3>`);
    expect(page).toContain('<p class="set-aside-body entry-body">Ten slow breaths before I open the inbox</p>');
    expect(page).toContain(`<input type="hidden" name="rev" value="${work.body.rev}">`);

    // The work tab, now up to date (the number came back with its save), sets nothing more aside.
    expect((await autosave(agent, draftUrl, 'Lunch outside, away from my desk', work.body.rev, toolkit)).body.setAside).toBe(false);
    expect(await setAsideOf(enrolmentId)).toHaveLength(1);
  });

  it('sets nothing aside when the window behind only added to the newer draft, or sends no readable count', async () => {
    const { agent, enrolmentId, toolkit, draftUrl } = await learnerA();
    await autosave(agent, draftUrl, 'First idea.', 0, toolkit);
    expect((await autosave(agent, draftUrl, 'First idea. Second idea.', 0, toolkit)).body.setAside).toBe(false);
    expect((await autosave(agent, draftUrl, 'Something else', undefined, toolkit)).body.setAside).toBe(false);
    expect((await autosave(agent, draftUrl, 'Something else again', 'seven' as unknown as number, toolkit)).status).toBe(200);
    expect(await setAsideOf(enrolmentId)).toHaveLength(0);
  });

  it('keeps the newer draft when a window behind empties the box, and through “Save draft” without JavaScript', async () => {
    const { agent, section, enrolmentId, toolkit, draftUrl } = await learnerA();
    const home = await autosave(agent, draftUrl, 'Written at home', 0, toolkit);
    expect((await autosave(agent, draftUrl, '', 0, toolkit)).body).toMatchObject({ rev: 0, setAside: true });
    expect(await draftOf(enrolmentId, section.id)).toBeUndefined();

    // Written again after it was deleted, the draft's number is not one an old window still holds.
    expect((await autosave(agent, draftUrl, 'Home again', 0, toolkit)).body.setAside).toBe(false);
    const saved = await postForm(agent, draftUrl, { body: 'Saved from work', rev: String(home.body.rev) }, toolkit);
    expect(saved.status).toBe(302);
    const page = decode((await agent.get(toolkit)).text);
    expect(readable(page)).toContain('Your draft is saved. Add it to your toolkit when it is ready. Another window had saved different text here; it is kept under “Text set aside” in this section.');
    expect((await setAsideOf(enrolmentId)).map((t) => t.text)).toEqual(['Written at home', 'Home again']);
    expect(await draftOf(enrolmentId, section.id)).toMatchObject({ body: 'Saved from work' });
  });
});

describe('a toolkit entry edited in two windows', () => {
  it('keeps the wording another window saved when a window behind saves the entry, by autosave or by the button', async () => {
    const { agent, section, enrolmentId, toolkit } = await learnerA();
    const [entryId] = await addToolkitEntries(ctx.db, enrolmentId, section.id, ['Call my sister on Sundays']);
    const edit = `${toolkit}/entries/${entryId}/edit`;
    const save = `${toolkit}/entries/${entryId}`;
    expect((await agent.get(edit)).text).toContain('<input type="hidden" name="rev" value="0">');

    // Home: the autosave rewrites the entry. Work: the edit page, loaded before, is sent without JavaScript.
    const home = await autosave(agent, save, 'Call my sister on Sunday evenings', 0, edit);
    expect(home.body).toMatchObject({ rev: expect.any(Number), setAside: false });
    const sent = await postForm(agent, save, { body: 'Call my brother', rev: '0' }, edit);
    expect(sent.status).toBe(302);
    expect((await entriesOf(ctx.db, enrolmentId, section.id)).map((e) => e.body)).toEqual(['Call my brother']);
    expect((await setAsideOf(enrolmentId)).map((t) => t.text)).toEqual(['Call my sister on Sunday evenings']);
    expect(decode((await agent.get(toolkit)).text)).toContain(`Your entry in “${section.title}” is saved. Another window had saved different text here; it is kept under “Text set aside” in this section.`);

    // Up to date now, or only adding to the newer wording: nothing more is set aside.
    const { rev } = await ctx.db('toolkit_entries').where({ id: entryId }).first('rev');
    expect(rev).toBeGreaterThan(home.body.rev);
    expect((await agent.get(edit)).text).toContain(`<input type="hidden" name="rev" value="${rev}">`);
    expect((await autosave(agent, save, 'Call my brother, then my sister', rev, edit)).body.setAside).toBe(false);
    expect((await autosave(agent, save, 'Call my brother, then my sister, then rest', home.body.rev, edit)).body.setAside).toBe(false);
    expect(await setAsideOf(enrolmentId)).toHaveLength(1);
  });

  it('keeps the count the page was loaded with when the entry comes back with an error', async () => {
    const { agent, section, enrolmentId, toolkit } = await learnerA();
    const [entryId] = await addToolkitEntries(ctx.db, enrolmentId, section.id, ['A walk at noon']);
    const edit = `${toolkit}/entries/${entryId}/edit`;
    await autosave(agent, `${toolkit}/entries/${entryId}`, 'A walk at noon, phone left behind', 0, edit);
    const refused = await postForm(agent, `${toolkit}/entries/${entryId}`, { body: '   ', rev: '0' }, edit);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<input type="hidden" name="rev" value="0">');
    expect(await setAsideOf(enrolmentId)).toHaveLength(0);
  });
});

describe('text set aside in the toolkit', () => {
  async function withSetAside(text = 'Words from the other window') {
    const cast = await learnerA();
    await autosave(cast.agent, cast.draftUrl, text, 0, cast.toolkit);
    await autosave(cast.agent, cast.draftUrl, 'Newer words', 0, cast.toolkit);
    const [kept] = await setAsideOf(cast.enrolmentId);
    return { ...cast, kept };
  }

  it('is added as an entry at the end of its section, once, with one button', async () => {
    const { agent, section, enrolmentId, toolkit, kept } = await withSetAside('  A quiet cup of tea  ');
    await addToolkitEntries(ctx.db, enrolmentId, section.id, ['Already here']);
    const added = await postForm(agent, `${toolkit}/set-aside/${kept.id}/add`, {}, toolkit);
    expect(added.status).toBe(302);
    expect(added.headers.location).toBe(`${toolkit}#section-${section.id}`);
    expect((await entriesOf(ctx.db, enrolmentId, section.id)).map((e) => e.body)).toEqual(['Already here', 'A quiet cup of tea']);
    expect(await setAsideOf(enrolmentId)).toHaveLength(0);
    const page = decode((await agent.get(toolkit)).text);
    expect(readable(page)).toContain(`Added to “${section.title}”.`);
    expect(page).not.toContain('Text set aside</h3>');
    expect(page).toContain('<textarea id="entry-body-' + section.id + '"');
    expect(page).toContain('>Newer words</textarea>');

    const again = await postForm(agent, `${toolkit}/set-aside/${kept.id}/add`, {}, toolkit);
    expect(again.status).toBe(404);
    expect(decode(again.text)).toContain('<h1>That text is no longer set aside</h1>');
    expect(await entriesOf(ctx.db, enrolmentId, section.id)).toHaveLength(2);
  });

  it('stays set aside, with the reason, when its section is full', async () => {
    const { agent, section, enrolmentId, toolkit, kept } = await withSetAside();
    await addToolkitEntries(ctx.db, enrolmentId, section.id, Array.from({ length: MAX_ENTRIES_PER_SECTION }, (_, i) => `Entry ${i + 1}`));
    expect((await postForm(agent, `${toolkit}/set-aside/${kept.id}/add`, {}, toolkit)).status).toBe(302);
    expect(decode((await agent.get(toolkit)).text)).toContain(`A section holds up to ${MAX_ENTRIES_PER_SECTION} entries. Please combine or remove some first. The text stays set aside.`);
    expect(await setAsideOf(enrolmentId)).toHaveLength(1);
    expect(await entriesOf(ctx.db, enrolmentId, section.id)).toHaveLength(MAX_ENTRIES_PER_SECTION);
  });

  it('is for the learner alone (not shown with a shared section; in their data export): they remove it; another learner, an instructor or a made-up id get 404 and change nothing', async () => {
    const { c, agent, section, enrolmentId, toolkit, kept } = await withSetAside('Private words set aside');
    const others = [await signIn(ctx.app, c.learnerB), await signIn(ctx.app, c.instructorA)];
    for (const other of others) {
      for (const action of ['add', 'delete']) expect((await postForm(other, `${toolkit}/set-aside/${kept.id}/${action}`, {})).status).toBe(404);
      // Through their own session's toolkit, the id is not theirs either.
      expect((await postForm(other, `/sessions/${c.sessionB.id}/toolkit/set-aside/${kept.id}/delete`, {})).status).toBe(404);
    }
    expect((await postForm(agent, `${toolkit}/set-aside/${kept.id + 1000}/delete`, {}, toolkit)).status).toBe(404);
    expect(await setAsideOf(enrolmentId)).toHaveLength(1);
    expect(await entriesOf(ctx.db, enrolmentId, section.id)).toHaveLength(0);
    const shared = await postForm(agent, `${toolkit}/sections/${section.id}/share`, { shared: 'yes' }, toolkit);
    expect(shared.status).toBe(302);
    const asShared = await others[1].get(`/sessions/${c.sessionA.id}/toolkit/shared/${enrolmentId}`);
    expect(asShared.status).toBe(200);
    expect(asShared.text).not.toContain('Private words set aside');

    const exported = await agent.get('/account/export').buffer(true).parse(binary);
    expect(JSON.stringify(JSON.parse(unzip(exported.body as Buffer)['kindred-data.json'].toString('utf8')))).toContain('Private words set aside');

    for (const other of others) expect((await other.get(`${toolkit}/set-aside/${kept.id}/delete`)).status).toBe(404);
    // Removing asks first, showing the text; the page's link back keeps it.
    const confirm = await agent.get(`${toolkit}/set-aside/${kept.id}/delete`);
    expect(confirm.status).toBe(200);
    expect(decode(confirm.text)).toMatch(new RegExp(`Set aside from “${section.title}” in your toolkit; written \\d{1,2} \\w+ \\d{4}, \\d\\d:\\d\\d, set aside`));
    expect(confirm.text).toContain('<p class="entry-body">Private words set aside</p>');
    expect(confirm.text).toContain(`href="${toolkit}#section-${section.id}-set-aside">Cancel, keep it</a>`);
    expect(confirm.text).toContain(`action="${toolkit}/set-aside/${kept.id}/delete"`);
    expect(await setAsideOf(enrolmentId)).toHaveLength(1);
    const removed = await postForm(agent, `${toolkit}/set-aside/${kept.id}/delete`, {}, toolkit);
    expect(removed.status).toBe(302);
    expect(removed.headers.location).toBe(`${toolkit}#section-${section.id}`);
    expect(await setAsideOf(enrolmentId)).toHaveLength(0);
    const page = (await agent.get(toolkit)).text;
    expect(page).toContain('The text set aside is removed.');
    expect(page).not.toContain('Private words set aside');
  });
});

describe('an entry deleted in another window while this one edits it', () => {
  it('keeps the text written for it: the autosave says it was deleted, “Save the entry” sets the text aside in its section', async () => {
    const { agent, section, enrolmentId, toolkit } = await learnerA();
    const [entryId] = await addToolkitEntries(ctx.db, enrolmentId, section.id, ['Stretch at the desk']);
    const edit = `${toolkit}/entries/${entryId}/edit`;
    const form = (await agent.get(edit)).text;
    expect(form).toContain(`<input type="hidden" name="section_id" value="${section.id}">`);
    expect((await postForm(agent, `${toolkit}/entries/${entryId}/delete`, {}, toolkit)).status).toBe(302);

    const autosaved = await autosave(agent, `${toolkit}/entries/${entryId}`, 'Stretch at the desk every hour', 0, toolkit);
    expect(autosaved.status).toBe(409);
    expect(autosaved.body).toEqual({ error: 'this entry is no longer in your toolkit; it may have been deleted in another window' });
    expect(await setAsideOf(enrolmentId)).toHaveLength(0);

    const saved = await postForm(agent, `${toolkit}/entries/${entryId}`, { body: 'Stretch at the desk every hour', rev: '0', section_id: String(section.id) }, toolkit);
    expect(saved.status).toBe(302);
    expect(saved.headers.location).toBe(`${toolkit}#section-${section.id}`);
    expect((await setAsideOf(enrolmentId)).map((t) => [t.toolkit_section_id, t.text])).toEqual([[section.id, 'Stretch at the desk every hour']]);
    expect(await entriesOf(ctx.db, enrolmentId, section.id)).toHaveLength(0);
    const page = decode((await agent.get(toolkit)).text);
    expect(readable(page)).toContain('That entry is no longer in your toolkit (it may have been deleted in another window), so your text is kept under “Text set aside” in its section.');
    expect(page).toContain('<p class="set-aside-body entry-body">Stretch at the desk every hour</p>');
  });

  it('answers 404, keeping nothing, when the form names a section of another course, a week not open or no section, for another learner’s entry as for a deleted one', async () => {
    const { c, agent, section, enrolmentId, toolkit } = await learnerA();
    const enrolmentB = await enrolmentOf(ctx.db, c.sessionB.id, c.learnerB.id);
    const [entryOfB] = await addToolkitEntries(ctx.db, enrolmentB, section.id, ['B’s private entry']);
    const other = await createCohorts(ctx.db);
    const [foreignSection] = await toolkitSectionsOf(ctx.db, other.course.id);
    const lockedSection = (await toolkitSectionsOf(ctx.db, c.course.id)).find((s) => s.week === 2)!;
    const [gone] = await addToolkitEntries(ctx.db, enrolmentId, section.id, ['Soon deleted']);
    await ctx.db('toolkit_entries').where({ id: gone }).delete();

    for (const entryId of [gone, entryOfB]) {
      for (const sectionId of [String(foreignSection.id), String(lockedSection.id), undefined]) {
        const fields: Record<string, string> = { body: 'Where does this go?', rev: '0', ...(sectionId ? { section_id: sectionId } : {}) };
        expect({ entryId, sectionId, status: (await postForm(agent, `${toolkit}/entries/${entryId}`, fields, toolkit)).status }).toEqual({ entryId, sectionId, status: 404 });
      }
    }
    expect(await setAsideOf(enrolmentId)).toHaveLength(0);
    expect((await entriesOf(ctx.db, enrolmentB, section.id)).map((e) => e.body)).toEqual(['B’s private entry']);
  });
});
