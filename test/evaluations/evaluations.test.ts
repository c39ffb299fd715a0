import { DateTime } from 'luxon';
import request from 'supertest';
import { runScheduledJobs } from '../../src/jobs/scheduler';
import { silentLogger } from '../../src/lib/logger';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast, insertEvaluation } from '../helpers/completion-factories';
import { createSession, createUser, enrol } from '../helpers/factories';
import { postForm, readable, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the end-of-course evaluation', () => {
  it('asks the learner to rate each learning outcome in its own fieldset, plus two open questions', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/evaluation`);
    expect(res.status).toBe(200);
    expect(res.text.match(/<fieldset/g)).toHaveLength(2);
    expect(res.text).toContain('Outcome one');
    expect(res.text).toContain('Outcome two');
    expect(res.text).toContain('name="outcome_2" value="5"');
    // The rated outcomes are required; the two open questions say in words that they are not.
    expect(res.text).toContain('What helped you most? (optional)');
    expect(res.text).toContain('What would you change? (optional)');
  });

  it('lays each 1–5 scale out as one row of five short choices, with the ends named below and in the labels', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    const html = (await (await signIn(ctx.app, cast.learnerA)).get(`/sessions/${cast.sessionA.id}/evaluation`)).text;
    const scales = [...html.matchAll(/<div class="rating-scale">([\s\S]*?)<\/div>\s*<p class="rating-ends" aria-hidden="true"><span>Not at all<\/span> <span>Very well<\/span><\/p>/g)];
    expect(scales).toHaveLength(2);
    // A choice shows only its number: the words that made "1 (not at all)" wrap the row are for screen readers.
    const labels = [...scales[0][1].matchAll(/<label class="rating-choice"><input type="radio"(?: id="field-outcome_1")? name="outcome_1" value="(\d)"> (.*?)<\/label>/g)].map((m) => [m[1], m[2]]);
    expect(labels).toEqual([
      ['1', '1<span class="visually-hidden"> (not at all)</span>'],
      ['2', '2'],
      ['3', '3'],
      ['4', '4'],
      ['5', '5<span class="visually-hidden"> (very well)</span>'],
    ]);
    const css = (await request(ctx.app).get('/static/css/site.css')).text;
    expect(css).toMatch(/fieldset\.rating \.rating-scale, fieldset\.rating \.rating-ends \{ display: flex; justify-content: space-between;/);
    expect(css).toMatch(/fieldset\.rating \.rating-choice \{ display: flex; flex-direction: column;[^}]*flex: 0 0 2\.75rem;/);
  });

  it('refuses an evaluation with an outcome not rated, keeping what was written', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = `/sessions/${cast.sessionA.id}/evaluation`;
    const res = await postForm(agent, url, { outcome_1: '4', outcome_2: '', helped: 'The readings', toChange: '' }, url);
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="outcome_2-error"');
    expect(readable(res.text)).toContain('Please choose a rating from 1 to 5 for “Outcome two”.');
    expect(res.text.match(/name="outcome_2" value="\d" aria-invalid="true">/g)).toHaveLength(5);
    expect(res.text).not.toMatch(/name="outcome_1"[^>]*aria-invalid/);
    expect(res.text).toContain('The readings');
    expect(res.text).toContain('name="outcome_1" value="4" checked');
    expect(await ctx.db('evaluations').where({ enrolment_id: cast.enrolmentA })).toHaveLength(0);
    const bad = await postForm(agent, url, { outcome_1: '9', outcome_2: '3' }, url);
    expect(bad.status).toBe(422);
  });

  it('names each outcome left unrated in the list of what to fix, so its links do not all read the same', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = `/sessions/${cast.sessionA.id}/evaluation`;
    const res = await postForm(agent, url, { outcome_1: '', outcome_2: '', helped: '', toChange: '' }, url);
    expect(res.status).toBe(422);
    const links = [...readable(res.text).matchAll(/<li><a href="#field-(outcome_\d)">(.*?)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['outcome_1', 'Please choose a rating from 1 to 5 for “Outcome one”.'],
      ['outcome_2', 'Please choose a rating from 1 to 5 for “Outcome two”.'],
    ]);
  });

  it('takes an answer of exactly 4,000 characters, and asks for at most 4,000 when it is one longer', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = `/sessions/${cast.sessionA.id}/evaluation`;
    const tooLong = await postForm(agent, url, { outcome_1: '4', outcome_2: '5', helped: 'h'.repeat(4001), toChange: '' }, url);
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Please keep this to at most 4,000 characters.');
    expect(await ctx.db('evaluations').where({ enrolment_id: cast.enrolmentA })).toHaveLength(0);
    expect((await postForm(agent, url, { outcome_1: '4', outcome_2: '5', helped: 'h'.repeat(4000), toChange: '' }, url)).status).toBe(302);
  });

  it('records one evaluation, and a second send changes nothing', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = `/sessions/${cast.sessionA.id}/evaluation`;
    const res = await postForm(agent, url, { outcome_1: '4', outcome_2: '5', helped: 'Peers', toChange: 'More time' }, url);
    expect(res.status).toBe(302);
    const row = await ctx.db('evaluations').where({ enrolment_id: cast.enrolmentA }).first();
    expect(row).toMatchObject({ outcome_ratings: [4, 5], helped: 'Peers', to_change: 'More time' });
    await postForm(agent, url, { outcome_1: '1', outcome_2: '1' }, `/sessions/${cast.sessionA.id}/whats-left`);
    expect(await ctx.db('evaluations').where({ enrolment_id: cast.enrolmentA })).toHaveLength(1);
    expect((await agent.get(url)).text).toContain('You sent your evaluation');
  });

  it('says on which day the evaluation was sent as every other date is said: in words, on the session’s own clock', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ time_zone: 'America/Los_Angeles' });
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = `/sessions/${cast.sessionA.id}/evaluation`;
    expect((await postForm(agent, url, { outcome_1: '4', outcome_2: '5' }, url)).status).toBe(302);
    // 8 pm in Los Angeles on 9 March is already 10 March in UTC.
    await ctx.db('evaluations').where({ enrolment_id: cast.enrolmentA }).update({ submitted_at: new Date('2026-03-10T03:00:00Z') });
    expect((await agent.get(url)).text).toContain('You sent your evaluation on 9 March 2026.');
  });

  it('issues the certificate when the evaluation is the last rule to be met, and says so', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    await completeLearnerA(ctx.db, cast, ['evaluation']);
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = `/sessions/${cast.sessionA.id}/evaluation`;
    const res = await postForm(agent, url, { outcome_1: '5', outcome_2: '5' }, url);
    expect(res.headers.location).toBe(`/sessions/${cast.sessionA.id}/whats-left`);
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(1);
    const page = await agent.get(res.headers.location);
    expect(page.text).toContain('your certificate is ready');
    expect(await ctx.db('outbox_emails').where({ to_address: cast.learnerA.email }).whereILike('subject', 'Your certificate%')).toHaveLength(1);
  });

  it('opens with the last week: before, it says when and takes nothing, keeping what was sent on the page', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 1 }); // week 2 of 2 opens in six days
    const agent = await signIn(ctx.app, cast.learnerA);
    const url = `/sessions/${cast.sessionA.id}/evaluation`;
    const page = await agent.get(url);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/it opens with the last week: week 2, on \w+day \d{1,2} \w+\./);
    expect(page.text).not.toContain('<form method="post" action="' + url);
    const res = await postForm(agent, url, { outcome_1: '4', outcome_2: '5', helped: 'Kept words', toChange: '' }, `/sessions/${cast.sessionA.id}`);
    expect(res.status).toBe(409);
    expect(res.text).toMatch(/The evaluation opens with week 2, on \w+day \d{1,2} \w+\. Nothing was sent; your answers are still here to send then\./);
    expect(res.text).toContain('Kept words</textarea>');
    expect(await ctx.db('evaluations').where({ enrolment_id: cast.enrolmentA })).toHaveLength(0);

    // Its instructor opens the last week early: the evaluation opens with it.
    await postForm(await signIn(ctx.app, cast.instructorA), `/sessions/${cast.sessionA.id}/weeks/2/unlock`, {}, `/sessions/${cast.sessionA.id}`);
    expect((await agent.get(url)).text).toContain('<form method="post" action="' + url);
    expect((await postForm(agent, url, { outcome_1: '4', outcome_2: '5', helped: 'Kept words', toChange: '' }, url)).status).toBe(302);
    expect(await ctx.db('evaluations').where({ enrolment_id: cast.enrolmentA })).toHaveLength(1);
  });

  it('is not found for a learner of another session, for reading or sending', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    const agent = await signIn(ctx.app, cast.learnerB);
    expect((await agent.get(`/sessions/${cast.sessionA.id}/evaluation`)).status).toBe(404);
    const res = await postForm(agent, `/sessions/${cast.sessionA.id}/evaluation`, { outcome_1: '1', outcome_2: '1' });
    expect(res.status).toBe(404);
    expect(await ctx.db('evaluations').where({ enrolment_id: cast.enrolmentB })).toHaveLength(0);
  });
});

describe('the evaluation summary for staff', () => {
  const summaryUrl = (sessionId: number) => `/sessions/${sessionId}/evaluation/summary`;
  /** The page's main content, from its heading to the end of the summary. */
  const summaryOf = (html: string) => html.slice(html.indexOf('<h1>Evaluation summary</h1>'), html.indexOf('</main>'));
  const closeCompletion = (sessionId: number) => ctx.db('course_sessions').where({ id: sessionId }).update({ completion_deadline_at: new Date(Date.now() - 60_000) });
  /** One pass of the background jobs, which release the summaries that fell due (the page only reads). */
  const runJobs = () => runScheduledJobs({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl, logger: silentLogger }, { lastDigestDay: 'done' });
  const releasedAnswers = (sessionId: number) =>
    ctx.db('evaluations as ev').join('enrolments as e', 'e.id', 'ev.enrolment_id').where('e.course_session_id', sessionId).whereNotNull('ev.released_at').select('ev.id', 'ev.released_at').orderBy('ev.id');

  it('shows nothing until three learners answered, and says why', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    await insertEvaluation(ctx.db, cast.enrolmentA, [5, 4], { helped: 'Something personal' });
    await insertEvaluation(ctx.db, cast.peerEnrolmentA, [3, 2]);
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/evaluation/summary`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('2 learners have sent an evaluation so far');
    expect(res.text).toContain('at least 3 learners');
    expect(res.text).not.toContain('Something personal');
  });

  it('aggregates three or more answers anonymously: averages, counts and comments without names', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    const third = await createUser(ctx.db, { name: 'Thea Third' });
    const thirdEnrolment = await enrol(ctx.db, cast.sessionA.id, third.id);
    await insertEvaluation(ctx.db, cast.enrolmentA, [5, 4], { helped: 'Zebra-striped readings', toChange: 'Longer weeks' });
    await insertEvaluation(ctx.db, cast.peerEnrolmentA, [3, 2], { helped: 'Alpha peers' });
    await insertEvaluation(ctx.db, thirdEnrolment, [4, 3]);
    await insertEvaluation(ctx.db, cast.enrolmentB, [1, 1], { helped: 'From the other session' });
    await closeCompletion(cast.sessionA.id);
    await runJobs();
    const agent = await signIn(ctx.app, cast.instructorA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/evaluation/summary`);
    expect(res.text).toContain('3 learners answered');
    expect(res.text).toMatch(/Outcome one<\/th><td>4\.0<\/td><td>0<\/td><td>0<\/td><td>1<\/td><td>1<\/td><td>1<\/td>/);
    expect(res.text).toMatch(/Outcome two<\/th><td>3\.0<\/td>/);
    expect(res.text.indexOf('Alpha peers')).toBeLessThan(res.text.indexOf('Zebra-striped readings'));
    expect(res.text).toContain('Longer weeks');
    expect(res.text).not.toContain('From the other session');
    for (const name of [cast.learnerA.name, cast.peerA.name, third.name]) expect(res.text).not.toContain(name);
  });

  it('keeps three or more answers hidden from instructors and admins while completion is open, saying when the summary appears', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    const third = await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id);
    await insertEvaluation(ctx.db, cast.enrolmentA, [5, 4], { helped: 'Early words' });
    await insertEvaluation(ctx.db, cast.peerEnrolmentA, [3, 2]);
    await insertEvaluation(ctx.db, third, [4, 3]);
    const session = await ctx.db('course_sessions').where({ id: cast.sessionA.id }).first();
    const closes = DateTime.fromJSDate(new Date(session.completion_deadline_at), { zone: session.time_zone }).minus({ milliseconds: 1 }).toFormat('cccc d LLLL yyyy');
    for (const user of [cast.instructorA, cast.admin]) {
      const res = await (await signIn(ctx.app, user)).get(summaryUrl(cast.sessionA.id));
      expect(res.status).toBe(200);
      expect(res.text).toContain('3 learners have sent an evaluation so far.');
      expect(res.text).toContain(`The summary appears after completion closes at the end of ${closes}, when no more answers can arrive`);
      expect(res.text).not.toContain('Early words');
      expect(res.text).not.toContain('Ratings of each learning outcome');
    }
  });

  it('is made by the background jobs, never by opening the page: until their next pass, the page says it will appear within a quarter of an hour', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    const third = await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id);
    for (const enrolment of [cast.enrolmentA, cast.peerEnrolmentA, third]) await insertEvaluation(ctx.db, enrolment, [4, 4], { helped: `Words of ${enrolment}` });
    await closeCompletion(cast.sessionA.id);
    for (const user of [cast.instructorA, cast.admin]) {
      const page = summaryOf((await (await signIn(ctx.app, user)).get(summaryUrl(cast.sessionA.id))).text);
      expect(page).toContain('Completion has closed with 3 answers, enough for a summary.');
      expect(page).toContain('The summary will appear here within a quarter of an hour.');
      expect(page).not.toContain(`Words of ${third}`);
    }
    expect(await releasedAnswers(cast.sessionA.id)).toHaveLength(0);

    await runJobs();
    const res = await (await signIn(ctx.app, cast.instructorA)).get(summaryUrl(cast.sessionA.id));
    expect(res.text).toContain('3 learners answered.');
    expect(res.text).toContain(`Words of ${third}`);
    expect(res.text).not.toContain('within a quarter of an hour');
    expect(await releasedAnswers(cast.sessionA.id)).toHaveLength(3);
  });

  it('waits for more time given to a learner who has not answered, but not for one who has', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    const third = await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id);
    const fourth = await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id);
    for (const enrolment of [cast.enrolmentA, cast.peerEnrolmentA, third]) await insertEvaluation(ctx.db, enrolment, [4, 4], { helped: `Words of ${enrolment}` });
    await closeCompletion(cast.sessionA.id);
    const inAWeek = new Date(Date.now() + 7 * 86_400_000);
    await ctx.db('enrolments').where({ id: cast.enrolmentA }).update({ completion_extended_to: inAWeek });
    await ctx.db('enrolments').where({ id: fourth }).update({ completion_extended_to: inAWeek });
    await runJobs();
    const agent = await signIn(ctx.app, cast.instructorA);
    let res = await agent.get(summaryUrl(cast.sessionA.id));
    expect(res.text).toContain('3 learners have sent an evaluation so far.');
    expect(res.text).not.toContain(`Words of ${third}`);
    expect(await releasedAnswers(cast.sessionA.id)).toHaveLength(0);

    // The fourth learner's extra time ends without an answer: the next pass releases the summary.
    await ctx.db('enrolments').where({ id: fourth }).update({ completion_extended_to: new Date(Date.now() - 1000) });
    await runJobs();
    res = await agent.get(summaryUrl(cast.sessionA.id));
    expect(res.text).toContain('3 learners answered.');
    expect(res.text).toContain(`Words of ${third}`);
  });

  it('stops waiting for more time given to learners once they can no longer answer: withdrawn, moved to another session or deactivated', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    const third = await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id);
    for (const enrolment of [cast.enrolmentA, cast.peerEnrolmentA, third]) await insertEvaluation(ctx.db, enrolment, [4, 4], { helped: `Words of ${enrolment}` });
    const sleeper = await createUser(ctx.db, { name: 'Dee Deactivated' });
    const [leaver, mover, dozing] = [await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id), await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id), await enrol(ctx.db, cast.sessionA.id, sleeper.id)];
    await closeCompletion(cast.sessionA.id);
    await ctx.db('enrolments').whereIn('id', [leaver, mover, dozing]).update({ completion_extended_to: new Date(Date.now() + 7 * 86_400_000) });
    const agent = await signIn(ctx.app, cast.instructorA);
    // While they could still answer, their more time holds the summary back.
    await runJobs();
    expect((await agent.get(summaryUrl(cast.sessionA.id))).text).toContain('3 learners have sent an evaluation so far.');
    expect(await releasedAnswers(cast.sessionA.id)).toHaveLength(0);

    const later = await createSession(ctx.db, cast.course.id, { startedDaysAgo: -30 });
    await ctx.db('enrolments').where({ id: leaver }).update({ status: 'withdrawn' });
    await ctx.db('enrolments').where({ id: mover }).update({ status: 'withdrawn', moved_to_session_id: later.id });
    await ctx.db('users').where({ id: sleeper.id }).update({ active: false });
    await runJobs();
    const res = await agent.get(summaryUrl(cast.sessionA.id));
    expect(res.text).toContain('3 learners answered.');
    expect(res.text).toContain(`Words of ${third}`);
  });

  it('says when completion closed with fewer than three answers, and shows none of them', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    await insertEvaluation(ctx.db, cast.enrolmentA, [5, 4], { helped: 'Only two of us' });
    await insertEvaluation(ctx.db, cast.peerEnrolmentA, [3, 2]);
    await closeCompletion(cast.sessionA.id);
    await runJobs();
    const res = await (await signIn(ctx.app, cast.instructorA)).get(summaryUrl(cast.sessionA.id));
    expect(res.text).toContain('Completion has closed with 2 answers.');
    expect(res.text).not.toContain('within a quarter of an hour');
    expect(res.text).not.toContain('Only two of us');
    expect(await releasedAnswers(cast.sessionA.id)).toHaveLength(0);
  });

  it('freezes the released summary: an answer sent later, after more time is given, is never added, so it cannot be picked out', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    const late = await createUser(ctx.db, { name: 'Lee Late' });
    const lateEnrolment = await enrol(ctx.db, cast.sessionA.id, late.id);
    const third = await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id);
    await insertEvaluation(ctx.db, cast.enrolmentA, [5, 4], { helped: 'Zebra-striped readings' });
    await insertEvaluation(ctx.db, cast.peerEnrolmentA, [3, 2], { helped: 'Alpha peers' });
    await insertEvaluation(ctx.db, third, [4, 3]);
    await closeCompletion(cast.sessionA.id);
    await runJobs();
    const staff = await signIn(ctx.app, cast.instructorA);
    const admin = await signIn(ctx.app, cast.admin);
    const released = summaryOf((await staff.get(summaryUrl(cast.sessionA.id))).text);
    expect(released).toContain('3 learners answered.');
    expect(released).toMatch(/Outcome one<\/th><td>4\.0<\/td><td>0<\/td><td>0<\/td><td>1<\/td><td>1<\/td><td>1<\/td>/);
    const releasedRows = await releasedAnswers(cast.sessionA.id);
    expect(releasedRows).toHaveLength(3);

    // The instructor gives a learner more time; they answer through the form, and the table says "Sent".
    await ctx.db('enrolments').where({ id: lateEnrolment }).update({ completion_extended_to: new Date(Date.now() + 7 * 86_400_000) });
    const learner = await signIn(ctx.app, late);
    const url = `/sessions/${cast.sessionA.id}/evaluation`;
    expect((await postForm(learner, url, { outcome_1: '1', outcome_2: '1', helped: 'A late and telling answer', toChange: '' }, url)).status).toBe(302);
    expect((await learner.get(`/sessions/${cast.sessionA.id}/whats-left`)).text).toContain('so your answers are kept but not added to it');
    await runJobs();
    for (const agent of [staff, admin]) {
      const now = summaryOf((await agent.get(summaryUrl(cast.sessionA.id))).text);
      expect(now.replace(/ One answer sent after that, by learners given more time, is not added, so that no single answer can be picked out\./, '')).toBe(released);
      expect(now).toContain('One answer sent after that, by learners given more time, is not added');
      expect(now).not.toContain('A late and telling answer');
    }
    // Nor once the late learner's time has run out.
    await ctx.db('enrolments').where({ id: lateEnrolment }).update({ completion_extended_to: new Date(Date.now() - 1000) });
    await runJobs();
    expect(summaryOf((await staff.get(summaryUrl(cast.sessionA.id))).text)).not.toContain('A late and telling answer');
    expect(await releasedAnswers(cast.sessionA.id)).toEqual(releasedRows);
  });

  it('releases a later session’s summary in its turn when a learner moved there took their released answer along', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    const third = await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id);
    for (const enrolment of [cast.enrolmentA, cast.peerEnrolmentA, third]) await insertEvaluation(ctx.db, enrolment, [4, 4]);
    await closeCompletion(cast.sessionA.id);
    await runJobs();
    expect((await (await signIn(ctx.app, cast.instructorA)).get(summaryUrl(cast.sessionA.id))).text).toContain('3 learners answered.');

    const later = await createSession(ctx.db, cast.course.id, { startedDaysAgo: -30 });
    const admin = await signIn(ctx.app, cast.admin);
    const move = `/admin/sessions/${cast.sessionA.id}/enrolments/${cast.enrolmentA}/move`;
    expect((await postForm(admin, move, { targetSessionId: String(later.id) }, move)).status).toBe(302);
    for (let i = 0; i < 2; i++) await insertEvaluation(ctx.db, await enrol(ctx.db, later.id, (await createUser(ctx.db)).id), [2, 2], { helped: `Later words ${i}` });
    await closeCompletion(later.id);
    await runJobs();
    const res = await admin.get(summaryUrl(later.id));
    expect(res.text).toContain('3 learners answered.');
    expect(res.text).toContain('Later words 1');
  });

  it('keeps a summary released when the learners moved to another session take its answers along, and never makes it again from answers sent later', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 });
    const third = await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id);
    const late = [];
    for (let i = 0; i < 3; i++) late.push(await enrol(ctx.db, cast.sessionA.id, (await createUser(ctx.db)).id));
    for (const enrolment of [cast.enrolmentA, cast.peerEnrolmentA, third]) await insertEvaluation(ctx.db, enrolment, [4, 4]);
    await closeCompletion(cast.sessionA.id);
    await runJobs();
    const staff = await signIn(ctx.app, cast.instructorA);
    expect((await staff.get(summaryUrl(cast.sessionA.id))).text).toContain('3 learners answered.');

    const later = await createSession(ctx.db, cast.course.id, { startedDaysAgo: -30 });
    const admin = await signIn(ctx.app, cast.admin);
    const moveAway = async (enrolmentId: number) => {
      const move = `/admin/sessions/${cast.sessionA.id}/enrolments/${enrolmentId}/move`;
      expect((await postForm(admin, move, { targetSessionId: String(later.id) }, move)).status).toBe(302);
    };
    await moveAway(cast.enrolmentA);
    let page = summaryOf((await staff.get(summaryUrl(cast.sessionA.id))).text);
    expect(page).toContain('but only 2 answers of it are left.');
    expect(page).not.toContain('Completion has closed');

    await moveAway(cast.peerEnrolmentA);
    await moveAway(third);
    await ctx.db('enrolments').whereIn('id', late).update({ completion_extended_to: new Date(Date.now() + 60_000) });
    for (const enrolment of late) await insertEvaluation(ctx.db, enrolment, [1, 1], { helped: 'A late and telling answer' });
    await ctx.db('enrolments').whereIn('id', late).update({ completion_extended_to: new Date(Date.now() - 1000) });
    await runJobs();
    expect(await releasedAnswers(cast.sessionA.id)).toHaveLength(0);
    page = summaryOf((await staff.get(summaryUrl(cast.sessionA.id))).text);
    expect(page).toContain('but none of its answers are left.');
    expect(page).toContain('the 3 answers sent after it, by learners given more time, are not added.');
    expect(page).not.toContain('A late and telling answer');
  });

  it('is not found for learners and for the instructor of another session', async () => {
    const cast = await completionCast(ctx.db, { startedDaysAgo: 8 }); // week 2 of 2 is open
    for (const user of [cast.learnerA, cast.instructorB]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(`/sessions/${cast.sessionA.id}/evaluation/summary`)).status).toBe(404);
    }
  });
});
