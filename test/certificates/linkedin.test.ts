import { displayCode } from '../../src/certificates';
import { createTestContext, type TestContext } from '../helpers/app';
import { certifiedCast, completionCast } from '../helpers/completion-factories';
import { decode, postForm, signIn } from '../helpers/http';

// A learner adds their certificate to their LinkedIn profile: LinkedIn's own form, filled in.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function issuedWithLink() {
  const cast = await certifiedCast(ctx);
  return { ...cast, url: `/sessions/${cast.sessionA.id}/certificate/linkedin` };
}

describe('adding a certificate to LinkedIn', () => {
  it('leads the learner from What’s left to LinkedIn’s form with the course, provider, month of issue, code and verification page', async () => {
    const { cert, learnerA, sessionA, url } = await issuedWithLink();
    // Issued late on 30 November in UTC: 1 December in Auckland, where the session runs.
    await ctx.db('certificates').where({ id: cert.id }).update({ issued_at: new Date('2026-11-30T23:30:00Z'), time_zone: 'Pacific/Auckland' });
    const learner = await signIn(ctx.app, learnerA);
    expect(decode((await learner.get(`/sessions/${sessionA.id}/whats-left`)).text)).toContain(`<a class="button button-secondary" href="${url}">Add it to your LinkedIn profile</a>`);

    const res = await learner.get(url);
    expect(res.status).toBe(302);
    const to = new URL(res.headers.location);
    expect(`${to.origin}${to.pathname}`).toBe('https://www.linkedin.com/profile/add');
    expect(Object.fromEntries(to.searchParams)).toEqual({
      startTask: 'CERTIFICATION_NAME',
      name: cert.course_title,
      organizationName: cert.provider_name,
      issueYear: '2026',
      issueMonth: '12',
      certUrl: `${ctx.config.baseUrl}/verify/${cert.code}`,
      certId: displayCode(cert.code),
    });
  });

  it('is for the learner’s own valid certificate only', async () => {
    const { admin, learnerA, learnerB, instructorA, url, cert } = await issuedWithLink();
    const adminAgent = await signIn(ctx.app, admin);
    for (const other of [learnerB, instructorA]) expect((await (await signIn(ctx.app, other)).get(url)).status).toBe(404);

    const page = `/admin/certificates/${cert.id}`;
    await postForm(adminAgent, `${page}/revoke`, { revokeReason: 'Completed under a shared account' }, page);
    const revoked = await (await signIn(ctx.app, learnerA)).get(url);
    expect(revoked.status).toBe(404);
    expect(revoked.text).toContain('Your certificate for this session has been revoked');
  });

  it('says plainly there is no certificate yet, before there is one', async () => {
    const cast = await completionCast(ctx.db);
    const res = await (await signIn(ctx.app, cast.learnerA)).get(`/sessions/${cast.sessionA.id}/certificate/linkedin`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('There is no certificate for this session yet.');
  });
});
