import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { createCohorts, createUser, enrol } from '../helpers/factories';
import { csrfFrom, postForm, signIn } from '../helpers/http';
import { filesOf, pdfBytes, pngBytes, postReflection, reflectionOf, reflectionUrl, versionsOf } from '../helpers/reflections-factories';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function twoSubmissions() {
  const c = await createCohorts(ctx.db);
  const learnerA = await signIn(ctx.app, c.learnerA);
  const learnerB = await signIn(ctx.app, c.learnerB);
  await postReflection(learnerA, c.sessionA.id, 1, 'Private words of A', [{ bytes: pdfBytes('A'), name: 'a-notes.pdf' }]);
  await postReflection(learnerB, c.sessionB.id, 1, 'Private words of B', [{ bytes: pngBytes(), name: 'b.png', contentType: 'image/png' }]);
  const reflectionA = await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id);
  const [fileA] = await filesOf(ctx.db, reflectionA.id);
  return { c, learnerA, learnerB, reflectionA, fileA };
}

describe('a learner cannot reach another learner’s reflection by any id', () => {
  it('learner B gets 404 for A’s reflection pages, feedback, draft, submit and file, and A’s work is unchanged', async () => {
    const { c, learnerB, reflectionA, fileA } = await twoSubmissions();
    expect((await learnerB.get(reflectionUrl(c.sessionA.id, 1))).status).toBe(404);
    for (const sessionId of [c.sessionA.id, c.sessionB.id]) {
      expect((await learnerB.get(`/sessions/${sessionId}/reflections/${reflectionA.id}`)).status).toBe(404);
      expect((await postForm(learnerB, `/sessions/${sessionId}/reflections/${reflectionA.id}/feedback`, { feedback: 'x', outcome: 'accept' }, reflectionUrl(c.sessionB.id, 1))).status).toBe(404);
    }
    expect((await postForm(learnerB, `${reflectionUrl(c.sessionA.id, 1)}/draft`, { text: 'Overwrite' }, reflectionUrl(c.sessionB.id, 1))).status).toBe(404);
    // B's own valid token passes the CSRF check on A's page, with a file: the route must still refuse.
    const ownToken = await csrfFrom(learnerB, reflectionUrl(c.sessionB.id, 1));
    const submit = await postReflection(learnerB, c.sessionA.id, 1, 'Overwrite', [{ bytes: pdfBytes('from B'), name: 'b.pdf' }], ownToken);
    expect(submit.status).toBe(404);
    const download = await learnerB.get(`/reflection-files/${fileA.id}`);
    expect(download.status).toBe(404);
    expect(download.text).not.toContain('%PDF');
    expect(await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).toMatchObject({ status: 'submitted', draft_text: 'Private words of A', current_version: 1 });
    expect(await versionsOf(ctx.db, reflectionA.id)).toHaveLength(1);
    const own = await learnerB.get(reflectionUrl(c.sessionB.id, 1));
    expect(own.text).toContain('Private words of B');
    expect(own.text).not.toContain('Private words of A');
  });

  it('a second learner of the same session cannot download or open A’s reflection either', async () => {
    const { c, reflectionA, fileA } = await twoSubmissions();
    const peer = await createUser(ctx.db);
    await enrol(ctx.db, c.sessionA.id, peer.id);
    const agent = await signIn(ctx.app, peer);
    expect((await agent.get(`/reflection-files/${fileA.id}`)).status).toBe(404);
    expect((await agent.get(`/sessions/${c.sessionA.id}/reflections/${reflectionA.id}`)).status).toBe(404);
    const own = await agent.get(reflectionUrl(c.sessionA.id, 1));
    expect(own.status).toBe(200);
    expect(own.text).not.toContain('Private words of A');
  });
});

describe('instructors see only their own session’s reflections', () => {
  it('the instructor of session B gets 404 for A’s queue, reflection (under either session), feedback and file', async () => {
    const { c, reflectionA, fileA } = await twoSubmissions();
    const agent = await signIn(ctx.app, c.instructorB);
    expect((await agent.get(`/sessions/${c.sessionA.id}/feedback`)).status).toBe(404);
    for (const sessionId of [c.sessionA.id, c.sessionB.id]) {
      expect((await agent.get(`/sessions/${sessionId}/reflections/${reflectionA.id}`)).status).toBe(404);
      expect((await postForm(agent, `/sessions/${sessionId}/reflections/${reflectionA.id}/feedback`, { feedback: 'x', outcome: 'accept' }, `/sessions/${c.sessionB.id}`)).status).toBe(404);
    }
    expect((await agent.get(`/reflection-files/${fileA.id}`)).status).toBe(404);
    const queueB = await agent.get(`/sessions/${c.sessionB.id}/feedback`);
    expect(queueB.status).toBe(200);
    expect(queueB.text).not.toContain(c.learnerA.name);
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).status).toBe('submitted');
  });

  it('an admin can open any session’s reflection and download its files', async () => {
    const { c, reflectionA, fileA } = await twoSubmissions();
    const admin = await signIn(ctx.app, c.admin);
    expect((await admin.get(`/sessions/${c.sessionA.id}/reflections/${reflectionA.id}`)).status).toBe(200);
    expect((await admin.get(`/reflection-files/${fileA.id}`)).status).toBe(200);
  });
});

describe('downloading reflection files', () => {
  it('serves the author and the session instructor an attachment with nosniff and the detected type', async () => {
    const { c, learnerA, fileA } = await twoSubmissions();
    for (const agent of [learnerA, await signIn(ctx.app, c.instructorA)]) {
      const res = await agent.get(`/reflection-files/${fileA.id}`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (d: Buffer) => chunks.push(d));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/pdf/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?a-notes\.pdf"?$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(res.body as Buffer, pdfBytes('A'))).toBe(0);
    }
  });

  it('answers 404 to unknown or malformed file ids and sends visitors to log in', async () => {
    const { learnerA, fileA } = await twoSubmissions();
    expect((await learnerA.get('/reflection-files/99999999')).status).toBe(404);
    expect((await learnerA.get('/reflection-files/abc')).status).toBe(404);
    const anonymous = await request(ctx.app).get(`/reflection-files/${fileA.id}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/login');
  });
});
