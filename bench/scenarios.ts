import os from 'node:os';
import path from 'node:path';
import { freePort, logIn, probe, spawnServer, type RunningProcess } from './app-process';
import { CONNECTIONS, SECONDS, WARMUP_SECONDS, measure, measureSequential, type LoadFigures } from './load';
import { log, sleep } from './log';
import { benchDir, round, type ScenarioResult } from './report';
import type { ReferenceKind } from './reference-servers';
import type { SeedResult } from './seed-large';

/** Seconds for a second try at a page that answered nothing within the normal run. */
const LONG_SECONDS = 40;

export type Who = 'visitor' | 'learner' | 'instructor';
export interface Scenario {
  name: string;
  what: string;
  path: string;
  as: Who;
  /** Requests come from many addresses (a public page behind a per-address rate limit). */
  manyVisitors?: boolean;
}

export function scenariosFor(seed: SeedResult): Scenario[] {
  return [
    { name: 'course_page', what: 'course page, visitor', path: `/courses/${seed.courseSlug}`, as: 'visitor' },
    { name: 'session_dashboard', what: 'learner session dashboard', path: `/sessions/${seed.sessionId}`, as: 'learner' },
    { name: 'week_page', what: 'week 1 page, learner', path: `/sessions/${seed.sessionId}/weeks/1`, as: 'learner' },
    { name: 'thread_page_50_posts', what: '50-post thread, learner, 100,000 posts in DB', path: `/threads/${seed.bigThreadId}`, as: 'learner' },
    { name: 'progress_table_1000_learners', what: 'instructor progress table, 1,000 learners', path: `/sessions/${seed.sessionId}/progress`, as: 'instructor' },
    // The seed's vocabulary is small, so one word is in more than half of the 100,000 posts: the worst case.
    { name: 'discussion_search_common_word', what: 'discussion search, a word in 57% of posts, learner', path: `/sessions/${seed.sessionId}/discussions/search?q=boundary`, as: 'learner' },
    // A past cohort's 25 posts: the same word is rare there, however common in the session above.
    { name: 'discussion_search_past_cohort', what: 'discussion search in a past cohort of 25 posts, the same word, instructor', path: `/sessions/${seed.pastSessionId}/discussions/search?q=boundary`, as: 'instructor' },
    { name: 'discussion_search_no_match', what: 'discussion search, a word in no post, learner', path: `/sessions/${seed.sessionId}/discussions/search?q=zebra`, as: 'learner' },
    { name: 'verify_certificate', what: 'certificate verification, visitor', path: `/verify/${seed.certificateCode ?? 'NO-CERTIFICATES-TABLE'}`, as: 'visitor', manyVisitors: true },
  ];
}

export async function cookiesFor(app: RunningProcess, seed: SeedResult): Promise<Record<Who, string | undefined>> {
  const learner = await logIn(app.url, seed.learner.email, seed.learner.password);
  const instructor = await logIn(app.url, seed.instructor.email, seed.instructor.password);
  return { visitor: undefined, learner, instructor };
}

/** One scenario; a failure (or a crashed app) is recorded and the run goes on. */
export async function runScenario(app: RunningProcess, s: Scenario, cookie: string | undefined): Promise<ScenarioResult> {
  try {
    return await loadScenario(app, s, cookie);
  } catch (err) {
    const why = app.alive() ? String((err as Error).message ?? err) : `the app exited: ${app.logs().slice(-3).join(' | ')}`;
    log(`    failed: ${why}`);
    return { status: 'failed', what: s.what, path: s.path, as: s.as, note: why.slice(0, 300) };
  }
}

/** Probes the route first: a 404 means the feature is not there yet ("missing"), not a slow page. */
async function loadScenario(app: RunningProcess, s: Scenario, cookie: string | undefined): Promise<ScenarioResult> {
  const base: ScenarioResult = { status: 'missing', what: s.what, path: s.path, as: s.as };
  const first = await probe(`${app.url}${s.path}`, cookie);
  const title = /<title>([^<]*)<\/title>/.exec(first.body)?.[1]?.trim();
  if (first.status === 404) return { ...base, status: 'missing', note: `route answers 404${title ? ` ("${title}")` : ''}` };
  if (first.status !== 200) {
    const error = first.status >= 500 ? app.logs().reverse().find((l) => l.includes('"error"')) : undefined;
    return { ...base, status: 'failed', note: `route answers ${first.status}${error ? `; app log: ${error.slice(0, 400)}` : ''}` };
  }
  await settle(app);
  log(`  ${s.name}: ${s.path} (${s.as}, ${first.bytes} bytes) warm-up ${WARMUP_SECONDS} s + ${SECONDS} s at c=${CONNECTIONS}`);
  const load1m = round(os.loadavg()[0], 1);
  let figures: LoadFigures = await measure(`${app.url}${s.path}`, cookie, { manyVisitors: s.manyVisitors, cpuMs: app.cpuMs, dbCpuMs: app.dbCpuMs });
  log(`    ${figures.rps} req/s, p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}, CPU ms/request: app ${figures.cpu_ms_per_request}, database ${figures.db_cpu_ms_per_request ?? '-'}, load generator ${figures.loadgen_cpu_ms_per_request}`);
  let longer = false;
  if (figures.rps === 0 && figures.non2xx === 0 && SECONDS < LONG_SECONDS) {
    // Not one answer within the run: every request queues longer than the run lasts. A longer
    // run (after the backlog drains) gives the page a figure instead of a blank.
    await settle(app);
    log(`    no answer in ${SECONDS} s; measuring again for ${LONG_SECONDS} s`);
    figures = await measure(`${app.url}${s.path}`, cookie, { manyVisitors: s.manyVisitors, seconds: LONG_SECONDS, warmup: false, cpuMs: app.cpuMs, dbCpuMs: app.dbCpuMs });
    log(`    ${figures.rps} req/s, p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}`);
    longer = true;
  }
  const served = figures.rps > 0;
  const note = !served
    ? figures.non2xx
      ? `no 2xx answer: ${figures.statuses}`
      : `no answer within the run (${figures.timeouts} timeouts)`
    : figures.non2xx
      ? `${figures.non2xx} of ${figures.requests} answers not 2xx (${figures.statuses})`
      : undefined;
  return {
    ...base,
    status: served ? 'measured' : 'failed',
    bytes: first.bytes,
    rps: figures.rps,
    p50_ms: served ? figures.p50_ms : undefined,
    p99_ms: served ? figures.p99_ms : undefined,
    non2xx: figures.non2xx,
    errors: figures.errors,
    timeouts: figures.timeouts,
    app_cpu_ms_per_request: figures.cpu_ms_per_request,
    db_cpu_ms_per_request: figures.db_cpu_ms_per_request,
    loadgen_cpu_ms_per_request: figures.loadgen_cpu_ms_per_request,
    ...cpuCeilings(figures),
    load_1m: load1m,
    note: [note, s.manyVisitors ? 'each request from its own X-Forwarded-For address' : '', longer ? `measured over ${LONG_SECONDS} s: nothing answered within ${SECONDS} s` : '']
      .filter(Boolean)
      .join('; ') || undefined,
  };
}

/**
 * What the machine's cores allow for this page, from the CPU each request cost the app, the
 * database and the load generator: with all three as measured, and with the app costing nothing.
 * The second is the most any work on the app could reach here.
 */
function cpuCeilings(f: LoadFigures): { cpu_bound_rps?: number; cpu_bound_rps_without_app?: number } {
  const { cpu_ms_per_request: app, db_cpu_ms_per_request: db, loadgen_cpu_ms_per_request: loadgen } = f;
  if (app === undefined || db === undefined || loadgen === undefined || db + loadgen <= 0) return {};
  const coreMs = os.cpus().length * 1000;
  return { cpu_bound_rps: Math.round(coreMs / (app + db + loadgen)), cpu_bound_rps_without_app: Math.round(coreMs / (db + loadgen)) };
}

/**
 * Waits until the app answers /healthz quickly again: requests of a heavy scenario may still be
 * running after the load generator stops, and would be charged to the next scenario.
 */
export async function settle(app: RunningProcess): Promise<void> {
  // The embedded database has one connection, so a queue of heavy requests can hold it a while.
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && app.alive()) {
    const t = performance.now();
    try {
      await probe(`${app.url}/healthz`);
    } catch {
      // busy or briefly unreachable: try again
    }
    if (performance.now() - t < 50) return;
    await sleep(250);
  }
}

/** A reference server in its own process, loaded exactly like the app. */
export async function runReference(kind: ReferenceKind, bytes: number): Promise<ScenarioResult> {
  const port = await freePort();
  const child = await spawnServer({
    args: ['--import', 'tsx', path.join(benchDir, 'reference-servers.ts'), kind, String(bytes), String(port)],
    env: { ...process.env, NODE_ENV: 'production', REFERENCE_PORT: String(port) },
    readyPath: '/',
    timeoutMs: 30_000,
    port,
  });
  try {
    log(`  reference ${kind}: ${bytes}-byte page, warm-up ${WARMUP_SECONDS} s + ${SECONDS} s at c=${CONNECTIONS}`);
    const load1m = round(os.loadavg()[0], 1);
    const f = await measure(`${child.url}/`, undefined, { cpuMs: child.cpuMs });
    log(`    ${f.rps} req/s, p50 ${f.p50_ms} ms, p99 ${f.p99_ms} ms`);
    return { status: 'measured', what: kind === 'node-http' ? 'bare node:http, fixed page (the limit)' : 'bare Express 5, fixed page (the ceiling)', bytes, rps: f.rps, p50_ms: f.p50_ms, p99_ms: f.p99_ms, non2xx: f.non2xx, errors: f.errors, app_cpu_ms_per_request: f.cpu_ms_per_request, loadgen_cpu_ms_per_request: f.loadgen_cpu_ms_per_request, load_1m: load1m };
  } finally {
    await child.stop();
  }
}

/** The mean of several runs of one scenario (the references before and after the app's scenarios, say); each run is kept too. */
export function combineRuns(runs: ScenarioResult[]): ScenarioResult {
  const measured = runs.filter((r) => r.status === 'measured' && r.rps);
  if (!measured.length) return runs[0] ?? { status: 'failed', what: 'reference server' };
  const mean = (pick: (r: ScenarioResult) => number) => measured.reduce((sum, r) => sum + pick(r), 0) / measured.length;
  return {
    ...measured[0],
    rps: Math.round(mean((r) => r.rps ?? 0)),
    p50_ms: round(mean((r) => r.p50_ms ?? 0), 1),
    p99_ms: round(mean((r) => r.p99_ms ?? 0), 1),
    note: `mean of ${measured.length} runs: ${measured.map((r) => `${r.rps} req/s`).join(', ')}`,
    app_cpu_ms_per_request: round(mean((r) => Number(r.app_cpu_ms_per_request ?? NaN)), 3),
    loadgen_cpu_ms_per_request: round(mean((r) => Number(r.loadgen_cpu_ms_per_request ?? NaN)), 3),
    runs: measured.map((r) => ({ rps: r.rps, p50_ms: r.p50_ms, p99_ms: r.p99_ms, app_cpu_ms_per_request: r.app_cpu_ms_per_request, loadgen_cpu_ms_per_request: r.loadgen_cpu_ms_per_request, load_1m: r.load_1m })),
  };
}

/** One instructor alone (concurrency 1): what a single page view costs, apart from queueing. */
export async function singleUserLatency(app: RunningProcess, r: ScenarioResult | undefined, cookie: string | undefined): Promise<void> {
  // Any page that answered the probe with 200 (its size is known), even if it failed under load.
  if (!r || r.bytes === undefined || !r.path) return;
  await settle(app);
  const one = await measureSequential(`${app.url}${r.path}`, cookie, 10);
  r.p50_ms_c1 = one.p50_ms;
  r.p99_ms_c1 = one.max_ms;
  log(`    alone (c=1, 10 requests): p50 ${one.p50_ms} ms, max ${one.max_ms} ms`);
}
