import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCohorts, createUser, enrol } from '../helpers/factories';
import { decode, postForm, readable, signIn, type Agent } from '../helpers/http';
import { filesOf, pdfBytes, postReflection, reflectionOf, reflectionUrl, reviewUrl, submittedReflection, versionsOf } from '../helpers/reflections-factories';
import { messageBeside, summaryLinks } from '../helpers/error-summary';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const submitted = () => submittedReflection(ctx, 'What I noticed this week', [{ bytes: pdfBytes(), name: 'my notes.pdf' }]);

function sendFeedback(agent: Agent, sessionId: number, reflectionId: number, data: Record<string, string>) {
  return postForm(agent, `${reviewUrl(sessionId, reflectionId)}/feedback`, data, reviewUrl(sessionId, reflectionId));
}

describe('feedback queue', () => {
  it('lists submitted reflections of this session only, oldest first, without drafts', async () => {
    const c = await createCohorts(ctx.db);
    const second = await createUser(ctx.db, { name: 'Second Submitter' });
    const drafting = await createUser(ctx.db, { name: 'Still Drafting' });
    await enrol(ctx.db, c.sessionA.id, second.id);
    await enrol(ctx.db, c.sessionA.id, drafting.id);
    await postReflection(await signIn(ctx.app, second), c.sessionA.id, 1, 'Second');
    await postReflection(await signIn(ctx.app, c.learnerA), c.sessionA.id, 1, 'First');
    const draftAgent = await signIn(ctx.app, drafting);
    await postForm(draftAgent, `${reflectionUrl(c.sessionA.id, 1)}/draft`, { text: 'Not yet' }, reflectionUrl(c.sessionA.id, 1));
    await postReflection(await signIn(ctx.app, c.learnerB), c.sessionB.id, 1, 'Other session');
    const learnerARow = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
    await ctx.db('reflections').where({ id: learnerARow.id }).update({ submitted_at: new Date(Date.now() - 3_600_000) });

    const instructor = await signIn(ctx.app, c.instructorA);
    const res = await instructor.get(`/sessions/${c.sessionA.id}/feedback`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(c.learnerA.name);
    expect(res.text).toContain('Second Submitter');
    expect(res.text.indexOf(c.learnerA.name)).toBeLessThan(res.text.indexOf('Second Submitter'));
    expect(res.text).not.toContain('Still Drafting');
    expect(res.text).not.toContain(c.learnerB.name);
  });

  it('answers 404 to learners, to instructors of another session and to admins who do not teach it; an admin who does sees it', async () => {
    const { c } = await submitted();
    for (const user of [c.learnerA, c.learnerB, c.instructorB, c.admin]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(`/sessions/${c.sessionA.id}/feedback`)).status).toBe(404);
    }
    await assignInstructor(ctx.db, c.sessionA.id, c.admin.id);
    const admin = await signIn(ctx.app, c.admin);
    const res = await admin.get(`/sessions/${c.sessionA.id}/feedback`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(c.learnerA.name);
  });
});

describe('giving feedback', () => {
  it('shows the learner text, files and a feedback form to the session instructor', async () => {
    const { c, instructor, reflection } = await submitted();
    const files = await filesOf(ctx.db, reflection.id);
    const res = await instructor.get(reviewUrl(c.sessionA.id, reflection.id));
    expect(res.status).toBe(200);
    expect(res.text).toContain('What I noticed this week');
    expect(res.text).toContain(`href="/reflection-files/${files[0].id}"`);
    expect(res.text).toContain('my notes.pdf');
    expect(res.text).toContain('value="accept"');
    expect(res.text).toContain('value="return"');
  });

  it('accepts with sanitised Markdown feedback, emails the learner and shows the feedback next to their text', async () => {
    const { c, learner, instructor, reflection } = await submitted();
    const res = await sendFeedback(instructor, c.sessionA.id, reflection.id, { feedback: '**Lovely** work <script>alert(1)</script>', outcome: 'accept' });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/sessions/${c.sessionA.id}/feedback`);
    const [version] = await versionsOf(ctx.db, reflection.id);
    expect(version).toMatchObject({ outcome: 'accepted', feedback_by: c.instructorA.id });
    expect(version.feedback_html).toContain('<strong>Lovely</strong>');
    expect(version.feedback_html).not.toContain('<script>');
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).status).toBe('accepted');
    const mail = await ctx.db('outbox_emails').where({ to_address: c.learnerA.email }).orderBy('id', 'desc').first();
    expect(mail.subject).toContain('accepted');
    expect(mail.reply_to).toBe(c.instructorA.email); // the learner's answer reaches the instructor
    expect(mail.body_text).toContain(`/sessions/${c.sessionA.id}/weeks/1/reflection`);
    const page = await learner.get(reflectionUrl(c.sessionA.id, 1));
    expect(page.text).toContain('<strong>Lovely</strong>');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toContain('What I noticed this week');
    expect(page.text).not.toContain('enctype="multipart/form-data"');
    expect((await instructor.get(`/sessions/${c.sessionA.id}/feedback`)).text).not.toContain(`href="${reviewUrl(c.sessionA.id, reflection.id)}"`);
  });

  it('shows headings in the feedback below the version’s heading, for the learner and the instructor', async () => {
    const { c, learner, instructor, reflection } = await submitted();
    await sendFeedback(instructor, c.sessionA.id, reflection.id, { feedback: '## What worked\n\nYour honesty.', outcome: 'accept' });
    for (const page of [await learner.get(reflectionUrl(c.sessionA.id, 1)), await instructor.get(reviewUrl(c.sessionA.id, reflection.id))]) {
      expect(page.text).toMatch(/<h3>Version 1, submitted [^<]*<\/h3>/);
      expect(page.text).toContain('<h4>What worked</h4>');
    }
  });

  it('returns for revision; the learner edits and resubmits, and every version is kept with its feedback', async () => {
    const { c, learner, instructor, reflection } = await submitted();
    expect((await sendFeedback(instructor, c.sessionA.id, reflection.id, { feedback: 'Please say more about rest.', outcome: 'return' })).status).toBe(302);
    const mail = await ctx.db('outbox_emails').where({ to_address: c.learnerA.email }).orderBy('id', 'desc').first();
    expect(mail.subject).toContain('revise');
    // The words stay on the site: the outbox's copy of the email is read by every admin.
    expect(mail.body_text).not.toContain('Please say more about rest.');
    expect(mail.body_text).toContain(`Read their feedback next to your text, on the site, where only you and the instructors of your session can read it: `);
    expect(mail.body_text).toContain(`/sessions/${c.sessionA.id}/weeks/1/reflection`);
    const page = await learner.get(reflectionUrl(c.sessionA.id, 1));
    expect(page.text).toContain('Returned for revision');
    expect(page.text).toContain('Please say more about rest.');
    expect(page.text).toContain('enctype="multipart/form-data"');
    expect(page.text).toContain('What I noticed this week</textarea>');

    expect((await postReflection(learner, c.sessionA.id, 1, 'Revised, with more about rest')).status).toBe(302);
    const versions = await versionsOf(ctx.db, reflection.id);
    expect(versions.map((v) => [v.version, v.text, v.outcome])).toEqual([
      [1, 'What I noticed this week', 'returned'],
      [2, 'Revised, with more about rest', null],
    ]);
    expect(await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).toMatchObject({ status: 'submitted', current_version: 2 });
    const after = await learner.get(reflectionUrl(c.sessionA.id, 1));
    expect(after.text).toContain('Earlier versions');
    expect(after.text).toContain('Version 1');
    expect(after.text).toContain('Please say more about rest.');
    expect((await instructor.get(`/sessions/${c.sessionA.id}/feedback`)).text).toContain(`href="${reviewUrl(c.sessionA.id, reflection.id)}"`);
  });

  it('refuses to return without feedback, keeping what was typed, and changes nothing', async () => {
    const { c, instructor, reflection } = await submitted();
    // Spaces, line breaks and invisible characters are no feedback: the learner would see an empty box.
    for (const blank of ['  ', '\n\t\r\n', '\u200b\u00a0\u2060']) {
      const res = await sendFeedback(instructor, c.sessionA.id, reflection.id, { feedback: blank, outcome: 'return' });
      expect({ blank, status: res.status }).toEqual({ blank, status: 422 });
      expect(res.text).toContain('<p class="field-error" id="field-feedback-error"><span class="visually-hidden">Error: </span>Please tell the learner what to revise before returning it.</p>');
      expect(readable(res.text)).toContain(`${blank}</textarea>`);
    }
    expect((await versionsOf(ctx.db, reflection.id))[0]).toMatchObject({ outcome: null, feedback_md: null });
    const bad = await sendFeedback(instructor, c.sessionA.id, reflection.id, { feedback: 'Kept words', outcome: 'maybe' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Kept words</textarea>');
    const [link] = summaryLinks(bad.text);
    expect(link).toMatchObject({ id: 'field-outcome', targets: 1, inError: true });
    expect(messageBeside(bad.text, 'field-outcome')).toBe(link.message);
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).status).toBe('submitted');
  });

  it('refuses a second decision on the same version with 409', async () => {
    const { c, instructor, reflection } = await submitted();
    await sendFeedback(instructor, c.sessionA.id, reflection.id, { feedback: 'Good', outcome: 'accept' });
    expect((await sendFeedback(instructor, c.sessionA.id, reflection.id, { feedback: 'Again', outcome: 'return' })).status).toBe(409);
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).status).toBe('accepted');
  });

  it('takes the same feedback sent twice (a double click) as sent once: no refusal, one email', async () => {
    const { c, instructor, reflection } = await submitted();
    const words = { feedback: 'Could you say more about what you noticed afterwards?', outcome: 'return' };
    const first = await sendFeedback(instructor, c.sessionA.id, reflection.id, words);
    const again = await sendFeedback(instructor, c.sessionA.id, reflection.id, words);
    expect([first.status, again.status]).toEqual([302, 302]);
    expect(again.headers.location).toBe(first.headers.location);
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).status).toBe('returned');
    const emails = await ctx.db('outbox_emails').where({ to_address: c.learnerA.email }).where('subject', 'like', '%please revise it');
    expect(emails).toHaveLength(1);
  });

  it('names who answered first when another instructor sends other feedback on the same version, keeping theirs', async () => {
    const { c, instructor, reflection } = await submitted();
    const colleague = await createUser(ctx.db, { role: 'instructor', name: 'Colleague Instructor' });
    await assignInstructor(ctx.db, c.sessionA.id, colleague.id);
    const other = await signIn(ctx.app, colleague);
    await sendFeedback(instructor, c.sessionA.id, reflection.id, { feedback: 'Thoughtful work.', outcome: 'accept' });
    const late = await sendFeedback(other, c.sessionA.id, reflection.id, { feedback: 'Thoughtful work.', outcome: 'accept' });
    expect(late.status).toBe(409);
    expect(decode(late.text)).toContain(`${c.instructorA.name} already gave feedback on this version (accepted), so yours was not sent.`);
    expect((await versionsOf(ctx.db, reflection.id))[0]).toMatchObject({ feedback_md: 'Thoughtful work.', feedback_by: c.instructorA.id });
  });

  it('lets an admin give feedback once they are an instructor of the session', async () => {
    const { c, reflection } = await submitted();
    await assignInstructor(ctx.db, c.sessionA.id, c.admin.id);
    const admin = await signIn(ctx.app, c.admin);
    expect((await sendFeedback(admin, c.sessionA.id, reflection.id, { feedback: '', outcome: 'accept' })).status).toBe(302);
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).status).toBe('accepted');
  });
});

describe('a learner withdrawn after sending a reflection', () => {
  it('leaves the queue and every count of reflections waiting, and cannot be sent feedback they could not act on', async () => {
    const { c, instructor, reflection, url } = await submitted();
    const stays = await createUser(ctx.db, { name: 'Still Here' });
    await enrol(ctx.db, c.sessionA.id, stays.id);
    await postReflection(await signIn(ctx.app, stays), c.sessionA.id, 1, 'Mine is still waiting');
    const admin = await signIn(ctx.app, c.admin);
    const enrolmentId = (await ctx.db('enrolments').where({ course_session_id: c.sessionA.id, user_id: c.learnerA.id }).first('id')).id;
    const withdrawn = await postForm(admin, `/admin/sessions/${c.sessionA.id}/enrolments/${enrolmentId}/withdraw`, { note: '' }, `/admin/sessions/${c.sessionA.id}`);
    expect(withdrawn.status).toBe(302);

    const queue = decode((await instructor.get(`/sessions/${c.sessionA.id}/feedback`)).text);
    expect(queue).toContain('Still Here');
    expect(queue).not.toContain(c.learnerA.name);
    expect(queue).toContain('Waiting for feedback (1)');
    for (const page of ['/teach', '/dashboard', `/sessions/${c.sessionA.id}`]) {
      const text = decode((await instructor.get(page)).text);
      expect({ page, one: text.includes('1 reflection waiting for feedback') }).toEqual({ page, one: true });
    }
    expect((await instructor.get(url)).status).toBe(404);
    const before = await ctx.db('outbox_emails').where({ to_address: c.learnerA.email }).count<{ n: string }[]>({ n: '*' });
    expect((await sendFeedback(instructor, c.sessionA.id, reflection.id, { feedback: 'Please revise', outcome: 'return' })).status).toBe(404);
    expect(await ctx.db('outbox_emails').where({ to_address: c.learnerA.email }).count<{ n: string }[]>({ n: '*' })).toEqual(before);
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).status).toBe('submitted');
  });
});

it('sends no email to a learner whose account is deactivated, as with every session email, yet records the feedback', async () => {
  const { c, instructor, reflection } = await submitted();
  await ctx.db('users').where({ id: c.learnerA.id }).update({ active: false });
  const res = await sendFeedback(instructor, c.sessionA.id, reflection.id, { feedback: 'Well seen', outcome: 'accept' });
  expect(res.status).toBe(302);
  expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).status).toBe('accepted');
  expect(await ctx.db('outbox_emails').where({ to_address: c.learnerA.email }).pluck('subject')).toEqual([]);
});
