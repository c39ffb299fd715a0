import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { unzip } from '../helpers/completion-factories';
import { type Agent, binary, csrfFrom, postForm, readable, signIn } from '../helpers/http';
import { reflectionOf, reflectionUrl } from '../helpers/reflections-factories';

// A learner with the reflection open in two windows (an old tab at work, a laptop at home): a
// window that had not seen the latest draft never writes it away.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function learnerA() {
  const c = await createCohorts(ctx.db);
  const agent = await signIn(ctx.app, c.learnerA);
  return { c, agent, url: reflectionUrl(c.sessionA.id, 1) };
}

/** What the autosave script sends: the text and the save count its page last saw. */
async function autosave(agent: Agent, url: string, text: string, draftRev?: number) {
  const token = await csrfFrom(agent, url);
  const body = draftRev === undefined ? { text } : { text, draft_rev: draftRev };
  return agent.post(`${url}/draft`).set('x-csrf-token', token).set('Accept', 'application/json').send(body);
}

const setAsideOf = async (sessionId: number, userId: number) => {
  const reflection = await reflectionOf(ctx.db, sessionId, userId);
  return ctx.db('reflection_drafts_set_aside').where({ reflection_id: reflection.id }).orderBy('id').select('id', 'text');
};

describe('a reflection open in two windows', () => {
  it('keeps the draft another window saved, under “Text set aside”, when a window behind it saves', async () => {
    const { c, agent, url } = await learnerA();
    expect((await agent.get(url)).text).toContain('<input type="hidden" name="draft_rev" value="0">');
    const home1 = await autosave(agent, url, 'A long weekend reflection', 0);
    expect(home1.body).toMatchObject({ draftRev: 1, setAside: false });
    const home2 = await autosave(agent, url, 'A long weekend reflection, continued.', 1);
    expect(home2.body).toMatchObject({ draftRev: 2, setAside: false });

    // The tab left open at work still thinks the draft is empty.
    const work = await autosave(agent, url, 'Monday note', 0);
    expect(work.status).toBe(200);
    expect(work.body).toMatchObject({ draftRev: 3, setAside: true });
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).draft_text).toBe('Monday note');
    expect((await setAsideOf(c.sessionA.id, c.learnerA.id)).map((d) => d.text)).toEqual(['A long weekend reflection, continued.']);

    const page = (await agent.get(url)).text;
    expect(page).toContain('<h2 id="set-aside-heading">Text set aside</h2>');
    expect(page).toContain('Text you wrote in another window is kept for you <a href="#set-aside-heading">');
    expect(page).toContain('A long weekend reflection, continued.');
    expect(page).toContain('<input type="hidden" name="draft_rev" value="3">');

    // The work tab, now up to date (the count came back with its save), sets nothing more aside.
    expect((await autosave(agent, url, 'Monday note, longer', 3)).body).toMatchObject({ draftRev: 4, setAside: false });
    expect(await setAsideOf(c.sessionA.id, c.learnerA.id)).toHaveLength(1);
  });

  it('sets nothing aside when the window behind only added to the latest draft, or sends no count', async () => {
    const { c, agent, url } = await learnerA();
    await autosave(agent, url, 'First line.', 0);
    expect((await autosave(agent, url, 'First line. Second line.', 0)).body.setAside).toBe(false);
    expect((await autosave(agent, url, 'Something else', undefined)).body.setAside).toBe(false);
    expect((await autosave(agent, url, 'Something else again', 'not a number' as unknown as number)).status).toBe(200);
    expect(await setAsideOf(c.sessionA.id, c.learnerA.id)).toHaveLength(0);
  });

  it('keeps it the same way through “Save draft” and “Submit reflection”, which work without JavaScript', async () => {
    const { c, agent, url } = await learnerA();
    await autosave(agent, url, 'Written at home.', 0);
    const saved = await postForm(agent, `${url}/draft`, { text: 'Saved from work', draft_rev: '0' }, url);
    expect(saved.status).toBe(302);
    expect(readable((await agent.get(url)).text)).toContain('Another window had saved different text here; it is kept below, under “Text set aside”.');

    await autosave(agent, url, 'Home again.', 2);
    const token = await csrfFrom(agent, url);
    const submitted = await agent.post(`${url}/submit`).field('_csrf', token).field('draft_rev', '2').field('text', 'Submitted from the old tab');
    expect(submitted.status).toBe(302);
    const after = (await agent.get(url)).text;
    expect(after).toContain('Your reflection is submitted.');
    expect(readable(after)).toContain('it is kept below, under “Text set aside”');
    expect((await setAsideOf(c.sessionA.id, c.learnerA.id)).map((d) => d.text)).toEqual(['Written at home.', 'Home again.']);
    expect(await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).toMatchObject({ status: 'submitted', draft_text: 'Submitted from the old tab' });
  });

  it('is for the learner alone: they remove it; another learner, an instructor or a made-up id get 404 and remove nothing', async () => {
    const { c, agent, url } = await learnerA();
    await autosave(agent, url, 'Private words set aside', 0);
    await autosave(agent, url, 'Newer', 0);
    const [kept] = await setAsideOf(c.sessionA.id, c.learnerA.id);
    const remove = `${url}/set-aside/${kept.id}/delete`;

    const others = [await signIn(ctx.app, c.learnerB), await signIn(ctx.app, c.instructorA)];
    for (const other of others) expect((await postForm(other, remove, {})).status).toBe(404);
    expect((await postForm(agent, `${url}/set-aside/${kept.id + 1000}/delete`, {}, url)).status).toBe(404);
    const token = await csrfFrom(agent, url);
    expect((await agent.post(`${url}/submit`).field('_csrf', token).field('draft_rev', '2').field('text', 'Newer')).status).toBe(302);
    const reflection = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    const staffView = await others[1].get(`/sessions/${c.sessionA.id}/reflections/${reflection.id}`);
    expect(staffView.status).toBe(200);
    expect(staffView.text).toContain('Newer');
    expect(staffView.text).not.toContain('Private words set aside');
    expect(await setAsideOf(c.sessionA.id, c.learnerA.id)).toHaveLength(1);

    const exported = await agent.get('/account/export').buffer(true).parse(binary);
    const data = JSON.parse(unzip(exported.body as Buffer)['kindred-data.json'].toString('utf8'));
    expect(JSON.stringify(data)).toContain('Private words set aside');

    for (const other of others) expect((await other.get(remove)).status).toBe(404);
    // Removing asks first, showing the text; the page's link back keeps it.
    const confirm = await agent.get(remove);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toMatch(/Set aside from your week 1 reflection; written \d{1,2} \w+ \d{4}, \d\d:\d\d, set aside/);
    expect(confirm.text).toContain('<p class="entry-body">Private words set aside</p>');
    expect(confirm.text).toContain(`href="${url}#set-aside-heading">Cancel, keep it</a>`);
    expect((await agent.get(`${url}/set-aside/${kept.id + 1000}/delete`)).status).toBe(404);
    expect((await postForm(agent, remove, {}, url)).status).toBe(303);
    expect(await setAsideOf(c.sessionA.id, c.learnerA.id)).toHaveLength(0);
    const page = (await agent.get(url)).text;
    expect(page).toContain('The text set aside is removed.');
    expect(page).not.toContain('Text set aside</h2>');
  });
});
