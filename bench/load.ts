import autocannon from 'autocannon';

export const CONNECTIONS = 50;
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);

export interface LoadFigures {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  cpu_ms_per_request?: number;
  /** CPU the PostgreSQL server spent per answer, when it runs on this machine. */
  db_cpu_ms_per_request?: number;
  /** CPU the load generator (autocannon, in this process) spent per answer. */
  loadgen_cpu_ms_per_request?: number;
  /** Answers by status code, e.g. "200: 812, 429: 40". */
  statuses: string;
}

export interface LoadOptions {
  /**
   * Give every request its own X-Forwarded-For address (the app runs with TRUST_PROXY=true, as
   * behind the proxy), so a per-address rate limit sees many visitors rather than one.
   */
  manyVisitors?: boolean;
}

let visitor = 0;
function nextAddress(): string {
  visitor = (visitor + 1) % 16_000_000;
  return `10.${(visitor >> 16) & 255}.${(visitor >> 8) & 255}.${visitor & 255}`;
}

function run(url: string, cookie: string | undefined, seconds: number, opts: LoadOptions): Promise<autocannon.Result> {
  const headers = cookie ? { cookie } : {};
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers,
    // Heavy pages queue for many seconds at concurrency 50; count them late rather than not at all.
    timeout: 30,
    ...(opts.manyVisitors ? { requests: [{ setupRequest: (req) => ({ ...req, headers: { ...headers, 'x-forwarded-for': nextAddress() } }) }] } : {}),
  });
}

/** A warm-up (discarded), then `SECONDS` of load at concurrency 50; only 2xx answers count as served. */
export async function measure(
  url: string,
  cookie?: string,
  opts: LoadOptions & { seconds?: number; warmup?: boolean; cpuMs?: () => number; dbCpuMs?: () => number | undefined } = {},
): Promise<LoadFigures> {
  if (WARMUP_SECONDS > 0 && opts.warmup !== false) await run(url, cookie, WARMUP_SECONDS, opts);
  const appBefore = opts.cpuMs?.();
  const dbBefore = opts.dbCpuMs?.();
  const loadgenBefore = process.cpuUsage();
  const r = await run(url, cookie, opts.seconds ?? SECONDS, opts);
  const loadgen = process.cpuUsage(loadgenBefore);
  const answered = r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'];
  const perAnswer = (before: number | undefined, after: number | undefined) =>
    before !== undefined && after !== undefined && answered ? Math.round(((after - before) / answered) * 100) / 100 : undefined;
  return {
    // CPU spent per answer: unlike req/s, hardly moved by other load on the machine.
    cpu_ms_per_request: perAnswer(appBefore, opts.cpuMs?.()),
    db_cpu_ms_per_request: perAnswer(dbBefore, opts.dbCpuMs?.()),
    loadgen_cpu_ms_per_request: perAnswer(0, (loadgen.user + loadgen.system) / 1000),
    rps: Math.round((r['2xx'] / r.duration) * 10) / 10,
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statuses: Object.entries(r.statusCodeStats ?? {})
      .map(([code, v]) => `${code}: ${v.count ?? 0}`)
      .join(', '),
  };
}

/** `count` requests one after another (concurrency 1): the cost of a page without queueing. */
export async function measureSequential(url: string, cookie: string | undefined, count: number): Promise<{ p50_ms: number; max_ms: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    const res = await fetch(url, { headers: { 'accept-encoding': 'identity', ...(cookie ? { cookie } : {}) }, redirect: 'manual' });
    await res.arrayBuffer();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50_ms: Math.round(times[Math.floor((times.length - 1) / 2)]), max_ms: Math.round(times[times.length - 1]) };
}
