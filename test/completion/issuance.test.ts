import { checkAndIssue } from '../../src/completion';
import { createTestContext, type TestContext } from '../helpers/app';
import { completeLearnerA, completionCast, insertEvaluation } from '../helpers/completion-factories';
import { usingPostgres } from '../helpers/db';
import { signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const deps = () => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl });
const certificatesOf = (enrolmentId: number) => ctx.db('certificates').where({ enrolment_id: enrolmentId });
const emailsTo = (email: string) => ctx.db('outbox_emails').where({ to_address: email }).whereILike('subject', 'Your certificate%');

describe('issuing the certificate when the last rule is met', () => {
  it('issues nothing while a rule is still open, then issues at once when the last one is met', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast, ['evaluation']);
    expect(await checkAndIssue(deps(), cast.enrolmentA)).toEqual({ issued: false, reason: 'rules-not-met' });
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(0);

    await insertEvaluation(ctx.db, cast.enrolmentA);
    const result = await checkAndIssue(deps(), cast.enrolmentA);
    expect(result.issued).toBe(true);
    const [cert] = await certificatesOf(cast.enrolmentA);
    expect(cert).toMatchObject({ learner_name: cast.learnerA.name, course_title: cast.course.data.title, contact_hours: 15, completion_kind: 'rules', user_id: cast.learnerA.id });
    expect(cert.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    const retainYears = (cert.retain_until.getTime() - cert.issued_at.getTime()) / (365.25 * 86_400_000);
    expect(retainYears).toBeCloseTo(7, 1);

    const [email] = await emailsTo(cast.learnerA.email);
    expect(email.body_text).toContain(`/verify/${cert.code}`);
    expect(email.body_text).toContain('1.5 CEUs (15 contact hours / PDHs)');
  });

  it('does not issue a second certificate or send a second email when asked again', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    expect((await checkAndIssue(deps(), cast.enrolmentA)).issued).toBe(true);
    expect(await checkAndIssue(deps(), cast.enrolmentA)).toEqual({ issued: false, reason: 'already-issued' });
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
    expect(await emailsTo(cast.learnerA.email)).toHaveLength(1);
  });

  it(`issues exactly once when the last two actions arrive together (${usingPostgres ? 'concurrently on PostgreSQL' : 'one after the other on PGlite'})`, async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    const attempts = 6;
    const results = usingPostgres
      ? await Promise.all(Array.from({ length: attempts }, () => checkAndIssue(deps(), cast.enrolmentA)))
      : [await checkAndIssue(deps(), cast.enrolmentA), await checkAndIssue(deps(), cast.enrolmentA)];
    expect(results.filter((r) => r.issued)).toHaveLength(1);
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
    expect(await emailsTo(cast.learnerA.email)).toHaveLength(1);
    const [cert] = await certificatesOf(cast.enrolmentA);
    expect(await ctx.db('certificate_events').where({ certificate_id: cert.id, kind: 'issued' })).toHaveLength(1);
  });

  it('gives every certificate its own random code, not a sequence', async () => {
    const first = await completionCast(ctx.db);
    const second = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, first);
    await completeLearnerA(ctx.db, second);
    await checkAndIssue(deps(), first.enrolmentA);
    await checkAndIssue(deps(), second.enrolmentA);
    const [a] = await certificatesOf(first.enrolmentA);
    const [b] = await certificatesOf(second.enrolmentA);
    expect(a.code).not.toBe(b.code);
    const shared = [...a.code].filter((ch, i) => b.code[i] === ch).length;
    expect(shared).toBeLessThan(8);
  });

  it('does not issue after the session’s completion deadline', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    await ctx.db('course_sessions').where({ id: cast.sessionA.id }).update({ completion_deadline_at: new Date(Date.now() - 60_000) });
    expect(await checkAndIssue(deps(), cast.enrolmentA)).toEqual({ issued: false, reason: 'closed' });
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(0);
  });

  it('issues when the learner opens the session overview, without anyone calling checkAndIssue', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('You have just completed the course');
    expect(res.text).toContain(`/sessions/${cast.sessionA.id}/certificate.pdf`);
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
    const again = await agent.get(`/sessions/${cast.sessionA.id}`);
    expect(again.text).toContain('You completed the course');
    expect(await emailsTo(cast.learnerA.email)).toHaveLength(1);
  });

  it('issues when the learner opens the “What’s left” page', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/whats-left`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Download your certificate (PDF)');
    expect(await certificatesOf(cast.enrolmentA)).toHaveLength(1);
  });
});
