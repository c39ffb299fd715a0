import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCohorts } from '../helpers/factories';
import { type Agent, decode, postForm, readable, signIn } from '../helpers/http';
import { postReflection, reflectionOf, reflectionUrl, reviewUrl, submittedReflection, versionsOf } from '../helpers/reflections-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const changeUrl = (sessionId: number, reflectionId: number) => `${reviewUrl(sessionId, reflectionId)}/feedback/edit`;

/** A week 1 reflection of learner A, answered by instructor A. */
async function answered(outcome: 'accept' | 'return', feedback: string) {
  const submitted = await submittedReflection(ctx, 'What I noticed this week');
  const sent = await postForm(submitted.instructor, `${submitted.url}/feedback`, { feedback, outcome }, submitted.url);
  expect(sent.status).toBe(302);
  return submitted;
}

/** Opens the change page and reads the feedback version it carries. */
async function openChange(agent: Agent, sessionId: number, reflectionId: number): Promise<string> {
  const page = await agent.get(changeUrl(sessionId, reflectionId));
  expect(page.status).toBe(200);
  return /name="rev" value="(\d+)"/.exec(page.text)![1];
}

function sendChange(agent: Agent, sessionId: number, reflectionId: number, data: Record<string, string>) {
  return postForm(agent, changeUrl(sessionId, reflectionId), data, reviewUrl(sessionId, reflectionId));
}

const emailsTo = async (address: string) => Number((await ctx.db('outbox_emails').where({ to_address: address }).count({ n: '*' }))[0].n);

describe('changing feedback already sent', () => {
  it('replaces its words, keeps the outcome and who sent it, marks it changed for the learner, and emails no one', async () => {
    const { c, learner, instructor, reflection } = await answered('accept', 'Lovely work, Sma.');
    const review = await instructor.get(reviewUrl(c.sessionA.id, reflection.id));
    expect(review.text).toContain(`href="${changeUrl(c.sessionA.id, reflection.id)}"`);
    const page = await instructor.get(changeUrl(c.sessionA.id, reflection.id));
    expect(page.text).toContain('Lovely work, Sma.</textarea>');
    expect(decode(page.text)).toContain('The reflection stays accepted.');
    const rev = await openChange(instructor, c.sessionA.id, reflection.id);
    const emails = await emailsTo(c.learnerA.email);

    const res = await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: 'Lovely work, **Sam**. <script>alert(1)</script>', rev });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(reviewUrl(c.sessionA.id, reflection.id));
    const [version] = await versionsOf(ctx.db, reflection.id);
    expect(version).toMatchObject({ outcome: 'accepted', feedback_by: c.instructorA.id, feedback_changed_by: c.instructorA.id, feedback_md: 'Lovely work, **Sam**. <script>alert(1)</script>' });
    expect(version.feedback_changed_at).toBeInstanceOf(Date);
    expect(version.feedback_html).toContain('<strong>Sam</strong>');
    expect(version.feedback_html).not.toContain('<script>');
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).status).toBe('accepted');
    expect(await emailsTo(c.learnerA.email)).toBe(emails);

    const seen = await learner.get(reflectionUrl(c.sessionA.id, 1));
    expect(seen.text).toContain('Lovely work, <strong>Sam</strong>.');
    expect(seen.text).not.toContain('Sma.');
    expect(seen.text).not.toContain('<script>alert(1)</script>');
    expect(seen.text).toMatch(new RegExp(`${c.instructorA.name}, [^<]+ · Changed \\d`));
  });

  it('names who changed it when that is not who sent it', async () => {
    const { c, learner, reflection } = await answered('accept', 'Well done.');
    // An admin standing in for the instructor, added as a second instructor of the session.
    await assignInstructor(ctx.db, c.sessionA.id, c.admin.id);
    const admin = await signIn(ctx.app, c.admin);
    const rev = await openChange(admin, c.sessionA.id, reflection.id);
    expect((await sendChange(admin, c.sessionA.id, reflection.id, { feedback: 'Well done, and thank you.', rev })).status).toBe(302);
    const seen = await learner.get(reflectionUrl(c.sessionA.id, 1));
    expect(seen.text).toContain('Well done, and thank you.');
    expect(seen.text).toContain(`Changed by ${c.admin.name}, `);
  });

  it('refuses a change from a page opened before another change, handing its words back', async () => {
    const { c, instructor, reflection } = await answered('return', 'Say more about rest.');
    const rev = await openChange(instructor, c.sessionA.id, reflection.id);
    expect((await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: 'Say more about rest, please.', rev })).status).toBe(302);
    const stale = await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: 'The words of the window behind', rev });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('changed in another window, or by another instructor');
    expect(stale.text).toContain('The words of the window behind');
    // Its page leads back to this reflection, in its own session, not to the dashboard.
    expect(stale.text).toContain(`<a class="button" href="${reviewUrl(c.sessionA.id, reflection.id)}">Open the reflection again to see its feedback now</a>`);
    expect(stale.text).toContain(`<a href="/sessions/${c.sessionA.id}/feedback" aria-current="page">Feedback queue</a>`);
    expect(stale.text).not.toContain('href="/dashboard">your dashboard');
    expect((await versionsOf(ctx.db, reflection.id))[0].feedback_md).toBe('Say more about rest, please.');
    const fresh = await openChange(instructor, c.sessionA.id, reflection.id);
    expect(fresh).not.toBe(rev);
    expect((await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: 'The words of the window behind', rev: fresh })).status).toBe(302);
  });

  it('leaves the feedback a learner acted on as it was once they send a new version', async () => {
    const { c, learner, instructor, reflection } = await answered('return', 'Say more about rest.');
    const rev = await openChange(instructor, c.sessionA.id, reflection.id);
    await postReflection(learner, c.sessionA.id, 1, 'Revised, with more about rest');

    const page = await instructor.get(changeUrl(c.sessionA.id, reflection.id));
    expect(page.status).toBe(409);
    expect(decode(page.text)).toContain(`${c.learnerA.name} has sent a new version since this feedback`);
    expect(page.text).toContain(`<a class="button" href="${reviewUrl(c.sessionA.id, reflection.id)}">Open the reflection</a>`);
    const late = await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: 'A late change', rev });
    expect(late.status).toBe(409);
    expect(late.text).toContain('A late change');
    expect(late.text).toContain(`href="${reviewUrl(c.sessionA.id, reflection.id)}">Open the reflection again`);
    expect((await versionsOf(ctx.db, reflection.id)).map((v) => [v.version, v.feedback_md, v.feedback_changed_at])).toEqual([
      [1, 'Say more about rest.', null],
      [2, null, null],
    ]);
    expect((await instructor.get(reviewUrl(c.sessionA.id, reflection.id))).text).not.toContain(changeUrl(c.sessionA.id, reflection.id));
  });

  it('has nothing to change before the first feedback', async () => {
    const c = await createCohorts(ctx.db);
    await postReflection(await signIn(ctx.app, c.learnerA), c.sessionA.id, 1, 'Waiting for feedback');
    const reflection = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    const instructor = await signIn(ctx.app, c.instructorA);
    expect((await instructor.get(reviewUrl(c.sessionA.id, reflection.id))).text).not.toContain(changeUrl(c.sessionA.id, reflection.id));
    const page = await instructor.get(changeUrl(c.sessionA.id, reflection.id));
    expect(page.status).toBe(409);
    expect(decode(page.text)).toContain('This reflection has no feedback yet.');
    expect((await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: 'Too soon' })).status).toBe(409);
    expect((await versionsOf(ctx.db, reflection.id))[0]).toMatchObject({ feedback_md: null, outcome: null });
  });

  it('keeps a returned reflection’s feedback from being emptied, and too long a text, with the words and version kept', async () => {
    const { c, instructor, reflection } = await answered('return', 'Say more about rest.');
    const rev = await openChange(instructor, c.sessionA.id, reflection.id);
    const empty = await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: '   ', rev });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('please keep telling the learner what to revise');
    expect(empty.text).toContain(`name="rev" value="${rev}"`);
    const long = 'x'.repeat(20_001);
    const tooLong = await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: long, rev });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Please keep your feedback to 20,000 characters.');
    expect(tooLong.text).toContain(`${long}</textarea>`);
    expect((await versionsOf(ctx.db, reflection.id))[0]).toMatchObject({ feedback_md: 'Say more about rest.', feedback_changed_at: null });
  });

  it('refuses to empty accepted feedback with spaces or invisible characters: 422 next to the box, the typed text and version kept, nothing changed', async () => {
    const { c, learner, instructor, reflection } = await answered('accept', 'Good work on rest.');
    const rev = await openChange(instructor, c.sessionA.id, reflection.id);
    for (const blank of ['', '   ', ' \n\t \r\n ', '\u00a0\u200b\u3000\ufeff']) {
      const res = await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: blank, rev });
      expect({ blank, status: res.status }).toEqual({ blank, status: 422 });
      const page = decode(res.text);
      expect(readable(page)).toContain(`<p class="field-error" id="field-feedback-error"><span class="visually-hidden">Error: </span>Please write the feedback you want ${c.learnerA.name} to read. To keep it as it was, choose “Cancel”.</p>`);
      expect(page).toContain('aria-invalid="true">');
      expect(page).toContain(`${blank}</textarea>`);
      expect(page).toContain(`name="rev" value="${rev}"`);
      expect(page).not.toContain('Good work on rest.</textarea>');
    }
    expect((await versionsOf(ctx.db, reflection.id))[0]).toMatchObject({ feedback_md: 'Good work on rest.', outcome: 'accepted', feedback_changed_at: null });
    const seen = await learner.get(reflectionUrl(c.sessionA.id, 1));
    expect(seen.text).toContain('Good work on rest.');
    expect(seen.text).not.toContain(' · Changed');
    // The page was not spent: its real change goes through.
    expect((await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: 'Good work on rest and sleep.', rev })).status).toBe(302);
  });

  it('changes nothing when the words are the same', async () => {
    const { c, instructor, reflection } = await answered('accept', 'Good.');
    const same = await sendChange(instructor, c.sessionA.id, reflection.id, { feedback: 'Good.', rev: await openChange(instructor, c.sessionA.id, reflection.id) });
    expect(same.status).toBe(302);
    expect((await instructor.get(same.headers.location)).text).toContain('Nothing was changed');
    expect((await versionsOf(ctx.db, reflection.id))[0].feedback_changed_at).toBeNull();
  });

  it('answers 404 to learners, to another session’s instructor, and for a reflection of another session', async () => {
    const { c, reflection } = await answered('accept', 'Private words of feedback');
    const learnerB = await signIn(ctx.app, c.learnerB);
    await postReflection(learnerB, c.sessionB.id, 1, 'Session B text');
    const otherReflection = await reflectionOf(ctx.db, c.sessionB.id, c.learnerB.id);
    for (const user of [c.learnerA, c.learnerB, c.instructorB]) {
      const agent = await signIn(ctx.app, user);
      const page = await agent.get(changeUrl(c.sessionA.id, reflection.id));
      expect([403, 404]).toContain(page.status);
      expect(page.text).not.toContain('Private words of feedback');
      expect([403, 404]).toContain((await sendChange(agent, c.sessionA.id, reflection.id, { feedback: 'Not theirs' })).status);
    }
    const instructorA = await signIn(ctx.app, c.instructorA);
    expect((await instructorA.get(changeUrl(c.sessionA.id, otherReflection.id))).status).toBe(404);
    expect((await sendChange(instructorA, c.sessionA.id, otherReflection.id, { feedback: 'Wrong session' })).status).toBe(404);
    expect((await instructorA.get(changeUrl(c.sessionA.id, 999_999))).status).toBe(404);
    expect((await versionsOf(ctx.db, reflection.id))[0]).toMatchObject({ feedback_md: 'Private words of feedback', feedback_changed_at: null });
  });
});
