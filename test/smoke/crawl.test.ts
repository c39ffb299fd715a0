import request from 'supertest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDatabase } from '../../seeds';
import { createTestContext, type TestContext } from '../helpers/app';
import { signIn, type Agent } from '../helpers/http';

// Every page reachable by following links from the home page, as each demo account and as a
// visitor, on the seeded demo data: none may fail, and every page must be complete HTML.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await seedDatabase(ctx.db, { demo: true });
});
afterAll(() => ctx.close());

const MAX_PAGES = 250;
const skip = [/^\/logout/, /\.pdf$/, /\.csv$/, /\/export$/, /^\/static\//, /^\/socket\.io\//, /\/files\/\d+$/, /^\/reflection-files\//, /^\/unsubscribe\//];

async function crawl(agent: Agent | ReturnType<typeof request>, start: string[]): Promise<{ visited: number; problems: string[] }> {
  const seen = new Set<string>(start);
  const queue = [...start];
  const problems: string[] = [];
  let visited = 0;
  while (queue.length && visited < MAX_PAGES) {
    const url = queue.shift()!;
    const res = await agent.get(url);
    visited += 1;
    if (res.status >= 500) problems.push(`${url} answered ${res.status}`);
    if (res.status !== 200 || !String(res.headers['content-type']).includes('text/html')) continue;
    if (!res.text.includes('</html>')) problems.push(`${url} is not a complete page`);
    for (const match of res.text.matchAll(/href="(\/[^"#]*)/g)) {
      const link = match[1].replace(/&amp;/g, '&');
      if (seen.has(link) || skip.some((p) => p.test(link))) continue;
      seen.add(link);
      queue.push(link);
    }
  }
  return { visited, problems };
}

it('a visitor can follow every link without an error', async () => {
  const { visited, problems } = await crawl(request(ctx.app), ['/', '/courses', '/verify', '/login', '/register']);
  expect(problems).toEqual([]);
  expect(visited).toBeGreaterThan(5);
});

it.each(DEMO_ACCOUNTS.map((a) => [a.role, a.email]))('a %s (%s) can follow every link without an error', async (_role, email) => {
  const agent = await signIn(ctx.app, { email, password: DEMO_PASSWORD });
  const { visited, problems } = await crawl(agent, ['/', '/dashboard', '/account']);
  expect(problems).toEqual([]);
  expect(visited).toBeGreaterThan(5);
}, 120_000);

it('gives each demo role something to look at: an announcement, a discussion thread and a reflection awaiting feedback', async () => {
  const session = await ctx.db('enrolments as e').join('users as u', 'u.id', 'e.user_id').where('u.email', 'learner@kindred.test').first('e.course_session_id as id');
  const learner = await signIn(ctx.app, { email: 'learner@kindred.test', password: DEMO_PASSWORD });
  expect((await learner.get('/dashboard')).text).toContain('Welcome to week two');
  expect((await learner.get(`/sessions/${session.id}/weeks/1/discussion`)).text).toContain('The patron I keep thinking about');
  const instructor = await signIn(ctx.app, { email: 'helen@kindred.test', password: DEMO_PASSWORD });
  expect((await instructor.get(`/sessions/${session.id}/feedback`)).text).toContain('Sam Shelver');
});
