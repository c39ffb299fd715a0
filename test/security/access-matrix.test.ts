import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { csrfFrom, type Agent } from '../helpers/http';
import { ACTORS, REFUSALS, SHUT_OUT, changedTables, databaseFingerprint, fillPath, signInSettled, type Actor, type Outcome } from './support/access';
import { CSRF_EXEMPT, RATE_LIMITED, ROUTE_OUTCOMES, classOf, outcomeOf } from './support/route-classes';
import { listRoutes, type AppRoute } from './support/routes';
import { SECRET, createWorld, putBackup, type World } from './support/world';

// Every route, read from the app's router, requested by six kinds of people. See
// support/route-classes.ts for who each route is for.
// Each test walks every route; on a busy 2-core machine that takes a while.
jest.setTimeout(180_000);

let ctx: TestContext;
let world: World;
let routes: AppRoute[];
const agents = {} as Record<Actor, Agent>;
const tokens = {} as Record<Actor, string>;

/** Routes whose parameters the fixtures can fill; the others fail the enumeration test above. */
function fillable(r: AppRoute): boolean {
  try {
    fillPath(r, world);
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  ctx = await createTestContext();
  world = await createWorld(ctx.db, ctx.storage);
  putBackup(ctx.config.backups.dir);
  routes = listRoutes(ctx.app).filter((r) => r.method !== 'HEAD');
  const users = { otherLearner: world.learnerB, learner: world.learnerA, otherInstructor: world.instructorB, instructor: world.instructorA, admin: world.admin };
  agents.anonymous = request.agent(ctx.app);
  tokens.anonymous = await csrfFrom(agents.anonymous, '/login');
  for (const [actor, user] of Object.entries(users) as [Actor, typeof world.admin][]) {
    agents[actor] = await signInSettled(ctx.db, ctx.app, user);
    tokens[actor] = await csrfFrom(agents[actor], '/dashboard');
  }
}, 60_000);
afterAll(() => ctx.close());

type Res = { status: number; headers: Record<string, string>; text: string };

function problemWith(outcome: Outcome, res: Res): string | undefined {
  const location = res.headers.location ?? '';
  const toLogin = [301, 302, 303].includes(res.status) && location.startsWith('/login');
  const ok =
    outcome === 'ok' ? res.status === 200
    : outcome === 'redirect' ? res.status === 302 && !toLogin
    : outcome === 'moved' ? res.status === 301
    : outcome === 'gone' ? res.status === 410
    : outcome === 'login' ? toLogin || res.status === 401 || res.status === 404
    : outcome === 'forbidden' ? res.status === 403 || res.status === 404
    : outcome === 'denied' ? res.status === 403
    : res.status === 404;
  return ok ? undefined : `expected ${outcome}, got ${res.status}${location ? ` → ${location}` : ''}`;
}

/** Learner A's name, email and private writing must not reach anyone not entitled to them. */
function leaks(res: Res): string[] {
  const text = res.text ?? '';
  return [world.learnerA.name, world.learnerA.email, ...Object.values(SECRET)].filter((s) => text.includes(s));
}

const PROBE_BODY = { text: 'probe', body: 'probe', title: 'probe', reason: 'probe', feedback: 'probe', name: 'probe', email: 'probe@example.test' };

describe('route enumeration', () => {
  it('reads the routes of every mounted router, with full paths and methods', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(expect.arrayContaining(['GET /', 'POST /login', 'POST /logout', 'GET /reset-password/:token', 'GET /admin/outbox/:id']));
    expect(keys.every((k) => /^(GET|POST|PUT|PATCH|DELETE|ALL) \/[^\s]*$/.test(k))).toBe(true);
  });

  it('knows who every route is for (classify any new route in support/route-classes.ts)', () => {
    const unclassified = routes.filter((r) => !classOf(r)).map((r) => `classify this new route: ${r.method} ${r.path}`);
    expect(unclassified).toEqual([]);
  });

  it('has no per-route outcome for a route the app no longer has', () => {
    const keys = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(ROUTE_OUTCOMES).filter((k) => !keys.has(k))).toEqual([]);
  });

  it('can fill every route parameter with a real id from the fixtures', () => {
    const problems: string[] = [];
    for (const r of routes) {
      try {
        fillPath(r, world);
      } catch (err) {
        problems.push(String((err as Error).message));
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('GET routes by who asks', () => {
  it.each(ACTORS)('answer the %s as each route is classified, without leaking learner A', async (actor) => {
    const problems: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && classOf(r) && fillable(r))) {
      const cls = classOf(route)!;
      const outcome = outcomeOf(route, actor);
      const url = fillPath(route, world);
      const res = (await agents[actor].get(url).redirects(0)) as unknown as Res;
      const problem = problemWith(outcome, res);
      if (problem) problems.push(`GET ${url} (${route.path}, ${cls}): ${problem}`);
      // A refusal must not depend on whether the id exists, or ids could be probed.
      const ghostUrl = url.replace(/\/\d+(?=[/.]|$)/g, '/999999');
      if (SHUT_OUT.includes(outcome) && ghostUrl !== url) {
        const ghost = await agents[actor].get(ghostUrl).redirects(0);
        if (ghost.status !== res.status) problems.push(`GET ${url} (${cls}) answers ${actor} ${res.status}, but ${ghost.status} for a made-up id: it confirms ids`);
      }
      const unauthorised = SHUT_OUT.includes(outcome) || (cls !== 'public' && cls !== 'guest' && (actor === 'otherLearner' || actor === 'otherInstructor'));
      if (unauthorised && leaks(res).length) problems.push(`GET ${url} (${cls}) shows ${actor} learner A's data: ${leaks(res).join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('state-changing routes answer who posts as each is classified', () => {
  it.each(ACTORS)('answer the %s (with a valid CSRF token); a refusal changes nothing, and nothing leaks', async (actor) => {
    const problems: string[] = [];
    for (const route of routes.filter((r) => r.method !== 'GET' && classOf(r) && fillable(r))) {
      const cls = classOf(route)!;
      const outcome = outcomeOf(route, actor);
      // Allowed, and what it does with a form is the feature's own tests' business (see Outcome).
      if (outcome === 'ok') continue;
      const url = fillPath(route, world);
      const before = await databaseFingerprint(ctx.db);
      const res = (await agents[actor][route.method === 'ALL' ? 'post' : (route.method.toLowerCase() as 'post')](url)
        .type('form')
        .send({ _csrf: tokens[actor], ...PROBE_BODY })
        .redirects(0)) as unknown as Res;
      const changed = changedTables(before, await databaseFingerprint(ctx.db)).filter((t) => !(t === 'rate_limit_hits' && RATE_LIMITED.has(`${route.method} ${route.path}`)));
      const problem = problemWith(outcome, res);
      if (problem) problems.push(`${route.method} ${url} (${cls}): ${problem}`);
      if (REFUSALS.includes(outcome) && changed.length) problems.push(`${route.method} ${url} (${cls}) changed ${changed.join(', ')} for ${actor}`);
      const unauthorised = SHUT_OUT.includes(outcome) || actor === 'otherLearner' || actor === 'otherInstructor';
      if (unauthorised && leaks(res).length) problems.push(`${route.method} ${url} (${cls}) shows ${actor} learner A's data: ${leaks(res).join(', ')}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('CSRF on every state-changing route', () => {
  async function refusedWithoutToken(kind: 'form' | 'multipart'): Promise<string[]> {
    const problems: string[] = [];
    const signedIn: Partial<Record<'learner' | 'admin', Agent>> = {};
    for (const route of routes.filter((r) => r.method !== 'GET' && fillable(r))) {
      // Someone the route is for, so nothing but the missing token can stop the request: the
      // learner on the learner's own routes (uploads among them), otherwise the admin.
      const cls = classOf(route);
      const who = cls === 'sessionLearner' || cls === 'ownPost' ? 'learner' : 'admin';
      const agent = (signedIn[who] ??= await signInSettled(ctx.db, ctx.app, who === 'learner' ? world.learnerA : world.admin));
      const url = fillPath(route, world);
      const method = route.method === 'ALL' ? 'post' : (route.method.toLowerCase() as 'post');
      const before = await databaseFingerprint(ctx.db);
      let req = agent[method](url).redirects(0);
      if (kind === 'form') req = req.type('form').send(PROBE_BODY);
      else for (const [k, v] of Object.entries(PROBE_BODY)) req = req.field(k, v);
      const res = await req;
      const changed = changedTables(before, await databaseFingerprint(ctx.db));
      if (CSRF_EXEMPT.has(`${route.method} ${route.path}`) ? res.status < 400 || res.status >= 500 : res.status !== 403) problems.push(`${route.method} ${url} without a token (${kind}) answered ${res.status}, not ${CSRF_EXEMPT.has(`${route.method} ${route.path}`) ? 'a refusal (made-up secret)' : '403'}`);
      if (changed.length) {
        problems.push(`${route.method} ${url} without a token (${kind}) changed ${changed.join(', ')}`);
        delete signedIn[who]; // it may have logged the account out
      }
    }
    return problems;
  }

  it('refuses a form post without a token with 403 and changes no table', async () => {
    expect(await refusedWithoutToken('form')).toEqual([]);
  });

  it('refuses a multipart post without a token with 403 and changes no table', async () => {
    expect(await refusedWithoutToken('multipart')).toEqual([]);
  });
});
