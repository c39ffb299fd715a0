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
  /** Answers by status code, e.g. "200: 812, 429: 40". */
  statuses: string;
}

function run(url: string, cookie: string | undefined, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    headers: cookie ? { cookie } : {},
    timeout: 10,
  });
}

/** A warm-up (discarded), then `SECONDS` of load at concurrency 50; only 2xx answers count as served. */
export async function measure(url: string, cookie?: string): Promise<LoadFigures> {
  if (WARMUP_SECONDS > 0) await run(url, cookie, WARMUP_SECONDS);
  const r = await run(url, cookie, SECONDS);
  return {
    rps: Math.round(r['2xx'] / r.duration),
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
