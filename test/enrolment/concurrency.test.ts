import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { usingPostgres } from '../helpers/db';
import { createCourse, createSession, createUser, type TestUser } from '../helpers/factories';

// The full 200-for-20 run needs real PostgreSQL connections racing for the row lock; the
// embedded database has a single connection, so there the same test runs at a smaller size.
const REQUESTS = usingPostgres ? 200 : 24;
const SEATS = usingPostgres ? 20 : 4;

let ctx: TestContext;
let server: http.Server;
let baseUrl: string;
beforeAll(async () => {
  ctx = await createTestContext();
  server = http.createServer(ctx.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

const tokenOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1];

/** A learner logged in through the real form, holding the enrol form's CSRF token. */
async function readyLearner(user: TestUser, coursePath: string) {
  const agent = request.agent(baseUrl);
  const loginToken = tokenOf((await agent.get('/login')).text);
  const login = await agent.post('/login').type('form').send({ _csrf: loginToken, email: user.email, password: user.password });
  if (login.status !== 302) throw new Error(`login failed: ${login.status}`);
  return { agent, token: tokenOf((await agent.get(coursePath)).text) };
}

describe(`seat limit under ${REQUESTS} simultaneous enrolments for ${SEATS} seats (${usingPostgres ? 'PostgreSQL' : 'embedded PGlite'})`, () => {
  it(
    `gives exactly ${SEATS} seats and puts the other ${REQUESTS - SEATS} on the waitlist, with no server errors`,
    async () => {
      const course = await createCourse(ctx.db);
      const session = await createSession(ctx.db, course.id, { startedDaysAgo: -14, capacity: SEATS });
      const users: TestUser[] = [];
      for (let i = 0; i < REQUESTS; i++) users.push(await createUser(ctx.db));
      const learners: Awaited<ReturnType<typeof readyLearner>>[] = [];
      for (let i = 0; i < users.length; i += 8) {
        learners.push(...(await Promise.all(users.slice(i, i + 8).map((u) => readyLearner(u, `/courses/${course.slug}`)))));
      }

      const responses = await Promise.all(
        learners.map(({ agent, token }) => agent.post(`/sessions/${session.id}/enrol`).type('form').send({ _csrf: token, waitlist: 'yes' })),
      );

      expect(responses.map((r) => r.status).filter((s) => s !== 302)).toEqual([]);
      expect(responses.every((r) => r.headers.location === '/dashboard')).toBe(true);
      const counts: { status: string; n: number }[] = await ctx.db('enrolments')
        .where({ course_session_id: session.id })
        .groupBy('status')
        .select('status', ctx.db.raw('count(*)::int as n'));
      expect(Object.fromEntries(counts.map((c) => [c.status, c.n]))).toEqual({
        enrolled: SEATS,
        waitlisted: REQUESTS - SEATS,
      });
      const positions = (await ctx.db('enrolments').where({ course_session_id: session.id, status: 'waitlisted' }).pluck('waitlist_position')).map(Number);
      expect(new Set(positions).size).toBe(REQUESTS - SEATS);
    },
    180_000,
  );
});
