import { DateTime } from 'luxon';
import { renderMarkdown } from '../../src/lib/markdown';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { type Agent, decode, postForm, readable, signIn } from '../helpers/http';
import { enrolmentIdOf, pdfBytes, readingOf } from '../helpers/reflections-factories';
import { addToolkitEntries, toolkitSectionsOf } from '../helpers/toolkit-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const progressCount = async (enrolmentId: number) => Number((await ctx.db('reading_progress').where({ enrolment_id: enrolmentId }).count('* as n'))[0].n);

describe('week page', () => {
  it('shows an open week: summary, readings with the content note before the text, exercise, discussion and toolkit sections', async () => {
    const c = await createCohorts(ctx.db);
    const reading = await readingOf(ctx.db, c.course.id, 1);
    await ctx.db('readings').where({ id: reading.id }).update({ content_note: 'Mentions a patron’s death.' });
    const agent = await signIn(ctx.app, c.learnerA);
    const res = await agent.get(`/sessions/${c.sessionA.id}/weeks/1`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Week 1 summary.');
    expect(res.text).toContain('Reading 1');
    expect(res.text).toContain('About 10 minutes');
    expect(res.text).toContain('About 1 hour in all this week.');
    await ctx.db('course_modules').where({ course_id: c.course.id, week: 1 }).update({ estimated_minutes: 225 });
    expect((await agent.get(`/sessions/${c.sessionA.id}/weeks/1`)).text).toContain('About 3 hours and 45 minutes in all this week.');
    expect(res.text).toContain('<details class="content-note"');
    expect(res.text.indexOf('Mentions a patron’s death.')).toBeLessThan(res.text.indexOf('Reading 1 body.'));
    expect(res.text).toContain('Prompt 1.');
    expect(res.text).toContain(`href="/sessions/${c.sessionA.id}/weeks/1/reflection"`);
    expect(res.text).toContain(`href="/sessions/${c.sessionA.id}/weeks/1/discussion"`);
    expect(res.text).toContain('Section 1');
    expect(res.text).toContain(`href="/sessions/${c.sessionA.id}/toolkit"`);
    expect(res.text).toContain(`action="/sessions/${c.sessionA.id}/readings/${reading.id}/done"`);
  });

  it('places the headings inside a reading one level below its title, and inside the exercise prompt below its heading', async () => {
    const c = await createCohorts(ctx.db);
    const reading = await readingOf(ctx.db, c.course.id, 1);
    await ctx.db('readings').where({ id: reading.id }).update({ body_html: renderMarkdown('## Before you start\n\nText.\n\n### A closer look\n\nMore.') });
    const module = await ctx.db('course_modules').where({ course_id: c.course.id, week: 1 }).first('id');
    await ctx.db('exercises').where({ course_module_id: module.id }).update({ prompt_html: renderMarkdown('### Think about\n\nA shift.') });
    const agent = await signIn(ctx.app, c.learnerA);
    const res = await agent.get(`/sessions/${c.sessionA.id}/weeks/1`);
    expect(res.text).toContain(`<h3 id="reading-${reading.id}-title">Reading 1</h3>`);
    expect(res.text).toContain('<h4>Before you start</h4>');
    expect(res.text).toContain('<h5>A closer look</h5>');
    expect(res.text).toMatch(/<h2>Reflective exercise: [^<]*<\/h2>\s*<div class="prose"><h3>Think about<\/h3>/);
  });

  it('offers each reading suggestion with an "Add to my toolkit" button that adds it to the matching section', async () => {
    const c = await createCohorts(ctx.db);
    const reading = await readingOf(ctx.db, c.course.id, 1);
    const agent = await signIn(ctx.app, c.learnerA);
    const page = await agent.get(`/sessions/${c.sessionA.id}/weeks/1`);
    expect(page.text).toContain('Suggestion 1');
    const action = new RegExp(`action="(/sessions/${c.sessionA.id}/toolkit/suggestions/\\d+)"`).exec(page.text)![1];
    const res = await postForm(agent, action, { returnTo: `/sessions/${c.sessionA.id}/weeks/1#reading-${reading.id}` }, `/sessions/${c.sessionA.id}/weeks/1`);
    expect(res.status).toBe(302);
    const entries = await ctx.db('toolkit_entries').where({ enrolment_id: await enrolmentIdOf(ctx.db, c.sessionA.id, c.learnerA.id) });
    expect(entries.map((e) => e.body)).toEqual(['Suggestion 1']);
    const staff = await signIn(ctx.app, c.instructorA);
    expect((await staff.get(`/sessions/${c.sessionA.id}/weeks/1`)).text).not.toContain('Add to my toolkit');
  });

  it('shows how many discussion posts on the week’s board are new to the learner', async () => {
    const c = await createCohorts(ctx.db);
    const peer = await createUser(ctx.db);
    await enrol(ctx.db, c.sessionA.id, peer.id);
    const module = await ctx.db('course_modules').where({ course_id: c.course.id, week: 1 }).first('id');
    const [thread] = await ctx.db('discussion_threads').insert({ course_session_id: c.sessionA.id, course_module_id: module.id, author_id: peer.id, title: 'Hello' }).returning('id');
    await ctx.db('discussion_posts').insert([1, 2].map((n) => ({ thread_id: thread.id, author_id: peer.id, body_md: `p${n}`, body_html: `<p>p${n}</p>` })));
    const agent = await signIn(ctx.app, c.learnerA);
    expect((await agent.get(`/sessions/${c.sessionA.id}/weeks/1`)).text).toContain('new posts in 1 thread');
    const other = await signIn(ctx.app, c.learnerB);
    expect((await other.get(`/sessions/${c.sessionB.id}/weeks/1`)).text).not.toContain('new posts in');
  });

  it('tells a learner opening a locked week by URL when it opens, showing none of its content', async () => {
    const c = await createCohorts(ctx.db);
    const session = await ctx.db('course_sessions').where({ id: c.sessionA.id }).first();
    const opensOn = DateTime.fromJSDate(session.starts_at, { zone: session.time_zone }).plus({ days: 7 }).toFormat('cccc d LLLL yyyy');
    const agent = await signIn(ctx.app, c.learnerA);
    const res = await agent.get(`/sessions/${c.sessionA.id}/weeks/2`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`This week opens on ${opensOn}.`);
    expect(res.text).not.toContain('We could not find that page');
    for (const content of ['Week 2 summary.', 'Reading 2', 'Prompt 2.', 'Section 2', '/done"', '/discussion"']) expect(res.text).not.toContain(content);
  });

  it('answers 404 to a week the course lacks', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    expect((await agent.get(`/sessions/${c.sessionA.id}/weeks/7`)).status).toBe(404);
    expect((await agent.get(`/sessions/${c.sessionA.id}/weeks/0`)).status).toBe(404);
    expect((await agent.get(`/sessions/${c.sessionA.id}/weeks/x`)).status).toBe(404);
  });

  it('keeps every week locked for learners of a session that has not started', async () => {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo: -3 });
    const learner = await createUser(ctx.db);
    await enrol(ctx.db, session.id, learner.id);
    const agent = await signIn(ctx.app, learner);
    const res = await agent.get(`/sessions/${session.id}/weeks/1`);
    expect(res.text).toContain('This week opens on');
    expect(res.text).not.toContain('Week 1 summary.');
  });

  it('lets staff of the session read a locked week', async () => {
    const c = await createCohorts(ctx.db);
    for (const user of [c.instructorA, c.admin]) {
      const agent = await signIn(ctx.app, user);
      const res = await agent.get(`/sessions/${c.sessionA.id}/weeks/2`);
      expect(res.status).toBe(200);
      expect(res.text).toContain('still locked for learners');
      expect(res.text).not.toContain('/done"');
      expect(readable(res.text)).toContain('This week adds to these parts of each learner’s toolkit');
      expect(res.text).not.toContain('Open your toolkit');
      expect(res.text).not.toContain(`href="/sessions/${c.sessionA.id}/toolkit"`);
      // The way to this week's reflections opens the feedback queue at this week: for those who teach the session only.
      const queue = `<a href="/sessions/${c.sessionA.id}/feedback?week=2">See submitted reflections in the feedback queue</a>`;
      if (user === c.admin) {
        expect(res.text).not.toContain(queue);
        expect(readable(res.text)).toContain('Reflections are read by the session’s instructors only.');
      } else {
        expect(res.text).toContain(queue);
      }
    }
  });

  it('answers 404 to a learner or instructor of another session', async () => {
    const c = await createCohorts(ctx.db);
    for (const user of [c.learnerB, c.instructorB]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(`/sessions/${c.sessionA.id}/weeks/1`)).status).toBe(404);
    }
  });
});

describe('marking readings done', () => {
  it('marks a reading done and undoes it, both idempotent', async () => {
    const c = await createCohorts(ctx.db);
    const enrolmentId = await enrolmentIdOf(ctx.db, c.sessionA.id, c.learnerA.id);
    const reading = await readingOf(ctx.db, c.course.id, 1);
    const agent = await signIn(ctx.app, c.learnerA);
    const url = `/sessions/${c.sessionA.id}/readings/${reading.id}`;
    const first = await postForm(agent, `${url}/done`, {});
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe(`/sessions/${c.sessionA.id}/weeks/1#reading-${reading.id}-status`);
    expect((await postForm(agent, `${url}/done`, {})).status).toBe(302);
    expect(await progressCount(enrolmentId)).toBe(1);
    const page = await agent.get(`/sessions/${c.sessionA.id}/weeks/1`);
    expect(page.text).toContain(`action="${url}/undone"`);
    expect(page.text).toContain('1 of 1 readings done');
    expect((await postForm(agent, `${url}/undone`, {})).status).toBe(302);
    expect((await postForm(agent, `${url}/undone`, {})).status).toBe(302);
    expect(await progressCount(enrolmentId)).toBe(0);
  });

  it('refuses a reading of a locked week, of another course, and staff, with 404', async () => {
    const c = await createCohorts(ctx.db);
    const enrolmentId = await enrolmentIdOf(ctx.db, c.sessionA.id, c.learnerA.id);
    const locked = await readingOf(ctx.db, c.course.id, 2);
    const other = await createCourse(ctx.db);
    const foreign = await readingOf(ctx.db, other.id, 1);
    const agent = await signIn(ctx.app, c.learnerA);
    expect((await postForm(agent, `/sessions/${c.sessionA.id}/readings/${locked.id}/done`, {})).status).toBe(404);
    expect((await postForm(agent, `/sessions/${c.sessionA.id}/readings/${foreign.id}/done`, {})).status).toBe(404);
    expect(await progressCount(enrolmentId)).toBe(0);
    const learnerB = await signIn(ctx.app, c.learnerB);
    const open = await readingOf(ctx.db, c.course.id, 1);
    expect((await postForm(learnerB, `/sessions/${c.sessionA.id}/readings/${open.id}/done`, {})).status).toBe(404);
    const instructor = await signIn(ctx.app, c.instructorA);
    expect((await postForm(instructor, `/sessions/${c.sessionA.id}/readings/${open.id}/done`, {})).status).toBe(404);
    expect(await ctx.db('reading_progress').where({ reading_id: open.id }).count('* as n')).toEqual([{ n: 0 }]);
  });
});

/** The element with this id, as the page has it: its tag, its attributes, and its text. */
function elementById(html: string, id: string) {
  const match = new RegExp(`<(\\w+)([^>]*\\sid="${id}"[^>]*)>([^<]*)<`).exec(html);
  return match ? { tag: match[1], attrs: match[2], text: decode(match[3]).trim() } : undefined;
}

const occurrences = (html: string, text: string) => decode(html).split(text).length - 1;

/** The "Add to my toolkit" form of one idea on a week page: where it posts and the page it returns to. */
function addFormOf(html: string, suggestionId: number) {
  const form = new RegExp(`<form method="post" action="([^"]*/toolkit/suggestions/${suggestionId})"[^>]*>[\\s\\S]*?</form>`).exec(html);
  if (!form) return undefined;
  return { action: form[1], returnTo: decode(/name="returnTo" value="([^"]*)"/.exec(form[0])![1]) };
}

describe('confirmations where the reader pressed the button', () => {
  async function weekOne() {
    const c = await createCohorts(ctx.db);
    const reading = await readingOf(ctx.db, c.course.id, 1);
    const suggestion = await ctx.db('reading_suggestions').where({ reading_id: reading.id }).first('id');
    const agent = await signIn(ctx.app, c.learnerA);
    return { c, reading, suggestionId: suggestion.id as number, agent, page: `/sessions/${c.sessionA.id}/weeks/1` };
  }
  const get = async (agent: Agent, url: string) => (await agent.get(url)).text;

  it('returns to a focusable confirmation beside the reading’s button after “Mark as done” and “Undo”, shown once and not at the top', async () => {
    const { c, reading, agent, page } = await weekOne();
    const url = `/sessions/${c.sessionA.id}/readings/${reading.id}`;
    const done = await postForm(agent, `${url}/done`, {}, page);
    expect(done.headers.location).toBe(`${page}#reading-${reading.id}-status`);

    const html = await get(agent, page);
    const notice = elementById(html, `reading-${reading.id}-status`);
    expect(notice).toMatchObject({ tag: 'p', text: 'Marked as done. Well done.' });
    expect(notice!.attrs).toContain('role="status"');
    expect(notice!.attrs).toContain('tabindex="-1"');
    // Inside the reading, just before the button that now reads "Undo"; and only there.
    const at = html.indexOf(`id="reading-${reading.id}-status"`);
    expect(at).toBeGreaterThan(html.indexOf(`id="reading-${reading.id}-title"`));
    expect(at).toBeLessThan(html.indexOf(`action="${url}/undone"`));
    expect(occurrences(html, 'Marked as done. Well done.')).toBe(1);
    expect(await get(agent, page)).not.toContain('Marked as done. Well done.');

    const undone = await postForm(agent, `${url}/undone`, {}, page);
    expect(undone.headers.location).toBe(`${page}#reading-${reading.id}-status`);
    const after = await get(agent, page);
    expect(elementById(after, `reading-${reading.id}-status`)).toMatchObject({ text: 'Marked as not done yet.' });
    expect(occurrences(after, 'Marked as not done yet.')).toBe(1);
  });

  it('returns to the idea after “Add to my toolkit”, with the confirmation beside it instead of at the top', async () => {
    const { suggestionId, agent, page } = await weekOne();
    const form = addFormOf(await get(agent, page), suggestionId)!;
    expect(form.returnTo).toBe(`${page}#suggestion-${suggestionId}-status`);
    const res = await postForm(agent, form.action, { returnTo: form.returnTo }, page);
    expect(res.headers.location).toBe(`${page}#suggestion-${suggestionId}-status`);

    const html = await get(agent, page);
    const notice = elementById(html, `suggestion-${suggestionId}-status`);
    expect(notice).toMatchObject({ tag: 'p', text: 'Added to “Section 1” in your toolkit.' });
    expect(notice!.attrs).toContain('tabindex="-1"');
    // Just before the idea it tells about, in the same item of the list.
    expect(html).toMatch(new RegExp(`<li>\\s*<p [^>]*id="suggestion-${suggestionId}-status"[^>]*>[^<]*</p>\\s*Suggestion 1\\s*<`));
    expect(occurrences(html, 'Added to “Section 1” in your toolkit.')).toBe(1);
  });

  it('shows a message at the top of the page when the page has no place for it, and never shows it twice', async () => {
    const { c, reading, suggestionId, agent, page } = await weekOne();
    // A return address whose place this page does not have: the message keeps to the top.
    await postForm(agent, `/sessions/${c.sessionA.id}/toolkit/suggestions/${suggestionId}`, { returnTo: `${page}#elsewhere` }, page);
    const html = await get(agent, page);
    expect(readable(html)).toContain('<div class="notice notice-success" role="status">Added to “Section 1” in your toolkit.</div>');
    expect(occurrences(html, 'Added to “Section 1” in your toolkit.')).toBe(1);

    // A message read on another page first is not shown again on the week page.
    await postForm(agent, `/sessions/${c.sessionA.id}/readings/${reading.id}/done`, {}, page);
    expect(await get(agent, '/dashboard')).toContain('Marked as done. Well done.');
    expect(await get(agent, page)).not.toContain('Marked as done. Well done.');
  });
});

describe('ideas already in the learner’s toolkit', () => {
  it('shows “In your toolkit” instead of the button for an idea the learner has added, however it was added', async () => {
    const c = await createCohorts(ctx.db);
    const reading = await readingOf(ctx.db, c.course.id, 1);
    const suggestion = await ctx.db('reading_suggestions').where({ reading_id: reading.id }).first('id');
    const page = `/sessions/${c.sessionA.id}/weeks/1`;
    const agent = await signIn(ctx.app, c.learnerA);
    const before = await agent.get(page);
    expect(addFormOf(before.text, suggestion.id)).toBeDefined();
    expect(before.text).not.toContain('In your toolkit');

    const form = addFormOf(before.text, suggestion.id)!;
    await postForm(agent, form.action, { returnTo: form.returnTo }, page);
    const after = await agent.get(page);
    expect(addFormOf(after.text, suggestion.id)).toBeUndefined();
    expect(after.text).toMatch(/Suggestion 1\s*<span class="badge badge-good">In your toolkit<\/span>/);

    // Another learner of the session, with the same words in another section only, can still add it.
    const peer = await createUser(ctx.db);
    const peerEnrolment = await enrol(ctx.db, c.sessionA.id, peer.id);
    const [, section2] = await toolkitSectionsOf(ctx.db, c.course.id);
    await addToolkitEntries(ctx.db, peerEnrolment, section2.id, ['Suggestion 1']);
    const peerPage = await (await signIn(ctx.app, peer)).get(page);
    expect(addFormOf(peerPage.text, suggestion.id)).toBeDefined();
    expect(peerPage.text).not.toContain('In your toolkit');

    // Written on the toolkit page in the idea’s own section, it counts as added too.
    const [section1] = await toolkitSectionsOf(ctx.db, c.course.id);
    await addToolkitEntries(ctx.db, peerEnrolment, section1.id, ['Suggestion 1']);
    expect(addFormOf((await (await signIn(ctx.app, peer)).get(page)).text, suggestion.id)).toBeUndefined();
  });

  it('offers the button again once the learner deletes the entry', async () => {
    const c = await createCohorts(ctx.db);
    const reading = await readingOf(ctx.db, c.course.id, 1);
    const suggestion = await ctx.db('reading_suggestions').where({ reading_id: reading.id }).first('id');
    const enrolmentId = await enrolmentIdOf(ctx.db, c.sessionA.id, c.learnerA.id);
    const [section1] = await toolkitSectionsOf(ctx.db, c.course.id);
    const [entryId] = await addToolkitEntries(ctx.db, enrolmentId, section1.id, ['Suggestion 1']);
    const agent = await signIn(ctx.app, c.learnerA);
    const page = `/sessions/${c.sessionA.id}/weeks/1`;
    expect(addFormOf((await agent.get(page)).text, suggestion.id)).toBeUndefined();
    await postForm(agent, `/sessions/${c.sessionA.id}/toolkit/entries/${entryId}/delete`, {}, page);
    expect(addFormOf((await agent.get(page)).text, suggestion.id)).toBeDefined();
  });
});

describe('reading attachments', () => {
  async function attach(readingId: number, name: string) {
    const bytes = pdfBytes(name);
    const key = await ctx.storage.put(bytes);
    const [row] = await ctx.db('reading_files')
      .insert({ reading_id: readingId, storage_key: key, original_name: name, content_type: 'application/pdf', size_bytes: bytes.length })
      .returning(['id']);
    return row.id as number;
  }

  it('lists a reading’s files on the week page and serves them as attachments to the session’s people', async () => {
    const c = await createCohorts(ctx.db);
    const reading = await readingOf(ctx.db, c.course.id, 1);
    const fileId = await attach(reading.id, 'handout.pdf');
    const url = `/sessions/${c.sessionA.id}/readings/${reading.id}/files/${fileId}`;
    const learner = await signIn(ctx.app, c.learnerA);
    expect((await learner.get(`/sessions/${c.sessionA.id}/weeks/1`)).text).toContain(`href="${url}"`);
    const res = await learner.get(url);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?handout\.pdf"?$/);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect((await (await signIn(ctx.app, c.instructorA)).get(url)).status).toBe(200);
  });

  it('answers 404 for a locked week’s file, a mismatched reading id and another session’s people', async () => {
    const c = await createCohorts(ctx.db);
    const open = await readingOf(ctx.db, c.course.id, 1);
    const locked = await readingOf(ctx.db, c.course.id, 2);
    const lockedFile = await attach(locked.id, 'later.pdf');
    const openFile = await attach(open.id, 'now.pdf');
    const learner = await signIn(ctx.app, c.learnerA);
    expect((await learner.get(`/sessions/${c.sessionA.id}/readings/${locked.id}/files/${lockedFile}`)).status).toBe(404);
    expect((await learner.get(`/sessions/${c.sessionA.id}/readings/${open.id}/files/${lockedFile}`)).status).toBe(404);
    for (const user of [c.learnerB, c.instructorB]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(`/sessions/${c.sessionA.id}/readings/${open.id}/files/${openFile}`)).status).toBe(404);
    }
  });
});
