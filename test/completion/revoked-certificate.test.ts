import { createTestContext, type TestContext } from '../helpers/app';
import { certifiedCast } from '../helpers/completion-factories';
import { decode, postForm, readable, signIn } from '../helpers/http';

// A learner whose certificate is revoked is told so, calmly, wherever the course speaks of it:
// no download, nothing "ready", and no steps counted towards a certificate that taking them would not bring back.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A learner who completed the course, whose certificate an admin then revoked on 4 March 2026. */
async function revoked() {
  const cast = await certifiedCast(ctx);
  const admin = await signIn(ctx.app, cast.admin);
  const page = `/admin/certificates/${cast.cert.id}`;
  expect((await postForm(admin, `${page}/revoke`, { revokeReason: 'Completed under a shared account' }, page)).status).toBe(302);
  await ctx.db('certificates').where({ id: cast.cert.id }).update({ revoked_at: new Date('2026-03-04T12:00:00Z') });
  return { ...cast, learner: await signIn(ctx.app, cast.learnerA) };
}

/** What no page may say to a learner whose certificate is revoked. */
function expectNothingOfACertificateToCome(html: string, sessionId: number): void {
  expect(html).not.toContain(`/sessions/${sessionId}/certificate.pdf`);
  expect(html).not.toContain(`/sessions/${sessionId}/certificate/linkedin`);
  expect(html).not.toContain('Download your certificate');
  expect(html).not.toMatch(/certificate (is|will be) ready/);
  expect(html).not.toContain('You completed the course');
  expect(html).not.toContain('steps towards your certificate');
  expect(html).not.toContain('to go until your certificate');
  expect(html).not.toContain('Next step:');
  expect(html).not.toContain('To do:');
}

describe('what a learner sees once their certificate is revoked', () => {
  it('finds on the dashboard the revoked notice, and neither a download nor steps counted', async () => {
    const cast = await revoked();
    const html = decode((await cast.learner.get('/dashboard')).text);
    expect(html).toContain('Your certificate for this course was revoked on 4 March 2026. If you have questions about this, please contact the course team.');
    expect(html).not.toMatch(/<progress[^>]*aria-label="Your progress in/);
    expectNothingOfACertificateToCome(html, cast.sessionA.id);
  });

  it('finds on What’s left only the revoked notice, under a heading that promises no certificate', async () => {
    const cast = await revoked();
    const html = decode((await cast.learner.get(`/sessions/${cast.sessionA.id}/whats-left`)).text);
    expect(html).toContain('<h1>Your certificate</h1>');
    expect(html).toContain('Your certificate for this course was revoked on 4 March 2026. If you have questions about this, please contact the course team.');
    expect(html).not.toContain('Done:');
    expect(html).not.toContain('class="whats-left-list"');
    expectNothingOfACertificateToCome(html, cast.sessionA.id);
  });

  it('finds on the session overview that there are no steps to count, and no progress bar', async () => {
    const cast = await revoked();
    const html = decode((await cast.learner.get(`/sessions/${cast.sessionA.id}`)).text);
    expect(readable(html)).toMatch(/<h2 id="course-progress-heading">Your progress in the course<\/h2>\s*<p>Your certificate for this course was revoked, so there are no steps to count here\. What’s left, below, says more\.<\/p>/);
    expect(html).not.toMatch(/<progress[^>]*aria-labelledby="course-progress-heading"/);
    expect(html).toContain('Your certificate for this course was revoked on 4 March 2026.');
    expectNothingOfACertificateToCome(html, cast.sessionA.id);
  });
});
