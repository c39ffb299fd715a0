import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { databaseHost, probe, repoRoot, startApp } from './app-process';
import { addRatios, judge } from './judge';
import { CONNECTIONS, SECONDS, WARMUP_SECONDS } from './load';
import { realtimeScenarios } from './live-scenarios';
import { log, sleep } from './log';
import { measurePdfs } from './pdf';
import { benchDir, machineInfo, round, table, updateReadmes, writeResults, type Results, type ScenarioResult } from './report';
import { combineRuns, cookiesFor, runReference, runScenario, scenariosFor, singleUserLatency } from './scenarios';
import { LARGE, SMALL, benchDataDir, createBenchDatabase, seedBenchDatabase, type BenchDatabase, type SeedResult } from './seed-large';
import type { ReferenceKind } from './reference-servers';

const serverUrl = process.env.DATABASE_URL;
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const results: Results = {};
const cleanups: (() => Promise<void>)[] = [];
const t0 = Date.now();

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

async function main(): Promise<void> {
  const machine = machineInfo();
  log(`machine: ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GB, Node ${machine.node}; database: ${serverUrl ? 'PostgreSQL' : 'embedded PGlite'}`);
  buildApp();
  const large = await seed('', LARGE);
  const small = await seed('small', SMALL);
  const database = serverUrl ? await describeServer(large.db) : 'embedded PGlite';
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
    await singleUserLatency(app, results.progress_table_1000_learners, cookies.instructor);
    peakAfterPages = app.peakRssMb();
    await realtimeScenarios(results, app, large.db.target, large.seed, cookies.learner ?? '');

    // Growth: the same pages on the small database, the thread page alternating with the large
    // database's, so the two thread figures are taken side by side rather than across the whole run.
    const largeThread = scenarios.find((s) => s.name === 'thread_page_50_posts')!;
    log('starting a second app on the small database (1,000 posts, 100 learners)');
    const smallApp = await startApp(small.db.target);
    cleanups.push(() => smallApp.stop());
    try {
      const smallCookies = await cookiesFor(smallApp, small.seed);
      const byName = new Map(scenariosFor(small.seed).map((s) => [s.name, s]));
      const smallThread = byName.get('thread_page_50_posts')!;
      const smallProgress = byName.get('progress_table_1000_learners')!;
      // The two thread pages in turn, twice, so a machine slowing down or speeding up during the
      // minute they take weighs on both alike (one run each, a minute apart, gave 0.83 to 1.31).
      const smallRuns: ScenarioResult[] = [];
      const largeRuns: ScenarioResult[] = [];
      for (let turn = 0; turn < 2; turn += 1) {
        smallRuns.push(await runScenario(smallApp, { ...smallThread, name: 'thread_page_50_posts_1k_db', what: '50-post thread, learner, 1,000 posts in DB' }, smallCookies.learner));
        largeRuns.push(await runScenario(app, { ...largeThread, name: 'thread_page_50_posts_again', what: '50-post thread, 100,000 posts in DB, measured in turn with the 1,000-post run' }, cookies.learner));
      }
      results.thread_page_50_posts_1k_db = combineRuns(smallRuns);
      results.thread_page_50_posts_again = combineRuns(largeRuns);
      results.progress_table_100_learners = await runScenario(smallApp, { ...smallProgress, name: 'progress_table_100_learners', what: 'instructor progress table, 100 learners' }, smallCookies.instructor);
      await singleUserLatency(smallApp, results.progress_table_100_learners, smallCookies.instructor);
    } finally {
      peakRss = Math.max(peakRss, smallApp.peakRssMb());
      await smallApp.stop();
    }
  } finally {
    peakRss = Math.max(peakRss, app.peakRssMb());
    await app.stop();
  }
  await referencePass();
  results.reference_node_http = combineRuns(references['node-http']);
  results.reference_express = combineRuns(references.express);

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

  addRatios(results, results.reference_node_http, results.reference_express);
  judge(results);
  const finished = new Date().toISOString();
  const meta = {
    finished,
    database,
    note: `autocannon c=${CONNECTIONS}, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per scenario, load generator on the same machine`,
  };
  writeResults(path.join(benchDir, 'results.json'), { machine, run: { ...meta, seconds: Math.round((Date.now() - t0) / 1000), seed: { large: large.seed.counts, small: small.seed.counts } }, scenarios: results });
  updateReadmes(machine, meta, results);
  console.log(`\n${table(results)}\n`);
  log('wrote bench/results.json');
}

/** A connection for in-process work (PDFs) once the app has released the database. */
/** The server's version and how the app reaches it: a Unix socket costs less CPU than loopback TCP. */
async function describeServer(bench: BenchDatabase): Promise<string> {
  const { rows } = (await bench.knex.raw(`select current_setting('server_version') as version`)) as { rows: { version: string }[] };
  const host = databaseHost(serverUrl!);
  const transport = host.startsWith('/') ? `its Unix socket (${host})` : `TCP (${host})`;
  return `PostgreSQL ${rows[0].version.split(' ')[0]} over ${transport}, a fresh database per run`;
}

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

