import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { assignInstructor, createCohorts, createUser, enrol } from '../helpers/factories';
import { csrfFrom, decode, postForm, signIn, type Agent } from '../helpers/http';
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
});

describe('admins read reflections only in a session they teach', () => {
  /** Every page, file and form that shows or answers learner A's reflection, by whoever the agent is. */
  async function reflectionRoutesOf(agent: Agent, c: Awaited<ReturnType<typeof twoSubmissions>>['c'], reflectionId: number, fileId: number, via = c.sessionA.id) {
    const review = `/sessions/${via}/reflections/${reflectionId}`;
    const draftByJson = await agent.post(`${review}/feedback/draft`).set('Accept', 'application/json').type('form').send({ _csrf: await csrfFrom(agent, '/dashboard'), feedback: 'Kept for later' });
    return {
      queue: (await agent.get(`/sessions/${via}/feedback?show=all`)).status,
      review: (await agent.get(review)).status,
      file: (await agent.get(`/reflection-files/${fileId}`)).status,
      draft: (await postForm(agent, `${review}/feedback/draft`, { feedback: 'Kept for later' })).status,
      draftByJson: draftByJson.status,
      feedback: (await postForm(agent, `${review}/feedback`, { feedback: 'Well done', outcome: 'accept' })).status,
      changeForm: (await agent.get(`${review}/feedback/edit`)).status,
      change: (await postForm(agent, `${review}/feedback/edit`, { feedback: 'Changed', rev: '0' })).status,
    };
  }

  it('an admin who does not teach session A gets 404 for its queue, reflection, file and every feedback form, and changes nothing', async () => {
    const { c, reflectionA, fileA } = await twoSubmissions();
    const admin = await signIn(ctx.app, c.admin);
    expect(await reflectionRoutesOf(admin, c, reflectionA.id, fileA.id)).toEqual({ queue: 404, review: 404, file: 404, draft: 404, draftByJson: 404, feedback: 404, changeForm: 404, change: 404 });
    const page = await admin.get(`/sessions/${c.sessionA.id}/reflections/${reflectionA.id}`);
    expect(page.text).not.toContain('Private words of A');
    const download = await admin.get(`/reflection-files/${fileA.id}`);
    expect(download.text ?? '').not.toContain('%PDF');
    // The week's reflection leads staff who do not teach to where the learners stand, not to the queue.
    const week = await admin.get(reflectionUrl(c.sessionA.id, 1));
    expect(week.status).toBe(302);
    expect(week.headers.location).toBe(`/sessions/${c.sessionA.id}/progress`);
    expect(await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).toMatchObject({ status: 'submitted', current_version: 1 });
    expect(await ctx.db('feedback_drafts').where({ author_id: c.admin.id })).toEqual([]);
    expect((await versionsOf(ctx.db, reflectionA.id))[0]).toMatchObject({ feedback_md: null, outcome: null });
  });

  it('an admin made an instructor of session A reads and answers its reflections, and still not session B’s', async () => {
    const { c, reflectionA, fileA } = await twoSubmissions();
    const reflectionB = await reflectionOf(ctx.db, c.sessionB.id, c.learnerB.id);
    const [fileB] = await filesOf(ctx.db, reflectionB.id);
    await assignInstructor(ctx.db, c.sessionA.id, c.admin.id);
    const admin = await signIn(ctx.app, c.admin);
    const queue = await admin.get(`/sessions/${c.sessionA.id}/feedback`);
    expect(queue.status).toBe(200);
    expect(queue.text).toContain(c.learnerA.name);
    const page = await admin.get(`/sessions/${c.sessionA.id}/reflections/${reflectionA.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Private words of A');
    expect((await admin.get(`/reflection-files/${fileA.id}`)).status).toBe(200);
    expect((await postForm(admin, `/sessions/${c.sessionA.id}/reflections/${reflectionA.id}/feedback`, { feedback: 'Thank you', outcome: 'accept' })).status).toBe(302);
    expect((await reflectionOf(ctx.db, c.sessionA.id, c.learnerA.id)).status).toBe('accepted');
    expect((await admin.get(`/sessions/${c.sessionA.id}/reflections/${reflectionA.id}/feedback/edit`)).status).toBe(200);
    // Session B, which they do not teach, stays closed, and A's reflection is not found through B's address.
    expect(await reflectionRoutesOf(admin, c, reflectionB.id, fileB.id, c.sessionB.id)).toEqual({ queue: 404, review: 404, file: 404, draft: 404, draftByJson: 404, feedback: 404, changeForm: 404, change: 404 });
    expect((await admin.get(`/sessions/${c.sessionB.id}/reflections/${reflectionA.id}`)).status).toBe(404);
    expect((await reflectionOf(ctx.db, c.sessionB.id, c.learnerB.id)).status).toBe('submitted');
  });
});

describe('what an admin who does not teach a session sees of its reflections', () => {
  const count = (text: string, part: string) => text.split(part).length - 1;

  it('shows where the reflections stand on the progress table, overview, week page and teaching list, without a way to them, and says why once', async () => {
    const { c } = await twoSubmissions();
    const admin = await signIn(ctx.app, c.admin);
    const queue = `href="/sessions/${c.sessionA.id}/feedback`;
    const why = 'id="reflections-for-instructors"';
    const pages = {
      progress: await admin.get(`/sessions/${c.sessionA.id}/progress`),
      overview: await admin.get(`/sessions/${c.sessionA.id}`),
      week: await admin.get(`/sessions/${c.sessionA.id}/weeks/1`),
      teach: await admin.get('/teach'),
    };
    for (const [name, res] of Object.entries(pages)) {
      expect([name, res.status]).toEqual([name, 200]);
      expect([name, res.text.includes(queue)]).toEqual([name, false]);
      expect([name, count(res.text, why)]).toEqual([name, 1]);
    }
    expect(pages.progress.text).toContain(c.learnerA.name);
    expect(pages.progress.text).toContain(`href="/admin/sessions/${c.sessionA.id}#instructors"`);
    expect(pages.overview.text).toContain('1 reflection waiting for feedback from the instructors');
    expect(pages.overview.text).not.toContain('Private words of A');

    // Once they add themself as an instructor, the same pages lead to the reflections, and the note goes.
    await assignInstructor(ctx.db, c.sessionA.id, c.admin.id);
    for (const url of [`/sessions/${c.sessionA.id}/progress`, `/sessions/${c.sessionA.id}`, `/sessions/${c.sessionA.id}/weeks/1`]) {
      const res = await admin.get(url);
      expect([url, res.text.includes(queue), res.text.includes(why)]).toEqual([url, true, false]);
    }
  });

  it('tells the learners who teaches their session, so an admin who reads their reflections is named', async () => {
    const { c, learnerA } = await twoSubmissions();
    await assignInstructor(ctx.db, c.sessionA.id, c.admin.id);
    const page = decode((await learnerA.get(`/sessions/${c.sessionA.id}`)).text);
    const taughtBy = page.match(/<p>Taught by ([^<]*)<\/p>/)?.[1] ?? '';
    expect(taughtBy).toContain(c.instructorA.name);
    expect(taughtBy).toContain(c.admin.name);
    expect(taughtBy).toContain('Your reflections, and any toolkit section you share, are read by them and nobody else.');
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
