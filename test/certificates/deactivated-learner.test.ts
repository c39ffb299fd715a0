import { checkAndIssue } from '../../src/completion';
import { createTestContext, type TestContext } from '../helpers/app';
import { certifiedCast, completeLearnerA, completionCast } from '../helpers/completion-factories';
import { emailsTo } from '../helpers/enrolment-factories';
import { decode, postForm, readable, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const deps = () => ({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl });
const deactivate = (userId: number) => ctx.db('users').where({ id: userId }).update({ active: false });

// A deactivated account is closed to its owner: news of a certificate goes nowhere, while the
// certificate itself is kept and shown to admins as ever.
describe('certificate emails and deactivated accounts', () => {
  it('issues the certificate of a deactivated learner who completed the course, and emails no one', async () => {
    const cast = await completionCast(ctx.db);
    await completeLearnerA(ctx.db, cast);
    await deactivate(cast.learnerA.id);
    expect((await checkAndIssue(deps(), cast.enrolmentA)).issued).toBe(true);
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(1);
    expect(await emailsTo(ctx.db, cast.learnerA.email)).toHaveLength(0);
  });

  it('revokes the certificate of a deactivated learner without emailing them, and tells the admin no email went', async () => {
    const cast = await certifiedCast(ctx);
    await deactivate(cast.learnerA.id);
    const sent = (await emailsTo(ctx.db, cast.learnerA.email)).length;
    const admin = await signIn(ctx.app, cast.admin);
    const page = `/admin/certificates/${cast.cert.id}`;
    const res = await postForm(admin, `${page}/revoke`, { revokeReason: 'Completed under a shared account' }, page);
    expect(res.status).toBe(302);
    expect((await ctx.db('certificates').where({ id: cast.cert.id }).first()).revoked_at).not.toBeNull();
    expect(await emailsTo(ctx.db, cast.learnerA.email)).toHaveLength(sent);
    const detail = decode((await admin.get(page)).text);
    expect(detail).toContain('The certificate is revoked. The verification page now says so.');
    expect(detail).not.toContain('the learner has been emailed');
  });

  it('marks a deactivated learner complete by hand without emailing them, and says so to the admin', async () => {
    const cast = await completionCast(ctx.db);
    await deactivate(cast.learnerA.id);
    const admin = await signIn(ctx.app, cast.admin);
    const url = `/admin/enrolments/${cast.enrolmentA}/mark-complete`;
    const res = await postForm(admin, url, { reason: 'Took part by email during an outage' }, url);
    expect(res.status).toBe(302);
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(1);
    expect(await emailsTo(ctx.db, cast.learnerA.email)).toHaveLength(0);
    const detail = decode((await admin.get(res.headers.location)).text);
    expect(readable(detail)).toContain(`Marked complete. The certificate is issued. ${cast.learnerA.name}’s account is deactivated, so no email was sent.`);
  });
});
