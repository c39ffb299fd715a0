import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/app';
import { csrfFrom, type Agent } from '../helpers/http';
import { ACTORS, REFUSALS, SHUT_OUT, changedTables, databaseFingerprint, fillPath, signInSettled, type Actor, type Outcome } from './support/access';
import { CSRF_EXEMPT, POST_ANSWERS, ROUTE_OUTCOMES, WRITES_WHEN_REFUSING, classOf, outcomeOf } from './support/route-classes';
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

/** The actor as a browser in world `w`: signed in as its account there, with a form token. */
async function browserOf(w: World, actor: Actor): Promise<{ agent: Agent; token: string }> {
  if (actor === 'anonymous') {
    const agent = request.agent(ctx.app);
    return { agent, token: await csrfFrom(agent, '/login') };
  }
  const users = { otherLearner: w.learnerB, learner: w.learnerA, otherInstructor: w.instructorB, instructor: w.instructorA, admin: w.admin };
  const agent = await signInSettled(ctx.db, ctx.app, users[actor]);
  return { agent, token: await csrfFrom(agent, '/dashboard') };
}

beforeAll(async () => {
  ctx = await createTestContext();
  world = await createWorld(ctx.db, ctx.storage);
  putBackup(ctx.config.backups.dir);
  routes = listRoutes(ctx.app).filter((r) => r.method !== 'HEAD');
  for (const actor of ACTORS) ({ agent: agents[actor], token: tokens[actor] } = await browserOf(world, actor));
}, 60_000);
afterAll(() => ctx.close());

type Res = { status: number; headers: Record<string, string>; text: string };

function problemWith(outcome: Outcome, res: Res): string | undefined {
  const location = res.headers.location ?? '';
  const toLogin = [301, 302, 303].includes(res.status) && location.startsWith('/login');
  const ok =
    outcome === 'ok' ? res.status === 200
    : outcome === 'redirect' ? res.status === 302 && !toLogin
    : outcome === 'seeOther' ? res.status === 303 && !toLogin
    : outcome === 'moved' ? res.status === 301
    : outcome === 'invalid' ? res.status === 422
    : outcome === 'conflict' ? res.status === 409
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

  it('knows what every state-changing route answers those it is for (add it to POST_ANSWERS in support/route-classes.ts)', () => {
    const allowed = routes.filter((r) => r.method !== 'GET' && classOf(r) && ACTORS.some((a) => !REFUSALS.includes(outcomeOf(r, a))));
    expect(allowed.map((r) => `${r.method} ${r.path}`).filter((k) => !(k in POST_ANSWERS))).toEqual([]);
    const keys = new Set(routes.map((r) => `${r.method} ${r.path}`));
    expect(Object.keys(POST_ANSWERS).filter((k) => !keys.has(k))).toEqual([]);
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

describe('state-changing routes refuse those they are not for', () => {
  it.each(ACTORS)('refuse the %s (with a valid CSRF token), change nothing and leak nothing', async (actor) => {
    const problems: string[] = [];
    for (const route of routes.filter((r) => r.method !== 'GET' && classOf(r) && fillable(r))) {
      const cls = classOf(route)!;
      const outcome = outcomeOf(route, actor);
      if (!REFUSALS.includes(outcome)) continue;
      const url = fillPath(route, world);
      const before = await databaseFingerprint(ctx.db);
      const res = (await agents[actor][route.method === 'ALL' ? 'post' : (route.method.toLowerCase() as 'post')](url)
        .type('form')
        .send({ _csrf: tokens[actor], ...PROBE_BODY })
        .redirects(0)) as unknown as Res;
      const changed = changedTables(before, await databaseFingerprint(ctx.db)).filter((t) => t !== WRITES_WHEN_REFUSING[`${route.method} ${route.path}`]);
      const problem = problemWith(outcome, res);
      if (problem) problems.push(`${route.method} ${url} (${cls}): ${problem}`);
      if (changed.length) problems.push(`${route.method} ${url} (${cls}) changed ${changed.join(', ')} for ${actor}`);
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

/** Answers that change nothing by design (a form sent back, a change refused), so the shared world can take them. */
const UNCHANGING: readonly Outcome[] = ['invalid', 'conflict', 'hidden'];

/** The routes the actor may use, whose answer to the probe form is (or is not) one that changes nothing. */
const allowedPosts = (actor: Actor, unchanging: boolean) =>
  routes.filter((r) => r.method !== 'GET' && classOf(r) && fillable(r) && !REFUSALS.includes(outcomeOf(r, actor)) && UNCHANGING.includes(outcomeOf(r, actor)) === unchanging);

async function postProbe(agent: Agent, token: string, route: AppRoute, w: World): Promise<Res> {
  return (await agent[route.method === 'ALL' ? 'post' : (route.method.toLowerCase() as 'post')](fillPath(route, w))
    .type('form')
    .send({ _csrf: token, ...PROBE_BODY })
    .redirects(0)) as unknown as Res;
}

describe('state-changing routes answer those they are for', () => {
  it.each(ACTORS)('answer the %s whose probe form is sent back or refused (422, 409, 404) as POST_ANSWERS says, changing nothing', async (actor) => {
    const problems: string[] = [];
    for (const route of allowedPosts(actor, true)) {
      const before = await databaseFingerprint(ctx.db);
      const res = await postProbe(agents[actor], tokens[actor], route, world);
      const problem = problemWith(outcomeOf(route, actor), res);
      if (problem) problems.push(`${route.method} ${route.path} (${classOf(route)}): ${problem}`);
      const changed = changedTables(before, await databaseFingerprint(ctx.db)).filter((t) => t !== WRITES_WHEN_REFUSING[`${route.method} ${route.path}`]);
      if (changed.length) problems.push(`${route.method} ${route.path} answered ${res.status} but changed ${changed.join(', ')} for ${actor}`);
    }
    expect(problems).toEqual([]);
  });

  // A success changes the world (a post deleted, a learner withdrawn, the actor logged out), so each
  // gets a world of its own and no answer depends on the routes before it. Last in this file: the
  // worlds it adds would slow every fingerprint after it.
  it.each(ACTORS)('answer the %s who posts the probe form with the success POST_ANSWERS says, each on a world of its own', async (actor) => {
    const problems: string[] = [];
    for (const route of allowedPosts(actor, false)) {
      const own = await createWorld(ctx.db, ctx.storage);
      const { agent, token } = await browserOf(own, actor);
      const problem = problemWith(outcomeOf(route, actor), await postProbe(agent, token, route, own));
      if (problem) problems.push(`${route.method} ${route.path} (${classOf(route)}): ${problem}`);
    }
    expect(problems).toEqual([]);
  });
});
