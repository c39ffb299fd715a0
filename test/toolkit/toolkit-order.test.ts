import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { csrfFrom, decode, signIn, type Agent } from '../helpers/http';
import { addToolkitEntries, enrolmentOf, entriesOf, toolkitSectionsOf } from '../helpers/toolkit-factories';

let ctx: TestContext;
let cast: Awaited<ReturnType<typeof createCohorts>>;
let sectionId: number;
let enrolmentId: number;
let agent: Agent;
let token: string;
const base = () => `/sessions/${cast.sessionA.id}/toolkit`;

beforeAll(async () => {
  ctx = await createTestContext();
  cast = await createCohorts(ctx.db);
  sectionId = (await toolkitSectionsOf(ctx.db, cast.course.id))[0].id;
  enrolmentId = await enrolmentOf(ctx.db, cast.sessionA.id, cast.learnerA.id);
  agent = await signIn(ctx.app, cast.learnerA);
  token = await csrfFrom(agent, base());
});
afterAll(() => ctx.close());

beforeEach(async () => {
  await ctx.db('toolkit_entries').where({ enrolment_id: enrolmentId }).delete();
});

const move = (entryId: number, direction: 'up' | 'down', position?: number) =>
  agent.post(`${base()}/entries/${entryId}/move`).type('form').send({ _csrf: token, direction, ...(position ? { position: String(position) } : {}) });
const bodies = async () => (await entriesOf(ctx.db, enrolmentId, sectionId)).map((e) => e.body);

const noticeIn = (html: string, entryId: number) => {
  const match = new RegExp(`<p ([^>]*\\sid="entry-${entryId}-status"[^>]*)>([^<]*)</p>`).exec(html);
  return match ? { attrs: match[1], text: decode(match[2]) } : undefined;
};

function expectUniquePositions(entries: { position: number }[]) {
  expect(new Set(entries.map((e) => e.position)).size).toBe(entries.length);
  for (const e of entries) expect(e.position).toBeGreaterThan(0);
}

describe('moving entries', () => {
  it('moves an entry up and down by swapping it with its neighbour', async () => {
    const [a, b, c] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B', 'C']);
    expect((await move(c, 'up', 3)).status).toBe(302);
    expect(await bodies()).toEqual(['A', 'C', 'B']);
    await move(a, 'down', 1);
    expect(await bodies()).toEqual(['C', 'A', 'B']);
    expect(b).toBeGreaterThan(0);
  });

  it('moves only once on a double click: the second request sees the entry has already moved', async () => {
    const [, , c] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B', 'C']);
    const [first, second] = await Promise.all([move(c, 'up', 3), move(c, 'up', 3)]);
    expect([first.status, second.status]).toEqual([302, 302]);
    expect(await bodies()).toEqual(['A', 'C', 'B']);
    expectUniquePositions(await entriesOf(ctx.db, enrolmentId, sectionId));
  });

  it('changes nothing from a stale page that shows the entry at an old place', async () => {
    const [a] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B', 'C']);
    await move(a, 'down', 1);
    const stale = await move(a, 'down', 1);
    expect(stale.status).toBe(302);
    expect(await bodies()).toEqual(['B', 'A', 'C']);
  });

  it('keeps positions unique and every entry when many moves race without a shown position', async () => {
    const ids = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B', 'C', 'D', 'E']);
    const moves = ids.flatMap((id, i) => [move(id, i % 2 ? 'up' : 'down'), move(id, i % 2 ? 'down' : 'up')]);
    const results = await Promise.all(moves);
    for (const r of results) expect(r.status).toBe(302);
    const after = await entriesOf(ctx.db, enrolmentId, sectionId);
    expectUniquePositions(after);
    expect(after.map((e) => e.body).sort()).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('does nothing when the first entry is moved up', async () => {
    const [a] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B']);
    await move(a, 'up', 1);
    expect(await bodies()).toEqual(['A', 'B']);
  });

  it('refuses an unknown direction without a server error', async () => {
    const [a] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B']);
    const res = await agent.post(`${base()}/entries/${a}/move`).type('form').send({ _csrf: token, direction: 'sideways' });
    expect(res.status).toBe(422);
  });
});

describe('saying what moved', () => {
  /** The confirmation in an entry of the toolkit page: its attributes and text, or undefined. */
  const occurrences = (html: string, text: string) => decode(html).split(text).length - 1;

  it('returns to the moved entry and says, in it, where it now is; once, and not at the top of the page', async () => {
    const [, , c] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B', 'Ten slow breaths before I open the doors']);
    const res = await move(c, 'up', 3);
    expect(res.headers.location).toBe(`${base()}#entry-${c}-status`);
    const html = (await agent.get(base())).text;
    const notice = noticeIn(html, c);
    expect(notice?.text).toBe('Moved up: “Ten slow breaths before I open…” is now number 2 of 3.');
    expect(notice!.attrs).toContain('role="status"');
    expect(notice!.attrs).toContain('tabindex="-1"');
    // At the top of the moved entry, so its words and buttons show below the message.
    const at = html.indexOf(`id="entry-${c}-status"`);
    expect(at).toBeGreaterThan(html.indexOf(`id="entry-${c}"`));
    expect(at).toBeLessThan(html.indexOf('Ten slow breaths before I open the doors'));
    expect(occurrences(html, 'Moved up:')).toBe(1);
    expect((await agent.get(base())).text).not.toContain('Moved up:');

    await move(c, 'down', 2);
    expect(noticeIn((await agent.get(base())).text, c)?.text).toBe('Moved down: “Ten slow breaths before I open…” is now number 3 of 3.');
  });

  it('says so in the entry when nothing moved: from a page showing an old order, or an entry already first', async () => {
    const [a] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B', 'C']);
    await move(a, 'down', 1);
    const stale = await move(a, 'down', 1);
    expect(stale.headers.location).toBe(`${base()}#entry-${a}-status`);
    expect(noticeIn((await agent.get(base())).text, a)?.text).toBe('Your entries had already changed place, so nothing moved. Here is the current order: “A” is number 2 of 3.');
    const [first] = await entriesOf(ctx.db, enrolmentId, sectionId);
    await move(first.id, 'up');
    expect(noticeIn((await agent.get(base())).text, first.id)?.text).toBe('“B” is already first, so it stays where it is.');
    expect(await bodies()).toEqual(['B', 'A', 'C']);
  });
});

describe('deleting entries', () => {
  it('deletes once on a double click, keeps the others in order, and new entries never collide', async () => {
    const [, b] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B', 'C']);
    const del = () => agent.post(`${base()}/entries/${b}/delete`).type('form').send({ _csrf: token });
    const statuses = (await Promise.all([del(), del()])).map((r) => r.status).sort();
    expect(statuses).toEqual([302, 404]);
    expect(await bodies()).toEqual(['A', 'C']);
    await agent.post(`${base()}/sections/${sectionId}/entries`).type('form').send({ _csrf: token, body: 'D' });
    const after = await entriesOf(ctx.db, enrolmentId, sectionId);
    expectUniquePositions(after);
    expect(after.map((e) => e.body)).toEqual(['A', 'C', 'D']);
    const [, c] = after;
    await move(c.id, 'up', 2);
    expect(await bodies()).toEqual(['C', 'A', 'D']);
  });

  it('adds a double-clicked new entry only once', async () => {
    const add = () => agent.post(`${base()}/sections/${sectionId}/entries`).type('form').send({ _csrf: token, body: 'Walk at lunch' });
    await Promise.all([add(), add()]);
    expect(await bodies()).toEqual(['Walk at lunch']);
  });
});

describe('drag-and-drop reorder', () => {
  const reorder = (entryIds: number[], movedEntryId?: number) =>
    agent.post(`${base()}/sections/${sectionId}/order`).set('Accept', 'application/json').set('X-CSRF-Token', token).send({ entryIds, movedEntryId });
  const sectionNoticeText = (html: string) => new RegExp(`<p [^>]*\\sid="section-${sectionId}-status"[^>]*>([^<]*)</p>`).exec(html)?.[1];

  it('saves a complete new order and says, at the dragged entry, where it went', async () => {
    const [a, b, c] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B', 'C']);
    const res = await reorder([c, a, b], c);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, anchor: `entry-${c}-status` });
    expect(await bodies()).toEqual(['C', 'A', 'B']);
    expectUniquePositions(await entriesOf(ctx.db, enrolmentId, sectionId));
    const html = (await agent.get(base())).text;
    expect(noticeIn(html, c)?.text).toBe('Moved: “C” is now number 1 of 3.');
    expect(noticeIn(html, c)?.attrs).toContain('role="status"');
    expect((await agent.get(base())).text).not.toContain('Moved:');
  });

  it('says the order is saved, at the section, when the page did not say which entry moved', async () => {
    const [a, b, c] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B', 'C']);
    const title = (await toolkitSectionsOf(ctx.db, cast.course.id))[0].title;
    const res = await reorder([b, c, a], 999999);
    expect(res.body.anchor).toBe(`section-${sectionId}-status`);
    expect(decode(sectionNoticeText((await agent.get(base())).text) ?? '')).toBe(`The new order of “${title}” is saved.`);
  });

  it('refuses an order from a stale page (missing, extra or repeated entries), changes nothing, and says why at the section', async () => {
    const [a, b, c] = await addToolkitEntries(ctx.db, enrolmentId, sectionId, ['A', 'B', 'C']);
    for (const ids of [[c, a], [c, a, b, 999999], [a, a, b]]) {
      const res = await reorder(ids, c);
      expect(res.status).toBe(409);
      expect(res.body.error).toContain('not saved');
      expect(decode(sectionNoticeText((await agent.get(base())).text) ?? '')).toBe('Your toolkit changed in another window, so the new order was not saved. The entries are shown in their order as it is now.');
    }
    expect(await bodies()).toEqual(['A', 'B', 'C']);
  });
});

describe('saying what happened to a section', () => {
  const sectionNotice = (html: string) => new RegExp(`<p ([^>]*\\sid="section-${sectionId}-status"[^>]*)>([^<]*)</p>`).exec(html);
  const post = (path: string, fields: Record<string, string>) => agent.post(`${base()}${path}`).type('form').send({ _csrf: token, ...fields });

  it('returns to the section after adding, saving, drafting or removing an entry, and says so there, above its count, once', async () => {
    const title = (await toolkitSectionsOf(ctx.db, cast.course.id))[0].title;
    const added = await post(`/sections/${sectionId}/entries`, { body: 'A walk at lunch' });
    expect(added.headers.location).toBe(`${base()}#section-${sectionId}-status`);
    let html = (await agent.get(base())).text;
    const notice = sectionNotice(html);
    expect(decode(notice![2])).toBe(`Added to “${title}”.`);
    expect(notice![1]).toContain('role="status"');
    expect(notice![1]).toContain('tabindex="-1"');
    const at = html.indexOf(`id="section-${sectionId}-status"`);
    expect(at).toBeGreaterThan(html.indexOf(`id="section-${sectionId}"`));
    expect(at).toBeLessThan(html.indexOf('class="toolkit-status"', html.indexOf(`id="section-${sectionId}"`)));
    expect(decode(html).split(`Added to “${title}”.`)).toHaveLength(2);

    const [entry] = await entriesOf(ctx.db, enrolmentId, sectionId);
    const saved = await post(`/entries/${entry.id}`, { body: 'A longer walk at lunch' });
    expect(saved.headers.location).toBe(`${base()}#section-${sectionId}-status`);
    expect(decode(sectionNotice((await agent.get(base())).text)![2])).toBe(`Your entry in “${title}” is saved.`);

    const drafted = await post(`/sections/${sectionId}/draft`, { body: 'Half a thought' });
    expect(drafted.headers.location).toBe(`${base()}#section-${sectionId}-status`);
    expect(decode(sectionNotice((await agent.get(base())).text)![2])).toBe('Your draft is saved. Add it to your toolkit when it is ready.');

    const removed = await post(`/entries/${entry.id}/delete`, {});
    expect(removed.headers.location).toBe(`${base()}#section-${sectionId}-status`);
    html = (await agent.get(base())).text;
    expect(decode(sectionNotice(html)![2])).toBe(`The entry is removed from “${title}”.`);
    expect((await agent.get(base())).text).not.toContain('is removed from');
    await ctx.db('toolkit_drafts').where({ enrolment_id: enrolmentId }).delete();
  });
  it('says a section is shared, or private again, at that section rather than at the top of a long page', async () => {
    const title = (await toolkitSectionsOf(ctx.db, cast.course.id))[0].title;
    const shared = await post(`/sections/${sectionId}/share`, { shared: 'yes' });
    expect(shared.headers.location).toBe(`${base()}#section-${sectionId}-status`);
    let html = (await agent.get(base())).text;
    expect(decode(sectionNotice(html)![2])).toBe(`Your instructors can now read “${title}”.`);
    expect(decode(html).split(`Your instructors can now read “${title}”.`)).toHaveLength(2);

    const unshared = await post(`/sections/${sectionId}/share`, { shared: 'no' });
    expect(unshared.headers.location).toBe(`${base()}#section-${sectionId}-status`);
    html = (await agent.get(base())).text;
    expect(decode(sectionNotice(html)![2])).toBe(`“${title}” is private again.`);
  });
});
