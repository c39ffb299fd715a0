import request from 'supertest';
import { releaseDueEvaluationSummaries } from '../../src/evaluations';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, enrol } from '../helpers/factories';
import { csrfFrom, signIn, type Agent, uploadFormOf } from '../helpers/http';
import { XSS_PAYLOADS, scriptableParts } from './support/xss';

// Every field a user can write, fed the whole corpus through the real forms, must come back
// inert on every page that shows it.
// Many requests per test; generous on a busy 2-core machine.
jest.setTimeout(180_000);

let ctx: TestContext;
let w: Awaited<ReturnType<typeof createCohorts>>;
let learner: Agent;
let instructor: Agent;
let admin: Agent;
let payloadUserIds: number[] = [];
const payloadAgents: Agent[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  w = await createCohorts(ctx.db);
  learner = await signIn(ctx.app, w.learnerA);
  instructor = await signIn(ctx.app, w.instructorA);
  admin = await signIn(ctx.app, w.admin);
}, 60_000);
afterAll(() => ctx.close());

type Res = { status: number; text: string; headers: Record<string, string> };

/** The page must not be a server error and must contain nothing that can run script. */
function inert(res: Res, where: string): string[] {
  const problems = scriptableParts(res.text ?? '').map((p) => `${where}: ${p}`);
  if (res.status >= 500) problems.push(`${where}: answered ${res.status}`);
  return problems;
}

async function post(agent: Agent, url: string, data: Record<string, string>, tokenPage = '/dashboard'): Promise<Res> {
  const token = await csrfFrom(agent, tokenPage);
  return (await agent.post(url).type('form').send({ _csrf: token, ...data })) as unknown as Res;
}

/** Follows a redirect (if any) and checks where it lands; a re-rendered form is checked as is. */
async function landing(agent: Agent, res: Res, where: string): Promise<string[]> {
  if (res.status === 302 || res.status === 303) {
    const page = (await agent.get(res.headers.location)) as unknown as Res;
    return inert(page, `${where} → ${res.headers.location}`);
  }
  return inert(res, `${where} (${res.status})`);
}

it('has a corpus of at least 30 payloads', () => {
  expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(30);
  expect(scriptableParts('<p>fine</p><script src="/static/js/enhance.js"></script>')).toEqual([]);
  expect(scriptableParts('<a href="&#106;avascript:alert(1)">x</a><img src=x onerror=alert(1)><script>alert(1)</script>')).toEqual([
    '<a href="javascript:alert(1)">',
    '<img onerror="alert(1)">',
    '<script>',
    'inline script: alert(1)',
  ]);
  // A JSON data block is inert; one that a payload broke out of is not.
  expect(scriptableParts('<script type="application/ld+json">{"name":"a\\u003c/script>"}</script>')).toEqual([]);
  expect(scriptableParts('<script type="application/ld+json">{"name":"a</script><script>alert(1)</script>"}</script>')).toEqual([
    'data block that is not JSON: {"name":"a',
    '<script>',
    'inline script: alert(1)',
  ]);
});

it('keeps names given at registration inert on the dashboard, the account page, rosters and admin lists', async () => {
  const problems: string[] = [];
  payloadUserIds = [];
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const agent = request.agent(ctx.app);
    const token = await csrfFrom(agent, '/register');
    const email = `xss-${i}-${Date.now()}@example.test`;
    const res = (await agent.post('/register').type('form').send({ _csrf: token, name: payload, email, password: 'a long enough password' })) as unknown as Res;
    problems.push(...(await landing(agent, res, `register #${i}`)));
    const user = await ctx.db('users').where({ email }).first('id');
    if (!user) continue;
    payloadUserIds.push(user.id);
    payloadAgents.push(agent);
    await enrol(ctx.db, w.sessionA.id, user.id);
    for (const url of ['/dashboard', '/account']) problems.push(...inert((await agent.get(url)) as unknown as Res, `name #${i} on ${url}`));
  }
  expect(payloadUserIds.length).toBeGreaterThan(XSS_PAYLOADS.length / 2);
  for (const url of [`/teach/sessions/${w.sessionA.id}/roster`, `/sessions/${w.sessionA.id}/progress`]) {
    problems.push(...inert((await instructor.get(url)) as unknown as Res, `names on ${url}`));
  }
  for (const url of ['/admin/people', `/admin/sessions/${w.sessionA.id}`]) problems.push(...inert((await admin.get(url)) as unknown as Res, `names on ${url}`));
  expect(problems).toEqual([]);
});

it('keeps discussion threads, posts, replies and content notes inert for readers and moderators', async () => {
  const problems: string[] = [];
  let firstThread: string | undefined;
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const res = await post(learner, `/sessions/${w.sessionA.id}/weeks/1/discussion/threads`, { title: `T${i} ${payload}`.slice(0, 200), body: payload, content_note: payload.slice(0, 300) });
    expect({ i, status: res.status }).toEqual({ i, status: 302 });
    firstThread ??= res.headers.location.split('#')[0];
    problems.push(...(await landing(learner, res, `thread #${i}`)));
    const reply = await post(learner, `${firstThread}/replies`, { body: payload });
    expect({ i, status: reply.status }).toEqual({ i, status: 302 });
  }
  for (const agent of [learner, instructor]) {
    problems.push(...inert((await agent.get(firstThread!)) as unknown as Res, `replies on ${firstThread}`));
    problems.push(...inert((await agent.get(`/sessions/${w.sessionA.id}/weeks/1/discussion`)) as unknown as Res, 'discussion board'));
  }
  problems.push(...inert((await instructor.get(`/sessions/${w.sessionA.id}/moderation`)) as unknown as Res, 'moderation page'));
  expect(problems).toEqual([]);
});

it('keeps reflection drafts, submissions and instructor feedback inert for the learner and the instructor', async () => {
  const problems: string[] = [];
  const page = `/sessions/${w.sessionA.id}/weeks/1/reflection`;
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const res = await post(learner, `${page}/draft`, { text: payload }, page);
    problems.push(...(await landing(learner, res, `draft #${i}`)));
    problems.push(...inert((await learner.get(page)) as unknown as Res, `draft #${i} on the reflection page`));
  }
  const draft = await ctx.db('reflections as r').join('enrolments as e', 'e.id', 'r.enrolment_id').where('e.user_id', w.learnerA.id).first('r.draft_text');
  expect(draft.draft_text).toBe(XSS_PAYLOADS[XSS_PAYLOADS.length - 1].trim());
  const all = XSS_PAYLOADS.join('\n\n');
  const form = await uploadFormOf(learner, page);
  const submitted = (await learner.post(form.action).field('_csrf', form.token).field('text', all)) as unknown as Res;
  expect(submitted.status).toBe(302);
  problems.push(...inert((await learner.get(page)) as unknown as Res, 'submitted reflection'));

  const reflection = await ctx.db('reflections as r').join('enrolments as e', 'e.id', 'r.enrolment_id').where('e.user_id', w.learnerA.id).first('r.id');
  const review = `/sessions/${w.sessionA.id}/reflections/${reflection.id}`;
  problems.push(...inert((await instructor.get(review)) as unknown as Res, 'reflection as the instructor sees it'));
  problems.push(...inert((await instructor.get(`/sessions/${w.sessionA.id}/feedback`)) as unknown as Res, 'feedback queue'));
  const drafted = await post(instructor, `${review}/feedback/draft`, { feedback: all }, review);
  expect(drafted.status).toBe(302);
  problems.push(...inert((await instructor.get(review)) as unknown as Res, 'feedback draft on the reflection'));
  const feedback = await post(instructor, `${review}/feedback`, { feedback: all, outcome: 'return' }, review);
  expect(feedback.status).toBe(302);
  problems.push(...inert((await learner.get(page)) as unknown as Res, 'feedback as the learner reads it'));
  problems.push(...inert((await learner.get(`/sessions/${w.sessionA.id}/my-reflections`)) as unknown as Res, 'the learner’s reflections to keep'));
  problems.push(...inert((await instructor.get(review)) as unknown as Res, 'feedback as the instructor reads it'));
  problems.push(...inert((await instructor.get(`${review}/feedback/edit`)) as unknown as Res, 'the page that changes feedback'));
  problems.push(...inert((await instructor.get(`/sessions/${w.sessionA.id}/feedback?show=all`)) as unknown as Res, 'every submitted reflection'));
  expect(problems).toEqual([]);
});

it('keeps toolkit entries and texts set aside inert on the toolkit, its edit form and the printable page', async () => {
  const problems: string[] = [];
  const module1 = await ctx.db('course_modules').where({ course_id: w.course.id, week: 1 }).first('id');
  const section = await ctx.db('toolkit_sections').where({ course_module_id: module1.id }).first('id');
  const toolkit = `/sessions/${w.sessionA.id}/toolkit`;
  const enrolment = await ctx.db('enrolments').where({ course_session_id: w.sessionA.id, user_id: w.learnerA.id }).first('id');
  // A section holds at most 40 entries, so the corpus goes in batches, each checked then cleared.
  for (let start = 0; start < XSS_PAYLOADS.length; start += 20) {
    const batch = XSS_PAYLOADS.slice(start, start + 20);
    for (const [k, payload] of batch.entries()) {
      const res = await post(learner, `${toolkit}/sections/${section.id}/entries`, { body: payload }, toolkit);
      expect({ i: start + k, status: res.status }).toEqual({ i: start + k, status: 302 });
    }
    await ctx.db('toolkit_texts_set_aside').insert(batch.map((text) => ({ enrolment_id: enrolment.id, toolkit_section_id: section.id, text })));
    problems.push(...inert((await learner.get(toolkit)) as unknown as Res, `toolkit (payloads ${start}+)`));
    problems.push(...inert((await learner.get(`${toolkit}/print`)) as unknown as Res, `printable toolkit (payloads ${start}+)`));
    const entries = await ctx.db('toolkit_entries').where({ toolkit_section_id: section.id }).select('id');
    for (const { id } of entries.slice(0, 3)) {
      problems.push(...inert((await learner.get(`${toolkit}/entries/${id}/edit`)) as unknown as Res, `toolkit entry ${id} edit form`));
    }
    await ctx.db('toolkit_entries').where({ toolkit_section_id: section.id }).delete();
    await ctx.db('toolkit_texts_set_aside').where({ toolkit_section_id: section.id }).delete();
  }
  expect(problems).toEqual([]);
});

it('keeps announcements and course reviews inert where learners and visitors read them', async () => {
  const problems: string[] = [];
  const announcements = `/sessions/${w.sessionA.id}/announcements`;
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const res = await post(instructor, announcements, { title: `A${i} ${payload}`.slice(0, 200), body: payload }, announcements);
    problems.push(...(await landing(instructor, res, `announcement #${i}`)));
  }
  expect(Number((await ctx.db('announcements').count({ n: '*' }).first())!.n)).toBe(XSS_PAYLOADS.length);
  problems.push(...inert((await learner.get(announcements)) as unknown as Res, 'announcements'));
  problems.push(...inert((await learner.get(`/sessions/${w.sessionA.id}`)) as unknown as Res, 'session overview'));

  // Reviews open only after completion, so they are written here as the service would store
  // them; what is tested is that the course page and the admin queue show them inert.
  for (const [i, userId] of payloadUserIds.entries()) {
    await ctx.db('course_reviews').insert({ course_id: w.course.id, user_id: userId, rating: 4, body: XSS_PAYLOADS[i % XSS_PAYLOADS.length], status: i % 2 ? 'approved' : 'pending' });
  }
  problems.push(...inert((await request(ctx.app).get(`/courses/${w.course.slug}`)) as unknown as Res, 'course page reviews'));
  problems.push(...inert((await admin.get('/admin/reviews')) as unknown as Res, 'review queue'));
  expect(problems).toEqual([]);
});

it('keeps report reasons, moderation reasons and evaluation comments inert for moderators and authors', async () => {
  const problems: string[] = [];
  const module1 = await ctx.db('course_modules').where({ course_id: w.course.id, week: 1 }).first('id');
  const [thread] = await ctx.db('discussion_threads').insert({ course_session_id: w.sessionA.id, course_module_id: module1.id, author_id: w.instructorA.id, title: 'Reports' }).returning(['id']);
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const [p] = await ctx.db('discussion_posts').insert({ thread_id: thread.id, author_id: w.instructorA.id, body_md: `Post ${i}`, body_html: `<p>Post ${i}</p>` }).returning(['id']);
    const reported = await post(learner, `/posts/${p.id}/report`, { reason: payload }, `/posts/${p.id}/report`);
    problems.push(...(await landing(learner, reported, `report #${i}`)));
    const hidden = await post(instructor, `/posts/${p.id}/hide`, { reason: payload }, `/threads/${thread.id}`);
    problems.push(...(await landing(instructor, hidden, `hide #${i}`)));
  }
  const stored = await ctx.db('discussion_posts as p')
    .where('p.thread_id', thread.id)
    .select(ctx.db.raw(`(count(*) filter (where p.status = 'hidden'))::int as hidden`), ctx.db.raw('(select count(*)::int from discussion_reports r where r.post_id in (select id from discussion_posts where thread_id = ?)) as reports', [thread.id]))
    .first();
  expect(stored).toEqual({ hidden: XSS_PAYLOADS.length, reports: XSS_PAYLOADS.length });
  problems.push(...inert((await instructor.get(`/sessions/${w.sessionA.id}/moderation`)) as unknown as Res, 'moderation queue and log'));
  problems.push(...inert((await instructor.get(`/threads/${thread.id}`)) as unknown as Res, 'thread with hidden posts'));

  // The evaluation opens with the course's last week; its instructor opens it early.
  const lastWeek = (await ctx.db('course_modules').where({ course_id: w.course.id }).max({ week: 'week' }).first())!.week;
  await post(instructor, `/sessions/${w.sessionA.id}/weeks/${lastWeek}/unlock`, {}, `/sessions/${w.sessionA.id}`);
  for (const [i, agent] of payloadAgents.entries()) {
    const page = `/sessions/${w.sessionA.id}/evaluation`;
    const payload = XSS_PAYLOADS[i % XSS_PAYLOADS.length];
    const ratings = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [`outcome_${n}`, '4']));
    const res = await post(agent, page, { ...ratings, helped: payload, toChange: payload }, page);
    problems.push(...(await landing(agent, res, `evaluation #${i}`)));
  }
  expect(Number((await ctx.db('evaluations').count({ n: '*' }).first())!.n)).toBe(payloadAgents.length);
  // The summary shows the answers only once completion has closed and the background jobs have released it.
  await ctx.db('course_sessions').where({ id: w.sessionA.id }).update({ completion_deadline_at: new Date(Date.now() - 60_000) });
  await releaseDueEvaluationSummaries(ctx.db);
  const summary = await instructor.get(`/sessions/${w.sessionA.id}/evaluation/summary`);
  expect(summary.text).toContain('Ratings of each learning outcome');
  problems.push(...inert(summary as unknown as Res, 'evaluation summary'));
  expect(problems).toEqual([]);
});
