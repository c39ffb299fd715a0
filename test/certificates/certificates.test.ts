import { DateTime } from 'luxon';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { certifiedCast, completionCast, pdfText } from '../helpers/completion-factories';
import { binary, decode, postForm, readable, signIn } from '../helpers/http';
import { creditsLine } from '../../src/certificates/certificates.policy';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const issued = () => certifiedCast(ctx);

describe('the certificate PDF', () => {
  it('gives the learner a one-page landscape certificate with everything it must state, and never “IACET”', async () => {
    const cast = await issued();
    const agent = await signIn(ctx.app, cast.learnerA);
    const res = await agent.get(`/sessions/${cast.sessionA.id}/certificate.pdf`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const bytes = res.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages).toHaveLength(1);
    expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 792 612\]/);

    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    expect(text).toContain(cast.learnerA.name);
    expect(text).toContain(cast.course.data.title);
    expect(text).toContain('1.5 CEUs (15 contact hours / PDHs)');
    expect(text).toContain('Test Provider');
    expect(text).toContain('Ina Instructor');
    expect(text).toContain('Date of issue:');
    expect(text).toContain(cast.cert.code.match(/.{4}/g).join('-'));
    expect(text).toContain(`${ctx.config.baseUrl}/verify/${cast.cert.code}`);
    expect(text).not.toMatch(/iacet/i);
    expect(bytes.toString('latin1')).not.toMatch(/iacet/i);
  });

  it('is not found for a learner without a certificate, or for another session’s learner', async () => {
    const cast = await issued();
    const peer = await signIn(ctx.app, cast.peerA);
    expect((await peer.get(`/sessions/${cast.sessionA.id}/certificate.pdf`)).status).toBe(404);
    const other = await signIn(ctx.app, cast.learnerB);
    expect((await other.get(`/sessions/${cast.sessionA.id}/certificate.pdf`)).status).toBe(404);
  });
});

describe('public verification', () => {
  it('shows a valid certificate to anyone, without logging in, whatever the case or dashes of the code', async () => {
    const cast = await issued();
    const typed = cast.cert.code.toLowerCase().match(/.{4}/g).join('-');
    const res = await request(ctx.app).get(`/verify/${typed}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('This certificate is valid');
    expect(res.text).toContain(cast.learnerA.name);
    expect(res.text).toContain(cast.course.data.title);
    expect(res.text).toContain('1.5 CEUs (15 contact hours / PDHs)');
    expect(res.text).toContain('Issued on');
    expect(res.text).not.toMatch(/iacet/i);
    expect(res.headers['ratelimit-policy']).toBeDefined();
  });

  it('gives the date of issue once, the date the certificate prints, and says when it was re-issued', async () => {
    const cast = await issued();
    await ctx.db('certificates').where({ id: cast.cert.id }).update({ completed_at: new Date('2026-03-02T12:00:00Z'), issued_at: new Date('2026-03-02T12:00:00Z') });
    let page = (await request(ctx.app).get(`/verify/${cast.cert.code}`)).text;
    expect(page.match(/<dt>Issued on<\/dt>/g)).toHaveLength(1);
    expect(page).toContain('<dt>Issued on</dt><dd>2 March 2026</dd>');
    await ctx.db('certificates').where({ id: cast.cert.id }).update({ reissued_at: new Date('2026-04-10T12:00:00Z') });
    page = (await request(ctx.app).get(`/verify/${cast.cert.code}`)).text;
    expect(page).toContain('<dt>Issued on</dt><dd>2 March 2026 (re-issued 10 April 2026)</dd>');
  });

  it('finds a certificate typed with the letters people mistake for digits: O for 0, I or L for 1', async () => {
    const cast = await issued();
    await ctx.db('certificates').where({ id: cast.cert.id }).update({ code: '10ABCDEF10GHJK10' });
    const res = await request(ctx.app).get('/verify/lO-ABCDEF-IO-GHJK-Lo');
    expect(res.status).toBe(200);
    expect(res.text).toContain('This certificate is valid');
    expect(res.text).toContain(cast.learnerA.name);
  });

  it('answers an unknown code with a clear “no such certificate” page', async () => {
    const res = await request(ctx.app).get('/verify/ABCDEFGHJKMNPQRS');
    expect(res.status).toBe(404);
    expect(res.text).toContain('No such certificate');
    const junk = await request(ctx.app).get('/verify/%3Cscript%3E');
    expect(junk.status).toBe(404);
    expect(junk.text).not.toContain('<script>');
  });

  it('offers a form that leads to the code’s page', async () => {
    const form = await request(ctx.app).get('/verify');
    expect(form.status).toBe(200);
    expect(form.text).toContain('<label for="field-code">Verification code</label>');
    const res = await request(ctx.app).get('/verify?code=abcd-efgh');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/verify/abcd-efgh');
  });

  it('asks again, next to the field, for a blank or over-long code, keeping what was typed', async () => {
    const blank = await request(ctx.app).get('/verify?code=%20%20');
    expect(blank.status).toBe(422);
    expect(blank.text).toContain('id="field-code-error"');
    expect(blank.text).toContain('Please type the verification code printed on the certificate.');
    const long = 'ABCD-EFGH-JKMN-PQRS-ABCD-EFGH-JKMN-PQRS-XY';
    const tooLong = await request(ctx.app).get(`/verify?code=${long}`);
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('This is longer than a verification code.');
    expect(tooLong.text).toContain(`value="${long}"`);
    expect(tooLong.text).toContain('aria-invalid="true"');
    const atLimit = await request(ctx.app).get(`/verify?code=${'A'.repeat(40)}`);
    expect(atLimit.status).toBe(302);
  });
});

describe('admin: revoke, re-issue, mark complete', () => {
  it('revokes with a reason; the verification page then says revoked, with the date', async () => {
    const cast = await issued();
    const admin = await signIn(ctx.app, cast.admin);
    const page = `/admin/certificates/${cast.cert.id}`;
    const empty = await postForm(admin, `${page}/revoke`, { revokeReason: '' }, page);
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('Please give a reason');

    const res = await postForm(admin, `${page}/revoke`, { revokeReason: 'Completed under a shared account' }, page);
    expect(res.status).toBe(302);
    const verify = await request(ctx.app).get(`/verify/${cast.cert.code}`);
    expect(verify.text).toContain('This certificate has been revoked');
    expect(verify.text).toMatch(/Revoked<\/strong> on \d{1,2} \w+ \d{4}/);
    const detail = await admin.get(page);
    expect(detail.text).toContain('Completed under a shared account');
    const zone = (await ctx.db('course_sessions').where({ id: cast.sessionA.id }).first()).time_zone;
    const revokedAt = (await ctx.db('certificates').where({ id: cast.cert.id }).first()).revoked_at;
    expect(detail.text).toContain(`Revoked on ${DateTime.fromJSDate(revokedAt, { zone }).toFormat('d LLLL yyyy')}: Completed under a shared account`);
    expect(readable(detail.text)).toMatch(/<li>\s*\d{1,2} \w+ \d{4}, \d{2}:\d{2} —\s*Issued/);
    expect(decode(detail.text)).toContain(`Revoked by ${cast.admin.name}. Reason: Completed under a shared account</li>`);
    expect(detail.text).not.toMatch(/\d{4}-\d{2}-\d{2}/);

    const learner = await signIn(ctx.app, cast.learnerA);
    expect((await learner.get(`/sessions/${cast.sessionA.id}/certificate.pdf`)).status).toBe(404);
  });

  it('gives the re-issue and revoke reasons their own labels and ids, and shows an error only on the form sent', async () => {
    const cast = await issued();
    const admin = await signIn(ctx.app, cast.admin);
    const page = `/admin/certificates/${cast.cert.id}`;
    const detail = (await admin.get(page)).text;
    expect(detail.match(/id="field-reissueReason"/g)).toHaveLength(1);
    expect(detail.match(/id="field-revokeReason"/g)).toHaveLength(1);
    expect(detail).toMatch(/<label for="field-revokeReason">Reason for revoking<\/label>/);
    expect(detail).toMatch(/<label for="field-reissueReason">Reason for the correction<\/label>/);

    const revoke = await postForm(admin, `${page}/revoke`, { revokeReason: ' ' }, page);
    expect(revoke.status).toBe(422);
    expect(revoke.text.match(/class="field-error"/g)).toHaveLength(1);
    expect(revoke.text).toContain('id="field-revokeReason-error"');
    expect(revoke.text).not.toContain('field-reissueReason-error');

    const reissue = await postForm(admin, `${page}/reissue`, { name: 'New Name', reissueReason: '' }, page);
    expect(reissue.status).toBe(422);
    expect(reissue.text.match(/class="field-error"/g)).toHaveLength(1);
    expect(reissue.text).toContain('id="field-reissueReason-error"');
    expect(reissue.text).toContain('value="New Name"');
    expect(await ctx.db('certificates').where({ id: cast.cert.id }).first()).toMatchObject({ revoked_at: null, learner_name: cast.cert.learner_name });
  });

  it('takes a reason of exactly 1,000 characters, and asks for at most 1,000 when it is one longer', async () => {
    const cast = await issued();
    const admin = await signIn(ctx.app, cast.admin);
    const page = `/admin/certificates/${cast.cert.id}`;
    const tooLong = await postForm(admin, `${page}/revoke`, { revokeReason: 'r'.repeat(1001) }, page);
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Please keep the reason to at most 1,000 characters.');
    expect((await ctx.db('certificates').where({ id: cast.cert.id }).first()).revoked_at).toBeNull();
    expect((await postForm(admin, `${page}/revoke`, { revokeReason: 'r'.repeat(1000) }, page)).status).toBe(302);
  });

  it('re-issues under a corrected name with the same code, recording the change', async () => {
    const cast = await issued();
    const admin = await signIn(ctx.app, cast.admin);
    const page = `/admin/certificates/${cast.cert.id}`;
    const res = await postForm(admin, `${page}/reissue`, { name: 'Dr. Corrected Name', reissueReason: 'Spelling of surname' }, page);
    expect(res.status).toBe(302);
    const after = await ctx.db('certificates').where({ id: cast.cert.id }).first();
    expect(after.code).toBe(cast.cert.code);
    expect(after.learner_name).toBe('Dr. Corrected Name');
    expect(after.reissued_at).not.toBeNull();
    const [event] = await ctx.db('certificate_events').where({ certificate_id: cast.cert.id, kind: 'reissued' });
    expect(event).toMatchObject({ old_name: cast.learnerA.name, new_name: 'Dr. Corrected Name', reason: 'Spelling of surname', actor_id: cast.admin.id });

    const learner = await signIn(ctx.app, cast.learnerA);
    const pdf = await learner.get(`/sessions/${cast.sessionA.id}/certificate.pdf`).buffer(true).parse(binary);
    const text = await pdfText(pdf.body as Buffer);
    expect(text).toContain('Dr. Corrected Name');
    expect(text).toContain('Re-issued');
    expect((await request(ctx.app).get(`/verify/${cast.cert.code}`)).text).toContain('Dr. Corrected Name');
  });

  it('marks a learner complete by hand with a reason, issuing the certificate and emailing them, once', async () => {
    const cast = await completionCast(ctx.db);
    const admin = await signIn(ctx.app, cast.admin);
    const url = `/admin/enrolments/${cast.enrolmentA}/mark-complete`;
    expect((await postForm(admin, url, { reason: '' }, url)).status).toBe(422);
    const res = await postForm(admin, url, { reason: 'Took part by email during an outage' }, url);
    expect(res.status).toBe(302);
    const cert = await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA }).first();
    expect(cert.completion_kind).toBe('manual');
    const [event] = await ctx.db('certificate_events').where({ certificate_id: cert.id });
    expect(event).toMatchObject({ kind: 'marked_complete', reason: 'Took part by email during an outage', actor_id: cast.admin.id });
    expect(await ctx.db('outbox_emails').where({ to_address: cast.learnerA.email }).whereILike('subject', 'Your certificate%')).toHaveLength(1);

    const again = await postForm(admin, url, { reason: 'Again' }, `/admin/certificates/${cert.id}`);
    expect(again.status).toBe(409);
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(1);
  });

  it('shows the certificate a learner already holds instead of a form that would be refused, revoked or not', async () => {
    const cast = await issued();
    const admin = await signIn(ctx.app, cast.admin);
    const url = `/admin/enrolments/${cast.cert.enrolment_id}/mark-complete`;
    const code = cast.cert.code.match(/.{4}/g)!.join('-');
    const page = decode((await admin.get(url)).text);
    expect(page).toContain(`already has a certificate for this session, so there is nothing to issue: <a href="/admin/certificates/${cast.cert.id}">certificate ${code}</a>.`);
    expect(page).not.toContain(`action="${url}"`);
    expect(page).not.toContain('This issues the certificate now');

    await ctx.db('certificates').where({ id: cast.cert.id }).update({ revoked_at: new Date(), revoked_reason: 'Issued in error' });
    const revoked = decode((await admin.get(url)).text);
    expect(revoked).toContain(`already has a certificate for this session, revoked, so there is nothing to issue: <a href="/admin/certificates/${cast.cert.id}">certificate ${code}</a> (restore it there if the revocation was a mistake).`);
    expect(revoked).not.toContain(`action="${url}"`);
  });

  it('issues no certificate by hand for a learner who no longer holds a place: the page says why, and the form is refused', async () => {
    const cast = await completionCast(ctx.db);
    const admin = await signIn(ctx.app, cast.admin);
    const url = `/admin/enrolments/${cast.enrolmentA}/mark-complete`;
    const token = /name="_csrf" value="([^"]+)"/.exec((await admin.get(url)).text)![1];
    await ctx.db('enrolments').where({ id: cast.enrolmentA }).update({ status: 'withdrawn' });
    const page = decode((await admin.get(url)).text);
    expect(page).toContain(`${cast.learnerA.name} does not hold a place in this session (Withdrawn), so no certificate can be issued for it.`);
    expect(page).not.toContain(`action="${url}"`);

    // A form opened while they still held the place is refused, saying why.
    const sent = await admin.post(url).type('form').send({ _csrf: token, reason: 'Took part by email' });
    expect(sent.status).toBe(409);
    expect(decode(sent.text)).toContain('does not hold a place in this session (Withdrawn)');
    expect(await ctx.db('certificates').where({ enrolment_id: cast.enrolmentA })).toHaveLength(0);
    expect(await ctx.db('outbox_emails').where({ to_address: cast.learnerA.email }).whereILike('subject', 'Your certificate%')).toHaveLength(0);
  });

  it('refuses these pages to instructors and learners', async () => {
    const cast = await issued();
    for (const user of [cast.instructorA, cast.learnerA]) {
      const agent = await signIn(ctx.app, user);
      expect((await agent.get(`/admin/certificates/${cast.cert.id}`)).status).toBe(403);
      expect((await postForm(agent, `/admin/certificates/${cast.cert.id}/revoke`, { revokeReason: 'Not allowed' })).status).toBe(403);
      expect((await postForm(agent, `/admin/enrolments/${cast.peerEnrolmentA}/mark-complete`, { reason: 'Not allowed' })).status).toBe(403);
    }
    expect((await ctx.db('certificates').where({ id: cast.cert.id }).first()).revoked_at).toBeNull();
  });

  it('answers an unknown certificate id with 404', async () => {
    const cast = await issued();
    const admin = await signIn(ctx.app, cast.admin);
    expect((await admin.get('/admin/certificates/999999')).status).toBe(404);
    expect((await admin.get('/admin/certificates/abc')).status).toBe(404);
  });
});

describe('the credits line', () => {
  it('says CEU for exactly one and CEUs otherwise, with hours to match', () => {
    expect(creditsLine(15)).toBe('1.5 CEUs (15 contact hours / PDHs)');
    expect(creditsLine(10)).toBe('1.0 CEU (10 contact hours / PDHs)');
    expect(creditsLine(1)).toBe('0.1 CEUs (1 contact hour / PDHs)');
  });
});
