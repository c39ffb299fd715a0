import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { certifiedCast, completionCast, pdfText } from '../helpers/completion-factories';
import { emailsTo, lastEmailTo } from '../helpers/enrolment-factories';
import { binary, postForm, signIn } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** A certified cast, with its admin signed in and the certificate's admin page. */
async function issuedWithAdmin() {
  const cast = await certifiedCast(ctx);
  return { ...cast, adminAgent: await signIn(ctx.app, cast.admin), page: `/admin/certificates/${cast.cert.id}` };
}

const kinds = async (certificateId: number) => (await ctx.db('certificate_events').where({ certificate_id: certificateId }).orderBy('id').select('kind')).map((e) => e.kind);

describe('revoking, restoring and re-issuing a certificate', () => {
  it('emails the learner kindly when their certificate is revoked, with the reason', async () => {
    const { cert, adminAgent, page, learnerA, admin } = await issuedWithAdmin();
    await postForm(adminAgent, `${page}/revoke`, { revokeReason: 'Completed under a shared account' }, page);
    const mail = await lastEmailTo(ctx.db, learnerA.email);
    expect(mail?.subject).toBe(`About your certificate for ${cert.course_title}`);
    expect(mail?.body_text).toContain('We have revoked your certificate');
    expect(mail?.body_text).toContain('The reason we noted: Completed under a shared account');
    expect(mail?.body_text).toContain('If you think this is a mistake, please get in touch with us by replying to this email');
    // "Get in touch" has somewhere to go: a reply reaches the admin who revoked it.
    expect(mail?.reply_to).toBe(admin.email);
  });

  it('neither offers nor accepts a re-issue of a revoked certificate, and changes nothing', async () => {
    const { cert, adminAgent, page, learnerA } = await issuedWithAdmin();
    await postForm(adminAgent, `${page}/revoke`, { revokeReason: 'Issued by mistake' }, page);
    const detail = await adminAgent.get(page);
    expect(detail.text).not.toContain(`action="${page}/reissue"`);
    expect(detail.text).toContain(`action="${page}/restore"`);

    const sent = (await emailsTo(ctx.db, learnerA.email)).length;
    const res = await postForm(adminAgent, `${page}/reissue`, { name: 'Another Name', reissueReason: 'Typo in name' }, page);
    expect(res.status).toBe(409);
    expect(res.text).toContain('This certificate is revoked, so it cannot be re-issued. If the revocation was a mistake, restore the certificate first.');
    expect((await ctx.db('certificates').where({ id: cert.id }).first()).learner_name).toBe(cert.learner_name);
    expect(await kinds(cert.id)).toEqual(['issued', 'revoked']);
    expect(await emailsTo(ctx.db, learnerA.email)).toHaveLength(sent);
  });

  it('restores a mistaken revocation with a reason: history row, email, and valid on /verify again', async () => {
    const { cert, adminAgent, page, learnerA, sessionA, admin } = await issuedWithAdmin();
    await postForm(adminAgent, `${page}/revoke`, { revokeReason: 'Wrong learner picked' }, page);
    expect((await request(ctx.app).get(`/verify/${cert.code}`)).text).toContain('This certificate has been revoked');

    const empty = await postForm(adminAgent, `${page}/restore`, { restoreReason: ' ' }, page);
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('id="field-restoreReason-error"');
    expect((await ctx.db('certificates').where({ id: cert.id }).first()).revoked_at).not.toBeNull();

    const res = await postForm(adminAgent, `${page}/restore`, { restoreReason: 'Revoked the wrong certificate' }, page);
    expect(res.status).toBe(302);
    expect(await ctx.db('certificates').where({ id: cert.id }).first()).toMatchObject({ revoked_at: null, revoked_reason: null });
    const [event] = await ctx.db('certificate_events').where({ certificate_id: cert.id, kind: 'restored' });
    expect(event).toMatchObject({ reason: 'Revoked the wrong certificate', actor_id: admin.id });
    expect(await kinds(cert.id)).toEqual(['issued', 'revoked', 'restored']);

    const verify = await request(ctx.app).get(`/verify/${cert.code}`);
    expect(verify.text).toContain('This certificate is valid');
    const detail = await adminAgent.get(page);
    expect(detail.text).toMatch(/Restored\s*by [^.]+\. Reason: Revoked the wrong certificate/);
    expect(detail.text).toContain(`action="${page}/reissue"`);

    const mail = await lastEmailTo(ctx.db, learnerA.email);
    expect(mail?.subject).toBe(`Your certificate for ${cert.course_title} is valid again`);
    expect(mail?.body_text).toContain('has been restored');
    expect(mail?.body_text).toContain(`/verify/${cert.code}`);

    const learner = await signIn(ctx.app, learnerA);
    expect((await learner.get(`/sessions/${sessionA.id}/certificate.pdf`)).status).toBe(200);
    expect((await postForm(adminAgent, `${page}/restore`, { restoreReason: 'Twice by accident' }, page)).status).toBe(409);
  });

  it('emails the learner their corrected name when the certificate is re-issued', async () => {
    const { cert, adminAgent, page, learnerA } = await issuedWithAdmin();
    await postForm(adminAgent, `${page}/reissue`, { name: 'Dr. Corrected Name', reissueReason: 'Spelling of surname' }, page);
    const mail = await lastEmailTo(ctx.db, learnerA.email);
    expect(mail?.subject).toBe(`Your corrected certificate for ${cert.course_title}`);
    expect(mail?.body_text).toContain('Dear Dr. Corrected Name,');
    expect(mail?.body_text).toContain('It now shows your name as "Dr. Corrected Name", and its code stays the same.');
  });
});

describe('a certificate change refused because another tab changed the certificate first', () => {
  it('hands back the corrected name and reason of a re-issue refused because the certificate was revoked meanwhile, escaped, to copy', async () => {
    const { adminAgent, page } = await issuedWithAdmin();
    const staleForm = await adminAgent.get(page);
    expect(staleForm.text).toContain(`action="${page}/reissue"`);
    await postForm(adminAgent, `${page}/revoke`, { revokeReason: 'Issued by mistake' }, page);

    const res = await postForm(adminAgent, `${page}/reissue`, { name: 'Sam <b>Shelver-Smith</b>', reissueReason: 'Surname & accent were lost' }, page);
    expect(res.status).toBe(409);
    expect(res.text).toContain('This certificate is revoked, so it cannot be re-issued.');
    expect(res.text).toContain('was changed by someone else, or in another tab');
    expect(res.text).toMatch(/<input[^>]*id="typed-name"[^>]*readonly[^>]*value="Sam &lt;b&gt;Shelver-Smith&lt;\/b&gt;"/);
    expect(res.text).toMatch(/<textarea[^>]*id="typed-reissueReason"[^>]*readonly[^>]*>Surname &amp; accent were lost<\/textarea>/);
    expect(res.text).not.toContain('<b>Shelver-Smith</b>');
    // The page offers what now applies (restore), with an empty reason: the re-issue reason is not moved into it.
    expect(res.text).not.toContain(`action="${page}/reissue"`);
    expect(res.text).toMatch(/<textarea[^>]*name="restoreReason"[^>]*><\/textarea>/);
  });

  it('hands back the reason of a restore refused because the certificate was restored meanwhile, to copy', async () => {
    const { adminAgent, page } = await issuedWithAdmin();
    await postForm(adminAgent, `${page}/revoke`, { revokeReason: 'Wrong learner picked' }, page);
    await postForm(adminAgent, `${page}/restore`, { restoreReason: 'Revoked the wrong certificate' }, page);

    const res = await postForm(adminAgent, `${page}/restore`, { restoreReason: 'The completion was <real> after all' }, page);
    expect(res.status).toBe(409);
    expect(res.text).toContain('This certificate is not revoked, so there is nothing to restore.');
    expect(res.text).toMatch(/<textarea[^>]*id="typed-restoreReason"[^>]*readonly[^>]*>The completion was &lt;real&gt; after all<\/textarea>/);
    expect(res.text).toContain(`action="${page}/reissue"`);
  });

  it('hands back the reason of a revocation refused because the certificate was revoked meanwhile, to copy', async () => {
    const { adminAgent, page } = await issuedWithAdmin();
    await postForm(adminAgent, `${page}/revoke`, { revokeReason: 'Issued by mistake' }, page);

    const res = await postForm(adminAgent, `${page}/revoke`, { revokeReason: 'Completed under a shared account' }, page);
    expect(res.status).toBe(409);
    expect(res.text).toContain('This certificate is already revoked.');
    expect(res.text).toMatch(/<textarea[^>]*id="typed-revokeReason"[^>]*readonly[^>]*>Completed under a shared account<\/textarea>/);
  });

  it('shows no box of typed text on a certificate page opened normally', async () => {
    const { adminAgent, page } = await issuedWithAdmin();
    expect((await adminAgent.get(page)).text).not.toContain('id="typed-');
  });
});

describe('a certificate the learner cannot download', () => {
  it('says once, plainly, that there is no certificate yet, linking to what is left', async () => {
    const cast = await completionCast(ctx.db);
    const learner = await signIn(ctx.app, cast.learnerA);
    const res = await learner.get(`/sessions/${cast.sessionA.id}/certificate.pdf`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('There is no certificate for this session yet.');
    expect(res.text).toContain(`href="/sessions/${cast.sessionA.id}/whats-left"`);
    expect(res.text).not.toContain('The link may be old');
  });

  it('tells the learner of a revoked certificate that it was revoked, not that it does not exist yet', async () => {
    const { adminAgent, page, learnerA, sessionA } = await issuedWithAdmin();
    await postForm(adminAgent, `${page}/revoke`, { revokeReason: 'Completed under a shared account' }, page);
    const learner = await signIn(ctx.app, learnerA);
    const res = await learner.get(`/sessions/${sessionA.id}/certificate.pdf`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Your certificate for this session has been revoked');
    // The admin's copy says so at its top, so it cannot pass for a valid one.
    const adminCopy = await adminAgent.get(`${page}/certificate.pdf`).buffer(true).parse(binary);
    expect(adminCopy.status).toBe(200);
    expect((await pdfText(adminCopy.body as Buffer)).replace(/\s+/g, ' ')).toMatch(/REVOKED on \d{1,2} \w+ \d{4}: this certificate is no longer valid\./);
    expect(res.text).not.toContain('no certificate for this session yet');
    expect(res.text).not.toContain('The link may be old');
  });
});
