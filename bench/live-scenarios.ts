import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { probe, repoRoot, startApp, type RunningProcess } from './app-process';
import { log } from './log';
import { measureFanout } from './realtime';
import { round, type Results, type ScenarioResult } from './report';
import { settle } from './scenarios';
import type { BenchDatabase, SeedResult } from './seed-large';

// Numbered across the whole run: the same text again within two minutes is taken for a repeated
// submit and posts nothing, so each reply must differ from every earlier one.
let repliesPosted = 0;

/** Posts a reply through the real reply form, as the learner. */
async function postReply(app: RunningProcess, cookie: string, threadId: number, token: string, n: number): Promise<void> {
  repliesPosted += 1;
  const action = `/threads/${threadId}/replies`;
  const res = await fetch(`${app.url}${action}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, body: `Live benchmark post ${n} (${repliesPosted} in this run): a short note to the cohort.` }).toString(),
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

/** 500 clients watching the 50-post thread on one instance, then (PostgreSQL, adapter wired) across two. */
export async function realtimeScenarios(results: Results, app: RunningProcess, target: BenchDatabase['target'], seed: SeedResult, cookie: string): Promise<void> {
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
    note: [
      r.missed || r.joined < r.clients ? `${r.connected}/${r.clients} connected, ${r.joined} joined, ${r.missed} deliveries missed` : `${r.posts} posts × ${r.clients} clients`,
      `reply POST ${Math.round(r.post_ms)} ms, first to last client ${Math.round(r.spread_ms)} ms (medians)`,
    ].join('; '),
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
