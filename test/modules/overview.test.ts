import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCohorts, createUser } from '../helpers/factories';
import { postForm, signIn } from '../helpers/http';
import { postReflection } from '../helpers/reflections-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('session overview', () => {
  it('shows a learner the weeks with unlock dates, open or locked state and progress', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    const res = await agent.get(`/sessions/${c.sessionA.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(c.course.data.title);
    expect(res.text).toContain('Week 1: Week 1 title');
    expect(res.text).toContain('Week 2: Week 2 title');
    expect(res.text).toMatch(/Open<\/span>\s*Opened on/);
    expect(res.text).toMatch(/Locked<\/span> Opens on/);
    // Two weeks of four rules each, the toolkit and the evaluation: ten steps to the certificate.
    expect(res.text).toContain('0 of 10 steps towards your certificate done (0%)');
    // Week 2's four, and the evaluation, which opens with the last week.
    expect(res.text).toContain('Coming up in the weeks that have not opened yet (5 steps)');
    expect(res.text).toContain('<progress');
    expect(res.text).toContain('<!-- panels: announcements -->');
    expect(res.text).toContain('<!-- panels: whats-left -->');
    expect(res.text).toContain(`<a href="/sessions/${c.sessionA.id}/weeks/1">Week 1: Week 1 title</a>`);
    expect(res.text).not.toContain('Week 2: Week 2 title</a>');
    expect(res.text).not.toContain('Open this week now');
  });

  it('counts readings done and a submitted reflection in the week and course progress', async () => {
    const c = await createCohorts(ctx.db);
    const agent = await signIn(ctx.app, c.learnerA);
    const reading = await ctx.db('readings as r').join('course_modules as m', 'm.id', 'r.course_module_id').where({ 'm.course_id': c.course.id, 'm.week': 1 }).first('r.id');
    expect((await postForm(agent, `/sessions/${c.sessionA.id}/readings/${reading.id}/done`, {})).status).toBe(302);
    const res = await agent.get(`/sessions/${c.sessionA.id}`);
    // "Steps" on this page are the certificate's (a week's discussion among them); a week's bar counts only what it says.
    expect(res.text).toContain('Week 1 readings and reflection: 1 of 2 done (50%).');
    expect(res.text).not.toMatch(/Week \d: \d+ of \d+ steps done/);
    expect(res.text).toContain('1 of 10 steps towards your certificate done (10%)');
    expect(res.text).toContain('Readings: 1 of 1 done');
  });

  it('shows staff an "Open this week now" button for locked weeks and, for each week, the feedback queue of that week', async () => {
    const c = await createCohorts(ctx.db);
    await postReflection(await signIn(ctx.app, c.learnerA), c.sessionA.id, 1, 'Week one words');
    // An admin reads the reflections of a session they teach only: this one is added as its second instructor.
    await assignInstructor(ctx.db, c.sessionA.id, c.admin.id);
    for (const user of [c.instructorA, c.admin]) {
      const agent = await signIn(ctx.app, user);
      const res = await agent.get(`/sessions/${c.sessionA.id}`);
      expect(res.status).toBe(200);
      expect(res.text).toContain(`action="/sessions/${c.sessionA.id}/weeks/2/unlock"`);
      expect(res.text).not.toContain(`action="/sessions/${c.sessionA.id}/weeks/1/unlock"`);
      const links = [...res.text.matchAll(/<a href="([^"]+)">Feedback queue<span class="visually-hidden"> for week (\d+)<\/span><\/a>/g)].map((m) => [m[1], m[2]]);
      expect(links).toEqual([
        [`/sessions/${c.sessionA.id}/feedback?week=1`, '1'],
        [`/sessions/${c.sessionA.id}/feedback?week=2`, '2'],
      ]);
      // Each opens the queue with its week chosen: week 1's lists the reflection waiting, week 2's does not.
      const week1 = await agent.get(links[0][0]);
      expect(week1.text).toContain('<option value="1" selected>Week 1</option>');
      expect(week1.text).toContain(`>${c.learnerA.name}<span class="visually-hidden">, week 1</span></a>`);
      const week2 = await agent.get(links[1][0]);
      expect(week2.text).toContain('<option value="2" selected>Week 2</option>');
      expect(week2.text).not.toContain(`>${c.learnerA.name}<span`);
      expect(week2.text).toContain('No reflection matches these filters.');
    }
  });

  it('shows an admin who does not teach the session how many reflections wait each week, without the queue, and says who reads them', async () => {
    const c = await createCohorts(ctx.db);
    await postReflection(await signIn(ctx.app, c.learnerA), c.sessionA.id, 1, 'Week one words');
    const res = await (await signIn(ctx.app, c.admin)).get(`/sessions/${c.sessionA.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`action="/sessions/${c.sessionA.id}/weeks/2/unlock"`);
    expect(res.text).toContain('1 reflection waiting for feedback.');
    expect(res.text).not.toContain(`/sessions/${c.sessionA.id}/feedback`);
    expect(res.text).not.toContain('>Feedback queue<');
    expect(res.text).toContain('<h2 id="staff-heading">Running this session</h2>');
    expect(res.text).toContain(`<a href="/admin/sessions/${c.sessionA.id}#instructors">add yourself as an instructor of this session</a>`);
  });

  it('answers 404 to a learner of another session, an unassigned instructor and a stranger', async () => {
    const c = await createCohorts(ctx.db);
    const stranger = await createUser(ctx.db);
    for (const user of [c.learnerB, c.instructorB, stranger]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(`/sessions/${c.sessionA.id}`)).status).toBe(404);
    }
    const agent = await signIn(ctx.app, c.learnerA);
    expect((await agent.get('/sessions/999999')).status).toBe(404);
    expect((await agent.get('/sessions/abc')).status).toBe(404);
  });

  it('says a week with no readings and no reflection has nothing to do, instead of "0 of 0 steps done"', async () => {
    const c = await createCohorts(ctx.db);
    const week1 = await ctx.db('course_modules').where({ course_id: c.course.id, week: 1 }).first('id');
    await ctx.db('readings').where({ course_module_id: week1.id }).delete();
    await ctx.db('exercises').where({ course_module_id: week1.id }).delete();
    const res = await (await signIn(ctx.app, c.learnerA)).get(`/sessions/${c.sessionA.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Nothing to do this week.');
    expect(res.text).not.toContain('0 of 0');
    expect(res.text).not.toContain('aria-label="Week 1 progress"');
    expect(res.text).toContain('Week 2 readings and reflection: 0 of 2 done (0%).');
  });

  it('shows the unlock date in the session time zone', async () => {
    const c = await createCohorts(ctx.db);
    await ctx.db('course_sessions').where({ id: c.sessionA.id }).update({ starts_at: new Date('2030-03-02T06:00:00Z'), time_zone: 'America/Chicago' });
    const agent = await signIn(ctx.app, c.learnerA);
    const res = await agent.get(`/sessions/${c.sessionA.id}`);
    expect(res.text).toContain('Opens on Saturday 2 March 2030');
    expect(res.text).toContain('Opens on Saturday 9 March 2030');
    expect(res.text).toContain('America/Chicago');
  });
});

describe('opening a week early', () => {
  it('lets the session instructor open a locked week, which learners then see', async () => {
    const c = await createCohorts(ctx.db);
    const instructor = await signIn(ctx.app, c.instructorA);
    const res = await postForm(instructor, `/sessions/${c.sessionA.id}/weeks/2/unlock`, {}, `/sessions/${c.sessionA.id}`);
    expect(res.status).toBe(302);
    expect(await ctx.db('week_unlocks').where({ course_session_id: c.sessionA.id, week: 2 }).first()).toMatchObject({ unlocked_by: c.instructorA.id });
    const learner = await signIn(ctx.app, c.learnerA);
    expect((await learner.get(`/sessions/${c.sessionA.id}/weeks/2`)).text).toContain('Week 2 summary.');
    expect((await learner.get(`/sessions/${c.sessionA.id}`)).text).toContain('Opened early by your instructor');
    const learnerB = await signIn(ctx.app, c.learnerB);
    const other = await learnerB.get(`/sessions/${c.sessionB.id}/weeks/2`);
    expect(other.text).toContain('This week opens on');
    expect(other.text).not.toContain('Week 2 summary.');
  });

  it('lets an admin open a week and is idempotent', async () => {
    const c = await createCohorts(ctx.db);
    const admin = await signIn(ctx.app, c.admin);
    for (let i = 0; i < 2; i++) {
      expect((await postForm(admin, `/sessions/${c.sessionA.id}/weeks/2/unlock`, {})).status).toBe(302);
    }
    expect(await ctx.db('week_unlocks').where({ course_session_id: c.sessionA.id }).count('* as n')).toEqual([{ n: 1 }]);
  });

  it('refuses learners, instructors of another session and weeks the course lacks with 404', async () => {
    const c = await createCohorts(ctx.db);
    for (const user of [c.learnerA, c.instructorB]) {
      const agent = await signIn(ctx.app, user);
      expect((await postForm(agent, `/sessions/${c.sessionA.id}/weeks/2/unlock`, {})).status).toBe(404);
    }
    const admin = await signIn(ctx.app, c.admin);
    expect((await postForm(admin, `/sessions/${c.sessionA.id}/weeks/9/unlock`, {})).status).toBe(404);
    expect(await ctx.db('week_unlocks').where({ course_session_id: c.sessionA.id }).count('* as n')).toEqual([{ n: 0 }]);
  });
});
