import request from 'supertest';
import { issueCertificate } from '../../src/certificates';
import { runScheduledJobs } from '../../src/jobs/scheduler';
import { silentLogger } from '../../src/lib/logger';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { deleteAccountAsOwner } from '../helpers/http';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const YEAR_MS = 365.25 * 86_400_000;
const jobs = (now: Date) => runScheduledJobs({ db: ctx.db, mailer: ctx.mailer, baseUrl: ctx.config.baseUrl, logger: silentLogger }, {}, now);

describe('certificate records after their 7 years', () => {
  it('deletes a record once its retention has ended and its learner has deleted their account, and only then', async () => {
    const { sessionA, sessionB, learnerA, learnerB } = await createCohorts(ctx.db, { startedDaysAgo: 60 });
    const recentLearner = await createUser(ctx.db);
    const enrolmentOf = async (sessionId: number, userId: number) => (await ctx.db('enrolments').where({ course_session_id: sessionId, user_id: userId }).first()).id;
    const goneAndOld = await enrolmentOf(sessionA.id, learnerA.id);
    const stillHereAndOld = await enrolmentOf(sessionB.id, learnerB.id);
    const goneAndRecent = await enrol(ctx.db, sessionA.id, recentLearner.id);
    const eightYearsAgo = new Date(Date.now() - 8 * YEAR_MS);
    const oldA = (await issueCertificate(ctx.db, goneAndOld, { kind: 'manual', now: eightYearsAgo })).certificate;
    const oldB = (await issueCertificate(ctx.db, stillHereAndOld, { kind: 'manual', now: eightYearsAgo })).certificate;
    const recent = (await issueCertificate(ctx.db, goneAndRecent, { kind: 'manual' })).certificate;
    expect(oldA.retain_until.getTime()).toBeLessThan(Date.now());

    // Deleting the account keeps the record (it still verifies), for the rest of its 7 years.
    await deleteAccountAsOwner(ctx.app, ctx.db, learnerA);
    await deleteAccountAsOwner(ctx.app, ctx.db, recentLearner);
    expect(await ctx.db('certificates').where({ id: oldA.id }).first()).toMatchObject({ user_id: null, learner_name: learnerA.name });
    expect((await request(ctx.app).get(`/verify/${oldA.code}`)).status).toBe(200);

    const ran = await jobs(new Date());
    expect(ran.purgedCertificates).toBeGreaterThanOrEqual(1);
    expect(await ctx.db('certificates').where({ id: oldA.id }).first()).toBeUndefined();
    expect(await ctx.db('certificate_events').where({ certificate_id: oldA.id })).toHaveLength(0);
    expect((await request(ctx.app).get(`/verify/${oldA.code}`)).status).toBe(404);

    expect(await ctx.db('certificates').where({ id: oldB.id }).first()).toMatchObject({ user_id: learnerB.id });
    expect(await ctx.db('certificates').where({ id: recent.id }).first()).toMatchObject({ user_id: null });
    expect((await request(ctx.app).get(`/verify/${recent.code}`)).status).toBe(200);

    expect((await jobs(new Date())).purgedCertificates).toBe(0);
    // Seven years on, the second record goes too.
    expect((await jobs(new Date(Date.now() + 7 * YEAR_MS + 86_400_000))).purgedCertificates).toBeGreaterThanOrEqual(1);
    expect(await ctx.db('certificates').where({ id: recent.id }).first()).toBeUndefined();
    expect(await ctx.db('certificates').where({ id: oldB.id }).first()).toBeDefined();
  });
});
