import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCohorts, createCourse, createUser, enrol } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';
import { addToolkitEntries, enrolmentOf, entriesOf, toolkitSectionsOf } from '../helpers/toolkit-factories';
import { MAX_ENTRY_LENGTH } from '../../src/toolkit/toolkit.schemas';
import { CLASSES, fillPath } from '../security/support/access';
import { classOf } from '../security/support/route-classes';
import { listRoutes } from '../security/support/routes';
import { SECRET, createWorld } from '../security/support/world';

let ctx: TestContext;
let cast: Awaited<ReturnType<typeof createCohorts>>;
let sections: Awaited<ReturnType<typeof toolkitSectionsOf>>;
let enrolmentA: number;
let enrolmentB: number;
let entryA: number;
const toolkitA = () => `/sessions/${cast.sessionA.id}/toolkit`;
/** Words learner A keeps in a section they do not share: no staff page may show them. */
const PRIVATE = { entry: 'PRIVATE-TOOLKIT-ENTRY-OF-A', draft: 'PRIVATE-TOOLKIT-DRAFT-OF-A', setAside: 'PRIVATE-TOOLKIT-SET-ASIDE-OF-A' };

beforeAll(async () => {
  ctx = await createTestContext();
  cast = await createCohorts(ctx.db);
  sections = await toolkitSectionsOf(ctx.db, cast.course.id);
  enrolmentA = await enrolmentOf(ctx.db, cast.sessionA.id, cast.learnerA.id);
  enrolmentB = await enrolmentOf(ctx.db, cast.sessionB.id, cast.learnerB.id);
  [entryA] = await addToolkitEntries(ctx.db, enrolmentA, sections[0].id, ['Secret sign of learner A']);
});
afterAll(() => ctx.close());

describe('the learner’s own toolkit', () => {
  it('shows open sections with prompt, examples, entries and the completion rule, and locked ones with their opening date', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(toolkitA());
    expect(res.status).toBe(200);
    expect(res.text).toContain('Section 1');
    expect(res.text).toContain('Secret sign of learner A');
    expect(res.text).toContain('Example');
    expect(res.text).toContain('Goal met');
    expect(res.text).toMatch(/This section opens on \w+day \d+ \w+ \d{4}, with week 2/);
    expect(res.text).toContain('Suggestion 1');
  });

  it('adds an entry to an open section at the end and clears the draft it holds', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    // The autosave had caught the first words; the entry added holds them.
    await postForm(agent, `${toolkitA()}/sections/${sections[0].id}/draft`, { body: 'Tight shoulders' }, toolkitA());
    expect(await ctx.db('toolkit_drafts').where({ enrolment_id: enrolmentA })).toHaveLength(1);
    const res = await postForm(agent, `${toolkitA()}/sections/${sections[0].id}/entries`, { body: 'Tight shoulders by noon' }, toolkitA());
    expect(res.status).toBe(302);
    const entries = await entriesOf(ctx.db, enrolmentA, sections[0].id);
    expect(entries.at(-1)).toMatchObject({ body: 'Tight shoulders by noon' });
    expect(new Set(entries.map((e) => e.position)).size).toBe(entries.length);
    expect(await ctx.db('toolkit_drafts').where({ enrolment_id: enrolmentA })).toHaveLength(0);
  });

  it('keeps a draft the added entry does not hold: another window may have written it', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const drafts = `${toolkitA()}/sections/${sections[0].id}/draft`;
    await postForm(agent, drafts, { body: 'Written at home, not added yet' }, toolkitA());
    // The tab left open at work adds something else to the same section.
    await postForm(agent, `${toolkitA()}/sections/${sections[0].id}/entries`, { body: 'From work' }, toolkitA());
    expect(await ctx.db('toolkit_drafts').where({ enrolment_id: enrolmentA, toolkit_section_id: sections[0].id }).select('body')).toEqual([{ body: 'Written at home, not added yet' }]);
    expect((await agent.get(toolkitA())).text).toContain('Written at home, not added yet</textarea>');
    await postForm(agent, `${toolkitA()}/sections/${sections[0].id}/entries`, { body: 'Written at home, not added yet.' }, toolkitA());
    expect(await ctx.db('toolkit_drafts').where({ enrolment_id: enrolmentA, toolkit_section_id: sections[0].id })).toHaveLength(0);
    // The later tests count this section's entries.
    await ctx.db('toolkit_entries').where({ enrolment_id: enrolmentA }).whereIn('body', ['From work', 'Written at home, not added yet.']).delete();
  });

  it('autosaves a draft through JSON and shows it in the form again', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const page = await agent.get(toolkitA());
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const res = await agent
      .post(`${toolkitA()}/sections/${sections[0].id}/draft`)
      .set('Accept', 'application/json')
      .set('X-CSRF-Token', token)
      .send({ body: 'Still writing this one' });
    expect(res.status).toBe(200);
    expect(res.body.savedAt).toEqual(expect.any(String));
    expect((await agent.get(toolkitA())).text).toContain('Still writing this one');
  });

  it('does not bring a draft back when a late autosave arrives after the entry was added', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    await postForm(agent, `${toolkitA()}/sections/${sections[0].id}/entries`, { body: 'Ask for a break at 3pm' }, toolkitA());
    await postForm(agent, `${toolkitA()}/sections/${sections[0].id}/draft`, { body: 'Ask for a break at 3pm' }, toolkitA());
    expect(await ctx.db('toolkit_drafts').where({ enrolment_id: enrolmentA })).toHaveLength(0);
  });

  it('edits an own entry in place, keeping its position', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const rows = await entriesOf(ctx.db, enrolmentA, sections[0].id);
    const id = rows[rows.length - 1].id;
    const before = await ctx.db('toolkit_entries').where({ id }).first();
    const form = await agent.get(`${toolkitA()}/entries/${id}/edit`);
    expect(form.status).toBe(200);
    const res = await postForm(agent, `${toolkitA()}/entries/${id}`, { body: 'Rewritten entry' }, `${toolkitA()}/entries/${id}/edit`);
    expect(res.status).toBe(302);
    const after = await ctx.db('toolkit_entries').where({ id }).first();
    expect(after).toMatchObject({ body: 'Rewritten entry', position: before.position });
  });

  it('autosaves an entry being edited through JSON, and refuses to blank it', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const rows = await entriesOf(ctx.db, enrolmentA, sections[0].id);
    const id = rows[0].id;
    const page = await agent.get(`${toolkitA()}/entries/${id}/edit`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const save = (body: string) =>
      agent.post(`${toolkitA()}/entries/${id}`).set('Accept', 'application/json').set('X-CSRF-Token', token).send({ body });
    const ok = await save('Autosaved while editing');
    expect(ok.status).toBe(200);
    expect(ok.body.savedAtLabel).toMatch(/^\d\d:\d\d$/);
    const empty = await save('  ');
    expect(empty.status).toBe(422);
    expect((await ctx.db('toolkit_entries').where({ id }).first()).body).toBe('Autosaved while editing');
    await save(rows[0].body);
  });

  it('refuses an empty entry with a message next to the field', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await postForm(agent, `${toolkitA()}/sections/${sections[0].id}/entries`, { body: '   ' }, toolkitA());
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please write something for this entry.');
  });

  it('refuses an over-long edit without JavaScript at the field, keeping what was typed and the entry as it was', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const rows = await entriesOf(ctx.db, enrolmentA, sections[0].id);
    const { id, body } = rows[rows.length - 1];
    const url = `${toolkitA()}/entries/${id}`;
    const typed = `Typed <em>at length</em> ${'word '.repeat(MAX_ENTRY_LENGTH / 5)}`;
    const res = await postForm(agent, url, { body: typed }, `${url}/edit`);
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="entry-edit-body-error"');
    expect(res.text).toContain('Please keep an entry to at most 2,000 characters.');
    expect(res.text).toContain('Typed &lt;em&gt;at length&lt;/em&gt; word word');
    expect((await ctx.db('toolkit_entries').where({ id }).first()).body).toBe(body);
  });

  it('refuses an over-long draft, by JSON and by form, keeping the text on the page', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = `${toolkitA()}/sections/${sections[0].id}/draft`;
    const long = 'x'.repeat(MAX_ENTRY_LENGTH + 1);
    const page = await agent.get(toolkitA());
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const json = await agent.post(url).set('Accept', 'application/json').set('X-CSRF-Token', token).send({ body: long });
    expect(json.status).toBe(422);
    expect(json.body.error).toContain('Please keep an entry to at most 2,000 characters.');
    const form = await postForm(agent, url, { body: `Kept draft ${long}` }, toolkitA());
    expect(form.status).toBe(422);
    expect(form.text).toContain('Kept draft xxx');
    expect(await ctx.db('toolkit_drafts').where({ enrolment_id: enrolmentA, toolkit_section_id: sections[0].id }).whereRaw('length(body) > ?', [MAX_ENTRY_LENGTH])).toHaveLength(0);
  });

  it('refuses an entry in a locked section, saying when it opens', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await postForm(agent, `${toolkitA()}/sections/${sections[1].id}/entries`, { body: 'Too early' }, toolkitA());
    expect(res.status).toBe(403);
    expect(res.text).toContain('opens on');
    expect(await entriesOf(ctx.db, enrolmentA, sections[1].id)).toHaveLength(0);
  });

  it('adds a reading suggestion once, however often it is clicked, and returns to the page it came from', async () => {
    const agent = await signIn(ctx.app, cast.learnerB);
    const suggestion = await ctx.db('reading_suggestions as rs').join('readings as r', 'r.id', 'rs.reading_id')
      .join('course_modules as cm', 'cm.id', 'r.course_module_id').where({ 'cm.course_id': cast.course.id, 'rs.text': 'Suggestion 1' }).select('rs.id').first();
    const url = `/sessions/${cast.sessionB.id}/toolkit/suggestions/${suggestion.id}`;
    const first = await postForm(agent, url, { returnTo: `/sessions/${cast.sessionB.id}/weeks/1` });
    expect(first.headers.location).toBe(`/sessions/${cast.sessionB.id}/weeks/1`);
    await postForm(agent, url, {});
    const entries = await entriesOf(ctx.db, enrolmentB, sections[0].id);
    expect(entries.map((e) => e.body)).toEqual(['Suggestion 1']);
  });

  it('answers 404 to a suggestion of another course', async () => {
    const other = await createCourse(ctx.db);
    const foreign = await ctx.db('reading_suggestions as rs').join('readings as r', 'r.id', 'rs.reading_id')
      .join('course_modules as cm', 'cm.id', 'r.course_module_id').where('cm.course_id', other.id).select('rs.id').first();
    const agent = await signIn(ctx.app, cast.learnerB);
    const res = await postForm(agent, `/sessions/${cast.sessionB.id}/toolkit/suggestions/${foreign.id}`, {});
    expect(res.status).toBe(404);
  });
});

describe('toolkit privacy', () => {
  it.each([
    ['the learner of another session', 'learnerB'],
    ['the session’s own instructor', 'instructorA'],
    ['an admin', 'admin'],
  ] as const)('answers 404 to %s for the toolkit page, print page and PDF', async (_label, who) => {
    const agent = await signIn(ctx.app, cast[who]);
    for (const url of [toolkitA(), `${toolkitA()}/print`, `${toolkitA()}.pdf`, `${toolkitA()}/entries/${entryA}/edit`]) {
      const res = await agent.get(url);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Secret sign of learner A');
    }
  });

  it('answers 404 when another learner uses an entry id of learner A through their own session, and changes nothing', async () => {
    const agent = await signIn(ctx.app, cast.learnerB);
    const own = `/sessions/${cast.sessionB.id}/toolkit`;
    expect((await agent.get(`${own}/entries/${entryA}/edit`)).status).toBe(404);
    expect((await postForm(agent, `${own}/entries/${entryA}`, { body: 'overwritten' }, own)).status).toBe(404);
    expect((await postForm(agent, `${own}/entries/${entryA}/move`, { direction: 'down' }, own)).status).toBe(404);
    expect((await postForm(agent, `${own}/entries/${entryA}/delete`, {}, own)).status).toBe(404);
    expect((await postForm(agent, `${own}/sections/999999/entries`, { body: 'x' }, own)).status).toBe(404);
    const row = await ctx.db('toolkit_entries').where({ id: entryA }).first();
    expect(row.body).toBe('Secret sign of learner A');
  });

  it('shows instructors a section only after the learner shares it, and only to that session’s instructors', async () => {
    const sharedUrl = `${toolkitA()}/shared/${enrolmentA}`;
    const instructor = await signIn(ctx.app, cast.instructorA);
    expect((await instructor.get(sharedUrl)).status).toBe(404);

    const learner = await signIn(ctx.app, cast.learnerA);
    await postForm(learner, `${toolkitA()}/sections/${sections[0].id}/share`, { shared: 'yes' }, toolkitA());
    const res = await instructor.get(sharedUrl);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Secret sign of learner A');
    // Shared with the instructors, not with the admins: an admin who does not teach the session gets 404.
    const admin = await signIn(ctx.app, cast.admin);
    const byAdmin = await admin.get(sharedUrl);
    expect(byAdmin.status).toBe(404);
    expect(byAdmin.text).not.toContain('Secret sign of learner A');
    expect((await (await signIn(ctx.app, cast.instructorB)).get(sharedUrl)).status).toBe(404);
    expect((await (await signIn(ctx.app, cast.learnerB)).get(sharedUrl)).status).toBe(404);
    // Shared with the instructors, not with the cohort: a classmate in the same session gets 404 too.
    const classmate = await createUser(ctx.db, { name: 'Cora Classmate' });
    await enrol(ctx.db, cast.sessionA.id, classmate.id);
    expect((await (await signIn(ctx.app, classmate)).get(sharedUrl)).status).toBe(404);
    await ctx.db('enrolments').where({ user_id: classmate.id }).delete(); // the cohort the next tests count stays as it was
    // Learner B shares with their own session's instructor; through session A's address it is not there.
    const toolkitB = `/sessions/${cast.sessionB.id}/toolkit`;
    await postForm(await signIn(ctx.app, cast.learnerB), `${toolkitB}/sections/${sections[0].id}/share`, { shared: 'yes' }, toolkitB);
    expect((await (await signIn(ctx.app, cast.instructorB)).get(`${toolkitB}/shared/${enrolmentB}`)).status).toBe(200);
    expect((await instructor.get(`${toolkitA()}/shared/${enrolmentB}`)).status).toBe(404);
    expect((await (await signIn(ctx.app, cast.admin)).get(`${toolkitA()}/shared/${enrolmentB}`)).status).toBe(404);

    await postForm(learner, `${toolkitA()}/sections/${sections[0].id}/share`, { shared: 'no' }, toolkitA());
    expect((await instructor.get(sharedUrl)).status).toBe(404);
  });

  it('shows a shared section to an admin once they are an instructor of the session, and only of that session', async () => {
    const sharedUrl = `${toolkitA()}/shared/${enrolmentA}`;
    const learner = await signIn(ctx.app, cast.learnerA);
    await postForm(learner, `${toolkitA()}/sections/${sections[0].id}/share`, { shared: 'yes' }, toolkitA());
    const toolkitB = `/sessions/${cast.sessionB.id}/toolkit`;
    await postForm(await signIn(ctx.app, cast.learnerB), `${toolkitB}/sections/${sections[0].id}/share`, { shared: 'yes' }, toolkitB);
    const admin = await signIn(ctx.app, cast.admin);
    expect((await admin.get(sharedUrl)).status).toBe(404);
    await assignInstructor(ctx.db, cast.sessionA.id, cast.admin.id);
    try {
      const res = await admin.get(sharedUrl);
      expect(res.status).toBe(200);
      expect(res.text).toContain('Secret sign of learner A');
      // Teaching session A opens nothing of session B.
      expect((await admin.get(`${toolkitB}/shared/${enrolmentB}`)).status).toBe(404);
      expect((await admin.get(`${toolkitA()}/shared/${enrolmentB}`)).status).toBe(404);
    } finally {
      await ctx.db('session_instructors').where({ course_session_id: cast.sessionA.id, user_id: cast.admin.id }).delete();
      await postForm(learner, `${toolkitA()}/sections/${sections[0].id}/share`, { shared: 'no' }, toolkitA());
    }
  });

  it('shows staff, on every page they may open, the words of the sections a learner shares only where those who teach read them, and never a private section’s', async () => {
    // Learner A of this world shares the first section (SECRET.toolkit) and keeps the second to themselves.
    const world = await createWorld(ctx.db, ctx.storage);
    const [, privateSection] = await toolkitSectionsOf(ctx.db, world.course.id);
    await addToolkitEntries(ctx.db, world.enrolmentA, privateSection.id, [PRIVATE.entry]);
    await ctx.db('toolkit_drafts').insert({ enrolment_id: world.enrolmentA, toolkit_section_id: privateSection.id, body: PRIVATE.draft });
    await ctx.db('toolkit_texts_set_aside').insert({ enrolment_id: world.enrolmentA, toolkit_section_id: privateSection.id, text: PRIVATE.setAside });
    const sharedPage = `/sessions/${world.sessionA.id}/toolkit/shared/${world.enrolmentA}`;
    const routes = listRoutes(ctx.app).filter((r) => r.method === 'GET' && classOf(r));

    const seen: Record<string, { privateWords: string[]; sharedOn: string[]; visited: string[] }> = {};
    for (const [actor, user] of [['instructor', world.instructorA], ['admin', world.admin]] as const) {
      const agent = await signIn(ctx.app, user);
      const found = (seen[actor] = { privateWords: [] as string[], sharedOn: [] as string[], visited: [] as string[] });
      for (const route of routes.filter((r) => ['ok', 'any'].includes(CLASSES[classOf(r)!][actor]))) {
        const url = fillPath(route, world);
        const res = await agent.get(url).redirects(0);
        if (res.status < 400) found.visited.push(route.path);
        const text = res.text ?? (Buffer.isBuffer(res.body) ? res.body.toString('latin1') : '');
        for (const word of Object.values(PRIVATE)) if (text.includes(word)) found.privateWords.push(`${word} on ${url}`);
        if (text.includes(SECRET.toolkit)) found.sharedOn.push(url);
      }
    }
    // The pages that speak of the toolkit were among those read.
    for (const page of ['/sessions/:id/progress', '/sessions/:id/progress.csv']) expect(seen.admin.visited).toContain(page);
    expect(seen.instructor.visited).toEqual(expect.arrayContaining(['/sessions/:id/progress', '/sessions/:id/toolkit/shared/:enrolmentId']));
    expect(seen.instructor.privateWords).toEqual([]);
    expect(seen.admin.privateWords).toEqual([]);
    expect(seen.instructor.sharedOn).toEqual([sharedPage]);
    expect(seen.admin.sharedOn).toEqual([]);
  }, 180_000);

  it('gives staff on the progress table how many toolkit sections each learner has filled by the course’s rule', async () => {
    const staff = await signIn(ctx.app, cast.instructorA);
    const toolkitCell = async () => {
      const page = (await staff.get(`/sessions/${cast.sessionA.id}/progress`)).text;
      const header = [...page.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);
      const row = page.split('<th scope="row">').find((r) => r.startsWith(cast.learnerA.name))!;
      const cells = [...row.matchAll(/<td class="cell-(?:done|open)">([^<]*)<\/td>/g)].map((m) => m[1]);
      // The first column heads the names; the cells follow the rule columns.
      return cells[header.indexOf('Toolkit sections') - 1];
    };
    // Learner A has entries in the first section and none in the second.
    expect(await toolkitCell()).toBe('1/2');
    await ctx.db('courses').where({ id: cast.course.id }).update({ completion_rules: JSON.stringify({ toolkitEntriesPerSection: 5 }) });
    try {
      expect(await toolkitCell()).toBe('0/2');
    } finally {
      await ctx.db('courses').where({ id: cast.course.id }).update({ completion_rules: JSON.stringify({ toolkitEntriesPerSection: 1 }) });
    }
  });
});
