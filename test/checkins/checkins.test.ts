import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';
import { createFourWeekCohort, enrolmentOf } from '../helpers/toolkit-factories';
import { buildTrendChart } from '../../src/checkins';

let ctx: TestContext;
let cast: Awaited<ReturnType<typeof createCohorts>>;
beforeAll(async () => {
  ctx = await createTestContext();
  cast = await createCohorts(ctx.db);
});
afterAll(() => ctx.close());

const checkinsUrl = (sessionId: number) => `/sessions/${sessionId}/checkins`;
const answers = { energy: '2', emotionalLoad: '4', boundaries: '3', note: 'A long week on the desk.' };

describe('weekly check-in', () => {
  it('saves a learner’s check-in for the current week and shows it back to them', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = checkinsUrl(cast.sessionA.id);
    const res = await postForm(agent, url, answers, url);
    expect(res.status).toBe(302);
    const enrolmentId = await enrolmentOf(ctx.db, cast.sessionA.id, cast.learnerA.id);
    const rows = await ctx.db('wellbeing_checkins').where({ enrolment_id: enrolmentId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ week: 1, energy: 2, emotional_load: 4, boundaries: 3, note: 'A long week on the desk.' });
    const page = await agent.get(url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('A long week on the desk.');
    expect(page.text).toMatch(/<legend>My energy this week<\/legend>/);
  });

  it('keeps one check-in per week: answering again replaces the week’s answers', async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = checkinsUrl(cast.sessionA.id);
    await postForm(agent, url, answers, url);
    await postForm(agent, url, { ...answers, energy: '5', note: '' }, url);
    const enrolmentId = await enrolmentOf(ctx.db, cast.sessionA.id, cast.learnerA.id);
    const rows = await ctx.db('wellbeing_checkins').where({ enrolment_id: enrolmentId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ week: 1, energy: 5, note: '' });
  });

  it('refuses missing or out-of-range answers with a message per question and keeps the note', async () => {
    const agent = await signIn(ctx.app, cast.learnerB);
    const url = checkinsUrl(cast.sessionB.id);
    const res = await postForm(agent, url, { energy: '7', boundaries: '2', note: 'keep me' }, url);
    expect(res.status).toBe(422);
    expect(res.text).toContain('Please choose your energy this week, from 1 to 5.');
    expect(res.text).toContain('Please choose how heavy the emotional load felt, from 1 to 5.');
    expect(res.text).toContain('keep me');
    expect(res.text).toMatch(/value="2" checked/);
    // Each choice of a question left unanswered says so to a screen reader, not only the red border.
    expect(res.text.match(/name="energy" value="\d" aria-invalid="true" required>/g)).toHaveLength(5);
    expect(res.text).not.toMatch(/name="boundaries"[^>]*aria-invalid/);
    const enrolmentId = await enrolmentOf(ctx.db, cast.sessionB.id, cast.learnerB.id);
    expect(await ctx.db('wellbeing_checkins').where({ enrolment_id: enrolmentId })).toHaveLength(0);
  });

  it('takes a note of exactly 2,000 characters and refuses one more, keeping it', async () => {
    const agent = await signIn(ctx.app, cast.learnerB);
    const url = checkinsUrl(cast.sessionB.id);
    const tooLong = await postForm(agent, url, { ...answers, note: 'n'.repeat(2001) }, url);
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Please keep the note to at most 2,000 characters.');
    expect(tooLong.text).toContain('n'.repeat(2001));
    const enrolmentId = await enrolmentOf(ctx.db, cast.sessionB.id, cast.learnerB.id);
    expect(await ctx.db('wellbeing_checkins').where({ enrolment_id: enrolmentId })).toHaveLength(0);
    expect((await postForm(agent, url, { ...answers, note: 'n'.repeat(2000) }, url)).status).toBe(302);
    expect(await ctx.db('wellbeing_checkins').where({ enrolment_id: enrolmentId })).toHaveLength(1);
    await ctx.db('wellbeing_checkins').where({ enrolment_id: enrolmentId }).del();
  });

  it('refuses a check-in before the session starts, keeping nothing', async () => {
    const { session, learner, enrolmentId } = await createFourWeekCohort(ctx.db, { startedDaysAgo: -5 });
    const agent = await signIn(ctx.app, learner);
    const url = checkinsUrl(session.id);
    const page = await agent.get(url);
    expect(page.text).toContain('Check-ins are open during the weeks of the course');
    const res = await postForm(agent, url, answers, url);
    expect(res.status).toBe(409);
    expect(await ctx.db('wellbeing_checkins').where({ enrolment_id: enrolmentId })).toHaveLength(0);
  });
});

describe('check-in privacy', () => {
  beforeAll(async () => {
    const agent = await signIn(ctx.app, cast.learnerA);
    await postForm(agent, checkinsUrl(cast.sessionA.id), { ...answers, note: 'Private note of learner A' }, checkinsUrl(cast.sessionA.id));
  });

  it.each([
    ['the learner of another session', 'learnerB'],
    ['the session’s own instructor', 'instructorA'],
    ['an instructor of another session', 'instructorB'],
    ['an admin', 'admin'],
  ] as const)('answers 404 to %s for the check-in page and the toolkit chart, and never shows the note', async (_label, who) => {
    const agent = await signIn(ctx.app, cast[who]);
    for (const url of [checkinsUrl(cast.sessionA.id), `/sessions/${cast.sessionA.id}/toolkit`]) {
      const res = await agent.get(url);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('Private note of learner A');
    }
  });

  it.each([
    ['the learner of another session', 'learnerB'],
    ['the session’s own instructor', 'instructorA'],
    ['an admin', 'admin'],
  ] as const)('answers 404 to a check-in posted by %s and stores nothing', async (_label, who) => {
    const agent = await signIn(ctx.app, cast[who]);
    const before = Number((await ctx.db('wellbeing_checkins').count('* as n'))[0].n);
    const res = await postForm(agent, checkinsUrl(cast.sessionA.id), answers);
    expect(res.status).toBe(404);
    expect(Number((await ctx.db('wellbeing_checkins').count('* as n'))[0].n)).toBe(before);
  });
});

describe('check-in trend chart', () => {
  const row = (week: number, energy: number, load: number, boundaries: number) => ({ week, energy, emotional_load: load, boundaries, note: '', updated_at: new Date() });

  it('renders an empty chart with its text alternative when there are no check-ins', async () => {
    const { session, learner } = await createFourWeekCohort(ctx.db);
    const agent = await signIn(ctx.app, learner);
    const page = await agent.get(`/sessions/${session.id}/toolkit`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="trend-chart-title trend-chart-desc"/);
    expect(page.text).toContain('<title id="trend-chart-title">Your weekly check-ins</title>');
    expect(page.text).toContain('No check-ins yet');
    expect(page.text).not.toMatch(/<path d="M/);
    expect((page.text.match(/>Week \d<\/text>/g) ?? []).length).toBe(4);
  });

  it('renders one week as markers without lines, and lists it in the data table', async () => {
    const { session, learner, enrolmentId } = await createFourWeekCohort(ctx.db);
    await ctx.db('wellbeing_checkins').insert({ enrolment_id: enrolmentId, week: 1, energy: 4, emotional_load: 2, boundaries: 5 });
    const agent = await signIn(ctx.app, learner);
    const page = await agent.get(`/sessions/${session.id}/toolkit`);
    expect(page.text).not.toMatch(/<path d="M/);
    expect((page.text.match(/<circle [^>]*r="5"/g) ?? []).length).toBe(1);
    expect(page.text).toContain('Week 1: energy 4, emotional load 2, boundaries 5.');
    expect(page.text).toMatch(/<th scope="row">Week 1<\/th><td>4<\/td><td>2<\/td><td>5<\/td>/);
  });

  it('renders four weeks as three lines of four points each, told apart by dash and marker as well as colour', async () => {
    const { session, learner, enrolmentId } = await createFourWeekCohort(ctx.db, { startedDaysAgo: 22 });
    await ctx.db('wellbeing_checkins').insert(
      [1, 2, 3, 4].map((week) => ({ enrolment_id: enrolmentId, week, energy: week, emotional_load: 5 - week + 1, boundaries: 3 })),
    );
    const agent = await signIn(ctx.app, learner);
    const page = await agent.get(`/sessions/${session.id}/toolkit`);
    const paths = page.text.match(/<path d="M[^"]+"/g) ?? [];
    expect(paths).toHaveLength(3);
    for (const d of paths) expect((d.match(/[ML]/g) ?? []).length).toBe(4);
    expect(page.text).toContain('stroke-dasharray="7 4"');
    expect((page.text.match(/<th scope="row">Week \d<\/th>/g) ?? []).length).toBe(4);
  });

  it('plots higher values higher up and spaces the weeks evenly', () => {
    const chart = buildTrendChart([row(1, 1, 3, 5), row(2, 5, 3, 1)], 4);
    const energy = chart.series.find((s) => s.key === 'energy')!;
    expect(energy.points[1].y).toBeLessThan(energy.points[0].y);
    expect(chart.xTicks.map((t) => t.x)).toEqual([44, 192, 340, 488]);
    expect(chart.empty).toBe(false);
    expect(buildTrendChart([], 4).empty).toBe(true);
  });
});
