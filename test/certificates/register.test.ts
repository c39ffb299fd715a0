import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TestContext } from '../helpers/app';
import { createUser } from '../helpers/factories';
import { adminContext, decode, signIn, type Agent } from '../helpers/http';

// The certificates register: an admin finds the certificates completed between two days (each
// day as its certificate prints it) and downloads them for an accreditor's audit.
let ctx: TestContext;
let admin: Agent;
beforeAll(async () => {
  ({ ctx, admin } = await adminContext());
});
afterAll(() => ctx.close());

const code = () => randomBytes(10).toString('hex').toUpperCase().replace(/[^0-9A-HJKMNP-TV-Z]/g, '7').slice(0, 16);

/** A certificate record as issuance writes it (its own copy of everything), completed at the moment given. */
async function certificate(opts: { name: string; course?: string; completedAt: string; zone?: string; hours?: number; revoked?: boolean }) {
  const completedAt = new Date(opts.completedAt);
  const [row] = await ctx
    .db('certificates')
    .insert({
      code: code(),
      learner_name: opts.name,
      course_title: opts.course ?? 'Overcoming Compassion Fatigue',
      session_starts_at: new Date(completedAt.getTime() - 30 * 86_400_000),
      session_ends_at: new Date(completedAt.getTime() - 2 * 86_400_000),
      time_zone: opts.zone ?? 'UTC',
      contact_hours: opts.hours ?? 15,
      provider_name: 'The Kind Brave Leader',
      instructor_name: 'Helen Rimmer',
      completion_kind: 'rules',
      completed_at: completedAt,
      issued_at: completedAt,
      retain_until: new Date(completedAt.getTime() + 7 * 365 * 86_400_000),
      ...(opts.revoked ? { revoked_at: new Date(completedAt.getTime() + 86_400_000), revoked_reason: 'Issued by mistake.' } : {}),
    })
    .returning('*');
  return row;
}

const namesOn = (html: string) => [...decode(html).matchAll(/<tr>\s*<td class="nowrap"><a href="\/admin\/certificates\/\d+">[^<]+<\/a><\/td>\s*<td>([^<]+)<\/td>/g)].map((m) => m[1]);
const csvLines = (text: string) => text.replace(/^\uFEFF/, '').trim().split('\r\n');

describe('the certificates register', () => {
  it('lists the certificates completed between two days, both included, each day in its own session’s time zone, with their credits added up', async () => {
    const tag = randomBytes(3).toString('hex');
    // 05:00 UTC on 1 March is still 28 February in Los Angeles, and already 1 March in London.
    await certificate({ name: `Ana ${tag}`, completedAt: '2031-03-01T05:00:00Z', zone: 'America/Los_Angeles' });
    await certificate({ name: `Ben ${tag}`, completedAt: '2031-03-01T05:00:00Z', zone: 'Europe/London' });
    await certificate({ name: `Cy ${tag}`, completedAt: '2031-03-31T23:30:00Z', zone: 'UTC', hours: 10 });
    await certificate({ name: `Di ${tag}`, completedAt: '2031-04-01T00:30:00Z', zone: 'UTC' });
    await certificate({ name: `Ed ${tag}`, completedAt: '2031-03-15T12:00:00Z', zone: 'UTC', revoked: true });
    // 20:00 UTC on 28 February is 1 March in Tokyo; 05:00 UTC on 1 April is 31 March in Los Angeles.
    await certificate({ name: `Fay ${tag}`, completedAt: '2031-02-28T20:00:00Z', zone: 'Asia/Tokyo' });
    await certificate({ name: `Gil ${tag}`, completedAt: '2031-04-01T05:00:00Z', zone: 'America/Los_Angeles' });

    const march = await admin.get('/admin/certificates').query({ q: tag, from: '2031-03-01', to: '2031-03-31' });
    expect(march.status).toBe(200);
    expect(namesOn(march.text)).toEqual([`Gil ${tag}`, `Fay ${tag}`, `Ed ${tag}`, `Cy ${tag}`, `Ben ${tag}`]);
    expect(decode(march.text)).toContain('5 certificates: 4 valid, worth 5.5 CEUs (55 contact hours / PDHs); 1 revoked.');
    expect(decode(march.text)).toContain(`href="/admin/certificates.csv?q=${tag}&from=2031-03-01&to=2031-03-31"`);
    expect(march.text).toContain('value="2031-03-01"');

    const february = await admin.get('/admin/certificates').query({ q: tag, to: '2031-02-28' });
    expect(namesOn(february.text)).toEqual([`Ana ${tag}`]);
    const oneDay = await admin.get('/admin/certificates').query({ q: tag, from: '2031-04-01', to: '2031-04-01' });
    expect(namesOn(oneDay.text)).toEqual([`Di ${tag}`]);
  });

  it('downloads the same certificates as a spreadsheet, in order of completion, dates in their own time zones, formulas made inert', async () => {
    const tag = randomBytes(3).toString('hex');
    const later = await certificate({ name: `=HYPERLINK("x") ${tag}`, completedAt: '2032-05-02T10:00:00Z', zone: 'Asia/Tokyo', hours: 15 });
    const earlier = await certificate({ name: `Flo ${tag}`, completedAt: '2032-05-01T10:00:00Z', zone: 'UTC', hours: 8, revoked: true });
    await certificate({ name: `Gus ${tag}`, completedAt: '2032-06-01T10:00:00Z' });

    const res = await admin.get('/admin/certificates.csv').query({ q: tag, from: '2032-05-01', to: '2032-05-31' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="?certificates\.csv"?/);
    const [header, ...lines] = csvLines(res.text);
    expect(header).toBe('Code,Name,Course,Provider,Instructor,Session start,Session end,Time zone,Completed,Completion,Issued,Contact hours / PDHs,CEUs,Status,Revoked,Reason for revoking,Verify at');
    expect(lines).toEqual([
      `${earlier.code},Flo ${tag},Overcoming Compassion Fatigue,The Kind Brave Leader,Helen Rimmer,2032-04-01,2032-04-29,UTC,2032-05-01,Completion rules met,2032-05-01,8,0.8,Revoked,2032-05-02,Issued by mistake.,${ctx.config.baseUrl}/verify/${earlier.code}`,
      `${later.code},"'=HYPERLINK(""x"") ${tag}",Overcoming Compassion Fatigue,The Kind Brave Leader,Helen Rimmer,2032-04-02,2032-04-30,Asia/Tokyo,2032-05-02,Completion rules met,2032-05-02,15,1.5,Valid,,,${ctx.config.baseUrl}/verify/${later.code}`,
    ]);
  });

  it('gives a session’s last day as its end, as the certificate prints it, not the midnight after it', async () => {
    const tag = randomBytes(3).toString('hex');
    const cert = await certificate({ name: `Eve ${tag}`, completedAt: '2034-01-10T10:00:00Z', zone: 'Europe/London' });
    // A session of 23 Nov – 20 Dec ends at the midnight that closes 20 December.
    await ctx.db('certificates').where({ id: cert.id }).update({ session_starts_at: new Date('2033-11-23T00:00:00Z'), session_ends_at: new Date('2033-12-21T00:00:00Z') });
    const [, line] = csvLines((await admin.get('/admin/certificates.csv').query({ q: tag })).text);
    expect(line).toContain(`Eve ${tag},Overcoming Compassion Fatigue,The Kind Brave Leader,Helen Rimmer,2033-11-23,2033-12-20,Europe/London,`);
  });

  it('shows fifty a page, newest first, with a way on and back; and finds one by its code as printed, dashes and all', async () => {
    const tag = randomBytes(3).toString('hex');
    const made = [];
    for (let i = 0; i < 53; i++) made.push(await certificate({ name: `Learner ${String(i).padStart(2, '0')} ${tag}`, completedAt: '2033-01-10T10:00:00Z' }));
    const first = await admin.get('/admin/certificates').query({ q: tag });
    expect(namesOn(first.text)).toHaveLength(50);
    expect(namesOn(first.text)[0]).toBe(`Learner 52 ${tag}`);
    expect(decode(first.text)).toContain('53 certificates: 53 valid, worth 79.5 CEUs (795 contact hours / PDHs).');
    const next = /href="([^"]+)" rel="next"/.exec(decode(first.text))![1];
    const second = await admin.get(next);
    expect(namesOn(second.text)).toEqual([`Learner 02 ${tag}`, `Learner 01 ${tag}`, `Learner 00 ${tag}`]);
    expect(second.text).toContain('First page');
    expect(second.text).not.toContain('rel="next"');

    const printed = made[7].code.replace(/(.{4})(?=.)/g, '$1-');
    expect(namesOn((await admin.get('/admin/certificates').query({ q: printed })).text)).toEqual([`Learner 07 ${tag}`]);
  });

  it.each([
    ['a day that does not exist', { from: '2031-02-30' }, 'from', 'Please give a date like 2026-01-31.'],
    ['a date written another way', { to: '31/01/2031' }, 'to', 'Please give a date like 2026-01-31.'],
    ['a last day before the first', { from: '2031-03-02', to: '2031-03-01' }, 'to', 'The last day is before the first.'],
  ])('answers %s with 422 and the message at the field, keeping what was typed, on the page and instead of the download', async (_label, query, field, message) => {
    for (const path of ['/admin/certificates', '/admin/certificates.csv']) {
      const res = await admin.get(path).query(query);
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(decode(res.text)).toMatch(new RegExp(`id="field-${field}-error"><span class="visually-hidden">Error: </span>${message.replace(/[.]/g, '\\.')}`));
      for (const value of Object.values(query)) expect(res.text).toContain(`value="${value}"`);
    }
  });

  it('is for admins alone: instructors are refused, visitors asked to log in', async () => {
    const instructor = await signIn(ctx.app, await createUser(ctx.db, { role: 'instructor' }));
    for (const path of ['/admin/certificates', '/admin/certificates.csv']) {
      expect((await instructor.get(path)).status).toBe(403);
      const visitor = await request(ctx.app).get(path);
      expect(visitor.status).toBe(302);
      expect(visitor.headers.location).toMatch(/^\/login/);
    }
  });
});
