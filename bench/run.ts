import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, logIn, probe, repoRoot, spawnServer, startApp, type RunningProcess } from './app-process';
import { CONNECTIONS, SECONDS, WARMUP_SECONDS, measure, measureSequential, type LoadFigures } from './load';
import { measurePdfs } from './pdf';
import { measureFanout } from './realtime';
import { benchDir, machineInfo, round, table, updateReadme, writeResults, type Results, type ScenarioResult } from './report';
import { LARGE, SMALL, benchDataDir, createBenchDatabase, seedBenchDatabase, type BenchDatabase, type SeedResult } from './seed-large';
import type { ReferenceKind } from './reference-servers';

const serverUrl = process.env.DATABASE_URL;
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const results: Results = {};
const cleanups: (() => Promise<void>)[] = [];
const t0 = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Seconds for a second try at a page that answered nothing within the normal run. */
const LONG_SECONDS = 40;

type Who = 'visitor' | 'learner' | 'instructor';
interface Scenario {
  name: string;
  what: string;
  path: string;
  as: Who;
  /** Requests come from many addresses (a public page behind a per-address rate limit). */
  manyVisitors?: boolean;
}

function buildApp(): void {
  log('building the app (npm run build)');
  const res = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8', timeout: 300_000 });
  if (res.status !== 0) {
    const server = path.join(repoRoot, 'dist/src/server.js');
    if (!fs.existsSync(server)) throw new Error(`build failed and there is no dist/src/server.js:\n${res.stdout}\n${res.stderr}`);
    log(`warning: the build reported errors (someone's work in progress?); running the JavaScript tsc emitted anyway:\n${(res.stdout ?? '').split('\n').slice(-6).join('\n')}`);
  }
}

async function seed(suffix: string, size: typeof LARGE): Promise<{ db: BenchDatabase; seed: SeedResult }> {
  const db = await createBenchDatabase(stamp, suffix, serverUrl);
  cleanups.push(() => db.drop());
  log(`seeding ${size.name} database (${db.target.label})`);
  const result = await seedBenchDatabase(db.knex, size, (line) => log(`  ${line}`));
  log(`  seeded in ${result.seconds.toFixed(1)} s: ${JSON.stringify(result.counts)}`);
  return { db, seed: result };
}

function scenariosFor(seed: SeedResult): Scenario[] {
  return [
    { name: 'course_page', what: 'course page, visitor', path: `/courses/${seed.courseSlug}`, as: 'visitor' },
    { name: 'session_dashboard', what: 'learner session dashboard', path: `/sessions/${seed.sessionId}`, as: 'learner' },
    { name: 'week_page', what: 'week 1 page, learner', path: `/sessions/${seed.sessionId}/weeks/1`, as: 'learner' },
    { name: 'thread_page_50_posts', what: '50-post thread, learner, 100,000 posts in DB', path: `/threads/${seed.bigThreadId}`, as: 'learner' },
    { name: 'progress_table_1000_learners', what: 'instructor progress table, 1,000 learners', path: `/sessions/${seed.sessionId}/progress`, as: 'instructor' },
    { name: 'verify_certificate', what: 'certificate verification, visitor', path: `/verify/${seed.certificateCode ?? 'NO-CERTIFICATES-TABLE'}`, as: 'visitor', manyVisitors: true },
  ];
}

async function cookiesFor(app: RunningProcess, seed: SeedResult): Promise<Record<Who, string | undefined>> {
  const learner = await logIn(app.url, seed.learner.email, seed.learner.password);
  const instructor = await logIn(app.url, seed.instructor.email, seed.instructor.password);
  return { visitor: undefined, learner, instructor };
}

/** One scenario; a failure (or a crashed app) is recorded and the run goes on. */
async function runScenario(app: RunningProcess, s: Scenario, cookie: string | undefined): Promise<ScenarioResult> {
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
  let figures: LoadFigures = await measure(`${app.url}${s.path}`, cookie, { manyVisitors: s.manyVisitors });
  log(`    ${figures.rps} req/s, p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms, non-2xx ${figures.non2xx}, errors ${figures.errors}`);
  let longer = false;
  if (figures.rps === 0 && figures.non2xx === 0 && SECONDS < LONG_SECONDS) {
    // Not one answer within the run: every request queues longer than the run lasts. A longer
    // run (after the backlog drains) gives the page a figure instead of a blank.
    await settle(app);
    log(`    no answer in ${SECONDS} s; measuring again for ${LONG_SECONDS} s`);
    figures = await measure(`${app.url}${s.path}`, cookie, { manyVisitors: s.manyVisitors, seconds: LONG_SECONDS, warmup: false });
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
    load_1m: load1m,
    note: [note, s.manyVisitors ? 'each request from its own X-Forwarded-For address' : '', longer ? `measured over ${LONG_SECONDS} s: nothing answered within ${SECONDS} s` : '']
      .filter(Boolean)
      .join('; ') || undefined,
  };
}

/**
 * Waits until the app answers /healthz quickly again: requests of a heavy scenario may still be
 * running after the load generator stops, and would be charged to the next scenario.
 */
async function settle(app: RunningProcess): Promise<void> {
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
async function runReference(kind: ReferenceKind, bytes: number): Promise<ScenarioResult> {
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
    const f = await measure(`${child.url}/`);
    log(`    ${f.rps} req/s, p50 ${f.p50_ms} ms, p99 ${f.p99_ms} ms`);
    return { status: 'measured', what: kind === 'node-http' ? 'bare node:http, fixed page (the limit)' : 'bare Express 5, fixed page (the ceiling)', bytes, rps: f.rps, p50_ms: f.p50_ms, p99_ms: f.p99_ms, non2xx: f.non2xx, errors: f.errors, load_1m: load1m };
  } finally {
    await child.stop();
  }
}

/** The mean of the reference runs before and after the app's scenarios; each run is kept too. */
function combineReferences(runs: ScenarioResult[]): ScenarioResult {
  const measured = runs.filter((r) => r.status === 'measured' && r.rps);
  if (!measured.length) return runs[0] ?? { status: 'failed', what: 'reference server' };
  const mean = (pick: (r: ScenarioResult) => number) => measured.reduce((sum, r) => sum + pick(r), 0) / measured.length;
  return {
    ...measured[0],
    rps: Math.round(mean((r) => r.rps ?? 0)),
    p50_ms: round(mean((r) => r.p50_ms ?? 0), 1),
    p99_ms: round(mean((r) => r.p99_ms ?? 0), 1),
    note: `mean of ${measured.length} runs: ${measured.map((r) => `${r.rps} req/s`).join(', ')}`,
    runs: measured.map((r) => ({ rps: r.rps, p50_ms: r.p50_ms, p99_ms: r.p99_ms, load_1m: r.load_1m })),
  };
}

/** One instructor alone (concurrency 1): what a single page view costs, apart from queueing. */
async function singleUserLatency(app: RunningProcess, name: string, cookie: string | undefined): Promise<void> {
  const r = results[name];
  // Any page that answered the probe with 200 (its size is known), even if it failed under load.
  if (!r || r.bytes === undefined || !r.path) return;
  await settle(app);
  const one = await measureSequential(`${app.url}${r.path}`, cookie, 10);
  r.p50_ms_c1 = one.p50_ms;
  r.p99_ms_c1 = one.max_ms;
  log(`    alone (c=1, 10 requests): p50 ${one.p50_ms} ms, max ${one.max_ms} ms`);
}

/** Posts a reply through the real reply form, as the learner. */
async function postReply(app: RunningProcess, cookie: string, threadId: number, token: string, n: number): Promise<void> {
  const action = `/threads/${threadId}/replies`;
  const res = await fetch(`${app.url}${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, body: `Live benchmark post ${n}: a short note to the cohort.` }).toString(),
  });
  await res.arrayBuffer();
  if (res.status >= 400) throw new Error(`posting to ${action} answered ${res.status}`);
}

function adapterWired(): boolean {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  if (!pkg.dependencies?.['@socket.io/postgres-adapter']) return false;
  const grep = spawnSync('grep', ['-rl', '@socket.io/postgres-adapter', path.join(repoRoot, 'src')], { encoding: 'utf8' });
  return grep.status === 0 && grep.stdout.trim().length > 0;
}

async function realtimeScenarios(app: RunningProcess, target: BenchDatabase['target'], seed: SeedResult, cookie: string): Promise<void> {
  const threadUrl = `${app.url}/threads/${seed.bigThreadId}`;
  const page = await probe(threadUrl, cookie);
  if (page.status !== 200 || !fs.existsSync(path.join(repoRoot, 'public/js/discussion-live.js'))) {
    results.realtime_one_instance = { status: 'missing', what: '500 clients watching a thread, one instance', note: 'thread page or public/js/discussion-live.js not there yet' };
    results.realtime_two_instances = { status: 'missing', what: '500 clients, two instances', note: 'needs the realtime feature' };
    return;
  }
  // The session's CSRF token stays the same, so it is read once, before any clock starts.
  const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  if (!token) throw new Error('no CSRF token on the thread page');
  const fanout = async (urls: string[]) => {
    let n = 0;
    return measureFanout({ urls, cookie, threadId: seed.bigThreadId, clients: 500, posts: 5, makePost: () => postReply(app, cookie, seed.bigThreadId, token, ++n) });
  };
  const asResult = (what: string, r: Awaited<ReturnType<typeof fanout>>, limit: number): ScenarioResult => ({
    status: r.deliveries ? 'measured' : 'failed',
    what,
    p50_ms: round(r.p50_ms, 1),
    p99_ms: round(r.p99_ms, 1),
    target: `p99 < ${limit} ms`,
    met: r.deliveries > 0 && r.missed === 0 && r.p99_ms < limit,
    note: r.missed || r.joined < r.clients ? `${r.connected}/${r.clients} connected, ${r.joined} joined, ${r.missed} deliveries missed` : `${r.posts} posts × ${r.clients} clients`,
    clients: r.clients,
    connected: r.connected,
    joined: r.joined,
    posts: r.posts,
    deliveries: r.deliveries,
    missed: r.missed,
    max_ms: round(r.max_ms, 1),
    post_request_ms: round(r.post_ms, 1),
    fanout_spread_ms: round(r.spread_ms, 1),
  });
  await settle(app);
  try {
    log('  real time: 500 clients on one instance, 5 posts');
    const one = await fanout([app.url]);
    results.realtime_one_instance = asResult('500 clients watching a thread, one instance', one, 150);
    log(`    p50 ${one.p50_ms.toFixed(1)} ms, p99 ${one.p99_ms.toFixed(1)} ms, ${one.connected} connected, ${one.missed} missed; POST ${one.post_ms.toFixed(0)} ms, first→last ${one.spread_ms.toFixed(0)} ms`);
  } catch (err) {
    results.realtime_one_instance = { status: 'failed', what: '500 clients watching a thread, one instance', note: String((err as Error).message).slice(0, 160) };
  }
  if (!target.databaseUrl || !adapterWired()) {
    results.realtime_two_instances = {
      status: 'skipped',
      what: '500 clients, two instances',
      note: target.databaseUrl ? '@socket.io/postgres-adapter is not wired in src/' : 'needs PostgreSQL (DATABASE_URL)',
    };
    return;
  }
  const second = await startApp(target);
  try {
    log('  real time: 250 clients on each of two instances, posts made on the first');
    const two = await fanout([app.url, second.url]);
    results.realtime_two_instances = asResult('500 clients, half on a second instance', two, 300);
    log(`    p50 ${two.p50_ms.toFixed(1)} ms, p99 ${two.p99_ms.toFixed(1)} ms, ${two.joined} joined, ${two.missed} missed; POST ${two.post_ms.toFixed(0)} ms, first→last ${two.spread_ms.toFixed(0)} ms`);
  } catch (err) {
    results.realtime_two_instances = { status: 'failed', what: '500 clients, two instances', note: String((err as Error).message).slice(0, 160) };
  } finally {
    await second.stop();
  }
}

async function startTimes(): Promise<void> {
  const dataDir = path.join(benchDataDir, `${stamp}-cold`);
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const target = { label: 'cold', dataDir };
  log('cold start: a fresh embedded database (initdb + migrate + seed)');
  const cold = await startApp(target, {}, 120_000);
  await cold.stop();
  results.cold_start_embedded = { status: 'measured', what: 'start on a fresh embedded DB until /healthz is 200', value: Math.round(cold.readyMs), unit: 'ms', target: '< 10000 ms', met: cold.readyMs < 10_000 };
  log(`  ${cold.readyMs.toFixed(0)} ms`);
  const warm = await startApp(target, {}, 60_000);
  await warm.stop();
  results.warm_start_embedded = { status: 'measured', what: 'start on that database again', value: Math.round(warm.readyMs), unit: 'ms', target: '< 3000 ms', met: warm.readyMs < 3000 };
  log(`  warm ${warm.readyMs.toFixed(0)} ms`);
}

function addRatios(limit?: ScenarioResult, expressRef?: ScenarioResult): void {
  for (const r of Object.values(results)) {
    if (r.rps === undefined || r.status !== 'measured') continue;
    if (limit?.rps) r.ratio_to_limit = round(r.rps / limit.rps, 3);
    if (expressRef?.rps) r.ratio_to_express = round(r.rps / expressRef.rps, 3);
  }
}

function judge(): void {
  const set = (name: string, target: string, met: (r: ScenarioResult) => boolean) => {
    const r = results[name];
    if (!r) return;
    r.target = target;
    if (r.status === 'measured') r.met = met(r);
  };
  set('thread_page_50_posts', '≥ 0.25 × Express, p99 < 100 ms', (r) => (r.ratio_to_express ?? 0) >= 0.25 && (r.p99_ms ?? Infinity) < 100);
  set('session_dashboard', '≥ 0.25 × Express', (r) => (r.ratio_to_express ?? 0) >= 0.25);
  set('week_page', '≥ 0.25 × Express', (r) => (r.ratio_to_express ?? 0) >= 0.25);
  set('progress_table_1000_learners', 'p50 < 150 ms', (r) => (r.p50_ms ?? Infinity) < 150);
  for (const name of ['progress_table_1000_learners', 'progress_table_100_learners']) {
    const r = results[name];
    if (r?.p50_ms_c1 !== undefined) r.note = [r.note, `one instructor alone: p50 ${r.p50_ms_c1} ms`].filter(Boolean).join('; ');
  }
  const big = results.thread_page_50_posts_again?.rps ? results.thread_page_50_posts_again : results.thread_page_50_posts;
  const small = results.thread_page_50_posts_1k_db;
  if (big?.rps && small?.rps) {
    const ratio = big.rps / small.rps;
    results.growth_thread_page = {
      status: 'measured',
      what: 'thread page rps with 100,000 posts ÷ with 1,000',
      value: round(ratio, 3),
      unit: '×',
      target: '≥ 0.9',
      met: ratio >= 0.9,
      note: `${small.rps} req/s (1,000 posts) then ${big.rps} req/s (100,000 posts); first 100,000-post run ${results.thread_page_50_posts?.rps} req/s`,
    };
  } else {
    results.growth_thread_page = { status: 'missing', what: 'thread page rps with 100,000 posts ÷ with 1,000', note: 'thread page not measured' };
  }
  const p1000 = results.progress_table_1000_learners;
  const p100 = results.progress_table_100_learners;
  const c1 = (r?: ScenarioResult) => (typeof r?.p50_ms_c1 === 'number' ? r.p50_ms_c1 : undefined);
  const [one1000, one100] = [c1(p1000), c1(p100)];
  if (one1000 && one100) {
    results.growth_progress_table = {
      status: 'measured',
      what: 'progress table, one instructor alone: p50 with 1,000 learners ÷ with 100',
      value: round(one1000 / one100, 2),
      unit: '×',
      note: `alone ${one100} → ${one1000} ms; at c=50 ${p100?.rps} → ${p1000?.rps} req/s`,
    };
  } else {
    results.growth_progress_table = { status: 'missing', what: 'progress table, 1,000 learners against 100', note: 'progress table not measured on both databases' };
  }
}

async function main(): Promise<void> {
  const machine = machineInfo();
  log(`machine: ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GB, Node ${machine.node}; database: ${serverUrl ? 'PostgreSQL' : 'embedded PGlite'}`);
  buildApp();
  const large = await seed('', LARGE);
  const small = await seed('small', SMALL);
  await large.db.close();
  await small.db.close();

  // The large database: every page scenario, real time, and the app's peak memory. The
  // yardsticks run just before and just after, serving a page of the thread page's size, and the
  // ratios use the mean of the two runs (the machine is shared, so its load drifts).
  log(`starting the app on the large database`);
  let peakRss = 0;
  let peakAfterPages: number | undefined;
  const references: Record<ReferenceKind, ScenarioResult[]> = { 'node-http': [], express: [] };
  let bytes = 30_000;
  let bytesNote = 'a stand-in size: no thread page yet';
  const referencePass = async () => {
    log(`reference servers (${bytes} bytes, ${bytesNote})`);
    references['node-http'].push(await runReference('node-http', bytes));
    references.express.push(await runReference('express', bytes));
  };
  const app = await startApp(large.db.target);
  cleanups.push(() => app.stop());
  try {
    const cookies = await cookiesFor(app, large.seed);
    const thread = await probe(`${app.url}/threads/${large.seed.bigThreadId}`, cookies.learner);
    if (thread.status === 200) [bytes, bytesNote] = [thread.bytes, 'the thread page size'];
    await referencePass();
    const scenarios = scenariosFor(large.seed);
    for (const s of scenarios) {
      results[s.name] = await runScenario(app, s, cookies[s.as]);
    }
    await singleUserLatency(app, 'progress_table_1000_learners', cookies.instructor);
    peakAfterPages = app.peakRssMb();
    await realtimeScenarios(app, large.db.target, large.seed, cookies.learner ?? '');

    // Growth: the same pages on the small database, and the large thread page once more right
    // after, so the two thread figures are taken minutes apart rather than across the whole run.
    log('starting a second app on the small database (1,000 posts, 100 learners)');
    const smallApp = await startApp(small.db.target);
    cleanups.push(() => smallApp.stop());
    try {
      const smallCookies = await cookiesFor(smallApp, small.seed);
      const byName = new Map(scenariosFor(small.seed).map((s) => [s.name, s]));
      const smallThread = byName.get('thread_page_50_posts')!;
      const smallProgress = byName.get('progress_table_1000_learners')!;
      results.thread_page_50_posts_1k_db = await runScenario(smallApp, { ...smallThread, name: 'thread_page_50_posts_1k_db', what: '50-post thread, learner, 1,000 posts in DB' }, smallCookies.learner);
      results.progress_table_100_learners = await runScenario(smallApp, { ...smallProgress, name: 'progress_table_100_learners', what: 'instructor progress table, 100 learners' }, smallCookies.instructor);
      await singleUserLatency(smallApp, 'progress_table_100_learners', smallCookies.instructor);
    } finally {
      peakRss = Math.max(peakRss, smallApp.peakRssMb());
      await smallApp.stop();
    }
    const largeThread = scenarios.find((s) => s.name === 'thread_page_50_posts')!;
    results.thread_page_50_posts_again = await runScenario(app, { ...largeThread, name: 'thread_page_50_posts_again', what: '50-post thread, 100,000 posts in DB, measured again next to the 1,000-post run' }, cookies.learner);
  } finally {
    peakRss = Math.max(peakRss, app.peakRssMb());
    await app.stop();
  }
  await referencePass();
  results.reference_node_http = combineReferences(references['node-http']);
  results.reference_express = combineReferences(references.express);

  results.memory_peak_rss = {
    status: 'measured',
    what: 'app peak RSS (VmHWM) during the load runs',
    value: Math.round(peakRss),
    unit: 'MB',
    target: '< 300 MB',
    met: peakRss < 300,
    note: `${Math.round(peakAfterPages ?? 0)} MB after the page scenarios, before the 500 sockets`,
  };

  // PDFs, generated in this process from the seeded large database.
  log('PDF generation (median of 20)');
  {
    const pdfDb = await createBenchDatabaseReader(large.db);
    try {
      const pdf = await measurePdfs(pdfDb.knex, large.seed);
      results.pdf_certificate = {
        status: pdf.certificate.status,
        what: 'certificate PDF, median of 20',
        value: pdf.certificate.median_ms && round(pdf.certificate.median_ms, 1),
        unit: 'ms',
        note: pdf.certificate.note ?? `${pdf.certificate.bytes} bytes`,
      };
      results.pdf_toolkit_50_entries = {
        status: pdf.toolkit.status,
        what: `toolkit PDF with ${pdf.toolkit.entries ?? '?'} entries, median of 20`,
        value: pdf.toolkit.median_ms && round(pdf.toolkit.median_ms, 1),
        unit: 'ms',
        note: pdf.toolkit.note ?? `${pdf.toolkit.pages} pages, ${pdf.toolkit.bytes} bytes`,
      };
    } finally {
      await pdfDb.close();
    }
  }

  await startTimes();

  addRatios(results.reference_node_http, results.reference_express);
  judge();
  const finished = new Date().toISOString();
  const meta = {
    finished,
    database: serverUrl ? 'PostgreSQL 15 (fresh database per run)' : 'embedded PGlite',
    note: `autocannon c=${CONNECTIONS}, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per scenario, load generator on the same machine`,
  };
  writeResults(path.join(benchDir, 'results.json'), { machine, run: { ...meta, seconds: Math.round((Date.now() - t0) / 1000), seed: { large: large.seed.counts, small: small.seed.counts } }, scenarios: results });
  updateReadme(path.join(benchDir, 'README.md'), machine, meta, results);
  console.log(`\n${table(results)}\n`);
  log('wrote bench/results.json');
}

/** A connection for in-process work (PDFs) once the app has released the database. */
async function createBenchDatabaseReader(bench: BenchDatabase): Promise<{ knex: BenchDatabase['knex']; close(): Promise<void> }> {
  const { createDb } = await import('../src/db');
  const database = createDb({ databaseUrl: bench.target.databaseUrl, dataDir: bench.target.dataDir ?? benchDataDir });
  return { knex: database.knex, close: () => database.close() };
}

async function cleanup(): Promise<void> {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (err) {
      console.error(`cleanup: ${(err as Error).message}`);
    }
  }
  cleanups.length = 0;
}

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(130);
  interrupted = true;
  console.error('\ninterrupted: stopping servers and dropping the benchmark databases');
  cleanup().finally(() => process.exit(130));
});

main()
  .then(cleanup)
  .then(() => sleep(50))
  .then(() => process.exit(0))
  .catch(async (err) => {
    console.error(err);
    await cleanup();
    process.exit(1);
  });

