import { checkAndIssue } from '../../src/completion';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast } from '../helpers/completion-factories';
import { assignInstructor, createUser, enrol } from '../helpers/factories';
import { emailsTo, follow, lastEmailTo, updateSession } from '../helpers/enrolment-factories';
import { csrfFrom, decode, postForm, signIn, signedInAs } from '../helpers/http';

// Staff email the learners the progress table's filters pick: a nudge to those behind on a week.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const messageUrl = (sessionId: number, query = '') => `/sessions/${sessionId}/progress/message${query ? `?${query}` : ''}`;
const message = { subject: 'Week 1 is waiting for you', body: 'No rush, but week 1 still has something open.\nTake it gently.' };

/** Session A with learner A complete (certificate issued), the peer not, and a deactivated learner. */
async function messagingCast() {
  const cast = await completionCast(ctx.db);
  await completeLearnerA(ctx.db, cast);
  await checkAndIssue({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl }, cast.enrolmentA);
  const gone = await createUser(ctx.db, { name: 'Gil Gone', active: false });
  await enrol(ctx.db, cast.sessionA.id, gone.id);
  return { ...cast, gone };
}

const sentCount = async (sessionId: number) => Number((await ctx.db('staff_messages').where({ course_session_id: sessionId }).count<{ n: string }[]>({ n: '*' }))[0].n);

describe('emailing the learners a filter picks', () => {
  it('offers it beside the table with the filters kept, and shows who it will go to before anything is sent', async () => {
    const cast = await messagingCast();
    const staff = await signIn(ctx.app, cast.instructorA);
    const table = await staff.get(`/sessions/${cast.sessionA.id}/progress?status=not-complete`);
    expect(table.text).toContain(`href="${messageUrl(cast.sessionA.id, 'status=not-complete')}"`);

    const page = decode((await staff.get(messageUrl(cast.sessionA.id, 'status=not-complete'))).text);
    expect(page).toContain('To 1 learner who has not completed yet.');
    expect(page).toContain(`<li>${cast.peerA.name}</li>`);
    expect(page).not.toContain(`<li>${cast.learnerA.name}</li>`);
    expect(page).not.toContain('<li>Gil Gone</li>');
    expect(page).toContain('name="status" value="not-complete"');
    expect(await sentCount(cast.sessionA.id)).toBe(0);
  });

  it('emails each matching learner by name, signed with the sender’s address, keeps the message and lists it', async () => {
    const cast = await messagingCast();
    const staff = await signIn(ctx.app, cast.instructorA);
    const before = (await emailsTo(ctx.db, cast.learnerA.email)).length;
    const res = await postForm(staff, `/sessions/${cast.sessionA.id}/progress/message`, { ...message, status: 'not-complete' }, messageUrl(cast.sessionA.id));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/sessions/${cast.sessionA.id}/progress?status=not-complete`);
    expect(decode((await follow(staff, res)).text)).toContain('Your message was emailed to 1 learner.');

    const email = await lastEmailTo(ctx.db, cast.peerA.email);
    expect(email?.subject).toMatch(/: Week 1 is waiting for you$/);
    expect(email?.body_text).toContain(`Hello ${cast.peerA.name},\n\nNo rush, but week 1 still has something open.\nTake it gently.`);
    expect(email?.body_text).toContain(`You can reply to ${cast.instructorA.name} at ${cast.instructorA.email}.`);
    expect(email?.reply_to).toBe(cast.instructorA.email);
    expect(email?.body_text).toContain(`/sessions/${cast.sessionA.id}/whats-left`);
    expect(await emailsTo(ctx.db, cast.learnerA.email)).toHaveLength(before);
    expect(await lastEmailTo(ctx.db, cast.gone.email)).toBeUndefined();
    expect(await lastEmailTo(ctx.db, cast.learnerB.email)).toBeUndefined();

    const [stored] = await ctx.db('staff_messages').where({ course_session_id: cast.sessionA.id });
    expect(stored).toMatchObject({ author_id: cast.instructorA.id, subject: message.subject, body: message.body });
    expect(await ctx.db('staff_message_recipients').where({ message_id: stored.id }).pluck('user_id')).toEqual([cast.peerA.id]);

    // Every instructor of the session sees what was sent, and to whom; the other session's do not.
    const colleague = await createUser(ctx.db, { role: 'instructor' });
    await assignInstructor(ctx.db, cast.sessionA.id, colleague.id);
    const listed = decode((await (await signIn(ctx.app, colleague)).get(messageUrl(cast.sessionA.id))).text);
    expect(listed).toContain('Week 1 is waiting for you');
    expect(listed).toContain(`${cast.instructorA.name} · to 1 learner`);
    expect(listed).toContain(`To: ${cast.peerA.name}`);
    const other = decode((await (await signIn(ctx.app, cast.instructorB)).get(messageUrl(cast.sessionB.id))).text);
    expect(other).not.toContain('Week 1 is waiting for you');
  });

  it('with no filter, goes to every enrolled learner whose account is active', async () => {
    const cast = await messagingCast();
    const { agent: admin } = await signedInAs(ctx.app, ctx.db, 'admin');
    const res = await postForm(admin, `/sessions/${cast.sessionA.id}/progress/message`, message, messageUrl(cast.sessionA.id));
    expect(decode((await follow(admin, res)).text)).toContain('Your message was emailed to 2 learners.');
    expect((await lastEmailTo(ctx.db, cast.learnerA.email))?.subject).toMatch(/Week 1 is waiting for you$/);
    expect((await lastEmailTo(ctx.db, cast.peerA.email))?.subject).toMatch(/Week 1 is waiting for you$/);
    expect(await lastEmailTo(ctx.db, cast.gone.email)).toBeUndefined();
  });
});

describe('the same message sent twice', () => {
  it('emails once when the form is sent twice, even at the same moment, and says so; the same words to other learners still go', async () => {
    const cast = await messagingCast();
    const staff = await signIn(ctx.app, cast.instructorA);
    const url = `/sessions/${cast.sessionA.id}/progress/message`;
    const token = await csrfFrom(staff, messageUrl(cast.sessionA.id, 'status=not-complete'));
    const send = (data: Record<string, string>) => staff.post(url).type('form').send({ _csrf: token, ...message, ...data });
    const [first, second] = await Promise.all([send({ status: 'not-complete' }), send({ status: 'not-complete' })]);
    expect([first.status, second.status]).toEqual([303, 303]);
    const third = await send({ status: 'not-complete' });
    expect(decode((await follow(staff, third)).text)).toContain('This message was already emailed to these learners a moment ago (the form was sent twice), so it was not sent again.');
    expect(await sentCount(cast.sessionA.id)).toBe(1);
    expect((await emailsTo(ctx.db, cast.peerA.email)).filter((e) => e.subject.endsWith(message.subject))).toHaveLength(1);

    // Everyone now: learner A has not had it, so it goes, to both.
    expect((await send({})).status).toBe(303);
    expect(await sentCount(cast.sessionA.id)).toBe(2);
    expect((await emailsTo(ctx.db, cast.learnerA.email)).filter((e) => e.subject.endsWith(message.subject))).toHaveLength(1);
  });
});

describe('refusals keep the message and send nothing', () => {
  it('a missing subject or a too-short message, next to the field', async () => {
    const cast = await messagingCast();
    const staff = await signIn(ctx.app, cast.instructorA);
    const res = await postForm(staff, `/sessions/${cast.sessionA.id}/progress/message`, { subject: '', body: '<b>Hi</b>', status: 'not-complete' }, messageUrl(cast.sessionA.id));
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="field-subject-error"');
    expect(res.text).toContain('Please write a subject.');
    expect(res.text).toContain('Please write the message (at least 10 characters).');
    expect(res.text).toContain('&lt;b&gt;Hi&lt;/b&gt;');
    expect(res.text).toContain('name="status" value="not-complete"');
    expect(await sentCount(cast.sessionA.id)).toBe(0);
    expect(await lastEmailTo(ctx.db, cast.peerA.email)).toBeUndefined();
  });

  it('filters that match nobody any more', async () => {
    const cast = await messagingCast();
    const staff = await signIn(ctx.app, cast.instructorA);
    const res = await postForm(staff, `/sessions/${cast.sessionA.id}/progress/message`, { ...message, q: 'nobody-has-this-name' }, messageUrl(cast.sessionA.id));
    expect(res.status).toBe(422);
    expect(decode(res.text)).toContain('No learner matches these filters any more, so nothing was sent. Your message is still here.');
    expect(res.text).toContain('Week 1 is waiting for you');
    expect(res.text).toContain('Take it gently.');
    expect(res.text).not.toContain('Send to');
    expect(await sentCount(cast.sessionA.id)).toBe(0);
  });

  it('a cancelled session', async () => {
    const cast = await messagingCast();
    await updateSession(ctx.db, cast.sessionA.id, { status: 'cancelled', cancelled_at: new Date(), cancellation_message: 'Too few learners.' });
    const staff = await signIn(ctx.app, cast.instructorA);
    expect((await staff.get(`/sessions/${cast.sessionA.id}/progress`)).text).not.toContain('/progress/message');
    const res = await postForm(staff, `/sessions/${cast.sessionA.id}/progress/message`, message, messageUrl(cast.sessionA.id));
    expect(res.status).toBe(422);
    expect(decode(res.text)).toContain('This session was cancelled, so its learners cannot be emailed from here.');
    expect(res.text).toContain('Take it gently.');
    expect(await sentCount(cast.sessionA.id)).toBe(0);
  });

  it('learners, and the other session’s instructor, get 404 and send nothing', async () => {
    const cast = await messagingCast();
    for (const user of [cast.learnerA, cast.peerA, cast.instructorB]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(messageUrl(cast.sessionA.id))).status).toBe(404);
      expect((await postForm(agent, `/sessions/${cast.sessionA.id}/progress/message`, message)).status).toBe(404);
    }
    expect(await sentCount(cast.sessionA.id)).toBe(0);
  });
});

describe('a learner whose account is deactivated', () => {
  it('is not counted on the progress page’s link to email, and the page to write says they get no email', async () => {
    const cast = await messagingCast();
    const staff = await signIn(ctx.app, cast.instructorA);
    // Not complete: the peer and Gil Gone, whose account is deactivated.
    const table = decode((await staff.get(`/sessions/${cast.sessionA.id}/progress?status=not-complete`)).text);
    expect(table).toContain('Email 1 of these 2 learners (1 account is deactivated)');
    const page = decode((await staff.get(messageUrl(cast.sessionA.id, 'status=not-complete'))).text);
    expect(page).toContain('To 1 learner who has not completed yet.');
    expect(page).toContain('No email goes to Gil Gone: their account is deactivated.');

    // Only Gil Gone matches: no link, and the page does not say nobody matches.
    const onlyGil = decode((await staff.get(`/sessions/${cast.sessionA.id}/progress?q=Gil`)).text);
    expect(onlyGil).toContain('Gil Gone');
    expect(onlyGil).not.toContain(messageUrl(cast.sessionA.id, 'q=Gil'));
    const nobody = decode((await staff.get(messageUrl(cast.sessionA.id, 'q=Gil'))).text);
    expect(nobody).toContain('No email goes to Gil Gone: their account is deactivated. So there is nobody to email.');
    expect(nobody).not.toContain('No learner who has');
  });
});
