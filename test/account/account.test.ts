import request from 'supertest';
import { checkAndIssue } from '../../src/completion';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast, pdfText, unzip } from '../helpers/completion-factories';
import { emailsTo, enrolmentOf, eventsOf, lastEmailTo } from '../helpers/enrolment-factories';
import { createCourse, createSession, createUser, enrol } from '../helpers/factories';
import { type Agent, binary, csrfFrom, postForm, signIn } from '../helpers/http';
import { headingLevelsAreSound, headingsOf, readTaggedPdf } from '../helpers/tagged-pdf';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** Learner A completed, with a certificate, and a file attached to their week 1 reflection. */
async function richCast() {
  const cast = await completionCast(ctx.db);
  await completeLearnerA(ctx.db, cast);
  await checkAndIssue({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl }, cast.enrolmentA);
  const reflection = await ctx.db('reflections').where({ enrolment_id: cast.enrolmentA }).orderBy('id').first();
  const [version] = await ctx.db('reflection_versions').insert({ reflection_id: reflection.id, version: 1, text: 'My week one reflection text' }).returning('id');
  const fileBytes = Buffer.from(`notes of learner ${cast.learnerA.id}`);
  const key = await ctx.storage.put(fileBytes);
  await ctx.db('reflection_files').insert({ reflection_version_id: version.id, storage_key: key, original_name: 'notes.txt', content_type: 'text/plain', size_bytes: fileBytes.length });
  const cert = await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).first();
  return { ...cast, cert, fileBytes, key };
}

describe('the account page and transcript', () => {
  it('shows name, email and links to the transcript, data export and deletion', async () => {
    const cast = await completionCast(ctx.db);
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get('/account');
    expect(res.status).toBe(200);
    expect(res.text).toContain(cast.learnerA.name);
    expect(res.text).toContain(cast.learnerA.email);
    for (const href of ['/account/transcript', '/account/export', '/account/delete']) expect(res.text).toContain(`href="${href}"`);
  });

  it('lists every completed course with dates, contact hours and CEUs, on the page and as a PDF', async () => {
    const cast = await richCast();
    const agent = await signIn(ctx.app, cast.learnerA);
    const page = await agent.get('/account/transcript');
    expect(page.text).toContain(cast.course.data.title);
    expect(page.text).toMatch(/<td>15<\/td>\s*<td>1\.5<\/td>/);
    const pdf = await agent.get('/account/transcript.pdf').buffer(true).parse(binary);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain(cast.course.data.title);
    expect(text).toContain('1.5 CEUs, 15 contact hours');
    expect(text).toContain(cast.learnerA.name);
    const tagged = await readTaggedPdf(pdf.body as Buffer);
    expect(tagged.untagged).toEqual([]);
    expect(headingsOf(tagged)).toEqual(['H1 Continuing education transcript', `H2 ${cast.course.data.title}`]);
    expect(headingLevelsAreSound(tagged)).toBe(true);

    const other = await signIn(ctx.app, cast.learnerB);
    expect((await other.get('/account/transcript')).text).not.toContain(cast.course.data.title);
  });

  it('puts the transcript table in a labelled region that keyboard users can scroll, and says on a phone that it scrolls', async () => {
    const cast = await richCast();
    const page = (await (await signIn(ctx.app, cast.learnerA)).get('/account/transcript')).text;
    const wrap = /<div ([^>]*)>\s*<table class="table">\s*<caption>Completed courses for/.exec(page)?.[1];
    expect(wrap).toBe('class="table-wrap scroll-cue" tabindex="0" role="region" aria-label="Your completed courses"');
    expect(page).toMatch(/<p class="hint scroll-hint">Scroll the table sideways to see every column\.<\/p>\s*<div class="table-wrap scroll-cue"/);
    // The hint shows and the edges shade only where the table can be wider than the screen.
    const css = (await request(ctx.app).get('/static/css/site.css')).text;
    expect(css).toMatch(/\.scroll-hint \{ display: none; \}\s*@media \(max-width: 40rem\) \{\s*\.scroll-hint \{ display: block;[^}]*\}\s*\.table-wrap\.scroll-cue \{\s*background:/);
  });
});

describe('the data export', () => {
  it('gives a zip with everything about the learner, and their uploaded files, but nobody else’s data and no password hash', async () => {
    const cast = await richCast();
    const agent = await signIn(ctx.app, cast.learnerA);
    // A calendar link is a live secret: the export, a file kept anywhere, leaves it out.
    const calendarToken = 'calendarlinksecret0123456789abcd';
    await ctx.db('enrolments').where({ id: cast.enrolmentA }).update({ calendar_token: calendarToken });
    const res = await agent.get('/account/export').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const files = unzip(res.body as Buffer);
    const json = JSON.parse(files['kindred-data.json'].toString('utf8'));
    expect(json.account).toMatchObject({ id: cast.learnerA.id, email: cast.learnerA.email, name: cast.learnerA.name });
    const data = json.data as Record<string, Record<string, unknown>[]>;
    expect(data.enrolments.map((e) => e.id)).toEqual([cast.enrolmentA]);
    expect(data.reading_progress.length).toBeGreaterThan(0);
    expect(data.reflections.length).toBe(2);
    expect(data.reflection_versions[0].text).toBe('My week one reflection text');
    expect(data.toolkit_entries.length).toBe(2);
    expect(data.evaluations).toHaveLength(1);
    expect(data.certificates[0].code).toBe(cast.cert.code);
    expect(data.discussion_posts.every((p) => p.author_id === cast.learnerA.id)).toBe(true);
    expect(data.discussion_posts.length).toBe(6);
    expect(json.emails.some((e: { subject: string }) => e.subject.startsWith('Your certificate'))).toBe(true);
    const text = files['kindred-data.json'].toString('utf8');
    expect(text).not.toContain('password_hash');
    expect(text).not.toContain('$argon2');
    expect(text).not.toContain(calendarToken);
    expect(text).not.toContain(cast.peerA.email);
    const attached = Object.keys(files).find((name) => name.startsWith('files/reflection_files/'));
    expect(attached).toMatch(/notes\.txt$/);
    expect(files[attached!].equals(cast.fileBytes)).toBe(true);
  });

  it('requires a login', async () => {
    const res = await request(ctx.app).get('/account/export');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
  });
});

describe('deleting an account', () => {
  async function deleteWith(agent: Agent, password: string) {
    const token = await csrfFrom(agent, '/account/delete');
    return agent.post('/account/delete').type('form').send({ _csrf: token, password });
  }

  it('refuses a wrong password and deletes nothing', async () => {
    const cast = await richCast();
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await deleteWith(agent, 'not my password');
    expect(res.status).toBe(422);
    expect(res.text).toContain('That password is not right');
    expect(await ctx.db('users').where({ id: cast.learnerA.id })).toHaveLength(1);
    expect((await agent.get('/account')).status).toBe(200);
  });

  it('removes everything but the certificate record, which stays verifiable, and ends the login', async () => {
    const cast = await richCast();
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await deleteWith(agent, cast.learnerA.password);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Your account is deleted');

    expect(await ctx.db('users').where({ id: cast.learnerA.id })).toHaveLength(0);
    expect(await ctx.db('users').where({ email: cast.learnerA.email })).toHaveLength(0);
    expect(await ctx.db('enrolments').where({ id: cast.enrolmentA })).toHaveLength(0);
    for (const table of ['reading_progress', 'reflections', 'toolkit_entries', 'evaluations']) {
      expect(await ctx.db(table).where({ enrolment_id: cast.enrolmentA })).toHaveLength(0);
    }
    expect(await ctx.db('reflection_files').where({ storage_key: cast.key })).toHaveLength(0);
    await expect(ctx.storage.get(cast.key)).rejects.toThrow();
    expect(await ctx.db('outbox_emails').where({ to_address: cast.learnerA.email })).toHaveLength(0);
    const posts = await ctx.db('discussion_posts').whereIn('thread_id', ctx.db('discussion_threads').select('id').where({ course_session_id: cast.sessionA.id })).whereNull('author_id');
    expect(posts.length).toBe(6);
    expect(posts.every((p) => p.status === 'deleted' && p.body_md === '')).toBe(true);

    const cert = await ctx.db('certificates').where({ id: cast.cert.id }).first();
    expect(cert).toMatchObject({ code: cast.cert.code, learner_name: cast.learnerA.name, course_title: cast.course.data.title, contact_hours: 15, user_id: null, enrolment_id: null });
    const verify = await request(ctx.app).get(`/verify/${cast.cert.code}`);
    expect(verify.text).toContain('This certificate is valid');
    expect(verify.text).toContain(cast.learnerA.name);

    const after = await agent.get('/account');
    expect(after.status).toBe(302);
    expect(after.headers.location).toBe('/login');
    const login = request.agent(ctx.app);
    const token = await csrfFrom(login, '/login');
    const attempt = await login.post('/login').type('form').send({ _csrf: token, email: cast.learnerA.email, password: cast.learnerA.password });
    expect(attempt.status).toBe(422);
  });

  it('leaves other learners’ data alone', async () => {
    const cast = await richCast();
    const agent = await signIn(ctx.app, cast.learnerA);
    await deleteWith(agent, cast.learnerA.password);
    expect(await ctx.db('users').where({ id: cast.peerA.id })).toHaveLength(1);
    const peerPosts = await ctx.db('discussion_posts').where({ author_id: cast.peerA.id });
    expect(peerPosts.length).toBeGreaterThan(0);
    expect(peerPosts.every((p) => p.status === 'visible' && p.body_md !== '')).toBe(true);
  });

  /** A full one-seat session held by a learner, with two waiting in line. */
  async function fullSession(startedDaysAgo: number) {
    const course = await createCourse(ctx.db);
    const session = await createSession(ctx.db, course.id, { startedDaysAgo, capacity: 1 });
    const holder = await createUser(ctx.db);
    await enrol(ctx.db, session.id, holder.id);
    const queue = [await createUser(ctx.db), await createUser(ctx.db)];
    await ctx.db('enrolments').insert(queue.map((u, i) => ({ course_session_id: session.id, user_id: u.id, status: 'waitlisted', waitlist_position: i + 1 })));
    return { session, holder, queue };
  }

  it('gives a deleted learner’s seat to the first in line and emails them', async () => {
    const { session, holder, queue } = await fullSession(-14);
    expect((await deleteWith(await signIn(ctx.app, holder), holder.password)).status).toBe(200);
    expect(await enrolmentOf(ctx.db, session.id, holder.id)).toBeUndefined();
    const promoted = await enrolmentOf(ctx.db, session.id, queue[0].id);
    expect(promoted).toMatchObject({ status: 'enrolled', waitlist_position: null });
    expect((await eventsOf(ctx.db, promoted.id)).at(-1)).toMatchObject({ actor_id: null, from_status: 'waitlisted', to_status: 'enrolled' });
    expect((await lastEmailTo(ctx.db, queue[0].email))?.subject).toContain('A seat opened up for you');
    expect(await enrolmentOf(ctx.db, session.id, queue[1].id)).toMatchObject({ status: 'waitlisted' });
    expect(await emailsTo(ctx.db, queue[1].email)).toHaveLength(0);
  });

  it('moves nobody up into a session already past its first week, as when an admin withdraws someone', async () => {
    const { session, holder, queue } = await fullSession(10);
    expect((await deleteWith(await signIn(ctx.app, holder), holder.password)).status).toBe(200);
    expect(await enrolmentOf(ctx.db, session.id, queue[0].id)).toMatchObject({ status: 'waitlisted' });
    expect(await emailsTo(ctx.db, queue[0].email)).toHaveLength(0);
  });

  it('does not let staff delete their own account this way', async () => {
    const cast = await completionCast(ctx.db);
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await postForm(agent, '/account/delete', { password: cast.instructorA.password }, '/account');
    expect(res.status).toBe(403);
    expect(await ctx.db('users').where({ id: cast.instructorA.id })).toHaveLength(1);
  });
});
