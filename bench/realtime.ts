import { io, type Socket } from 'socket.io-client';

/**
 * How a browser watches a thread (public/js/discussion-live.js, src/discussions/discussions.socket.ts):
 * it connects with its session cookie, emits `discussion:join` with the room `thread:<id>` and an
 * acknowledgement, and then receives `post:created` for every new visible post.
 */
export const JOIN_EVENT = 'discussion:join';
export const POST_EVENT = 'post:created';
export const threadRoom = (threadId: number) => `thread:${threadId}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FanoutResult {
  clients: number;
  connected: number;
  /** Clients whose join the server acknowledged with ok. */
  joined: number;
  posts: number;
  deliveries: number;
  missed: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Median time of the reply's HTTP request itself (POST until its redirect arrives). */
  post_ms: number;
  /** Median time from the first client's delivery to the last one's, per post (the fan-out). */
  spread_ms: number;
}

function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function connectAll(urls: string[], cookie: string, threadId: number, clients: number): Promise<{ sockets: Socket[]; joined: number }> {
  let joined = 0;
  const sockets: Socket[] = [];
  const ready: Promise<void>[] = [];
  for (let i = 0; i < clients; i++) {
    const socket = io(urls[i % urls.length], {
      transports: ['websocket'],
      extraHeaders: { cookie },
      forceNew: true,
      reconnection: false,
      timeout: 20_000,
    });
    sockets.push(socket);
    ready.push(
      new Promise<void>((resolve) => {
        const done = setTimeout(resolve, 20_000);
        socket.once('connect', () => {
          // Acknowledged joins resolve on the answer; a server that does not ack is given a moment.
          const fallback = setTimeout(() => {
            clearTimeout(done);
            resolve();
          }, 1500);
          socket.emit(JOIN_EVENT, threadRoom(threadId), (answer: { ok?: boolean } | undefined) => {
            if (answer?.ok) joined++;
            clearTimeout(fallback);
            clearTimeout(done);
            resolve();
          });
        });
        socket.once('connect_error', () => {
          clearTimeout(done);
          resolve();
        });
      }),
    );
    // Connect in small batches so the handshakes do not all land in the same tick.
    if (i % 50 === 49) await sleep(20);
  }
  await Promise.all(ready);
  return { sockets, joined };
}

/**
 * `clients` sockets (spread over `urls`) watch one thread; `posts` posts are made one after the
 * other through `makePost`; each delivery's latency is counted from just before the HTTP request.
 */
export async function measureFanout(opts: {
  urls: string[];
  cookie: string;
  threadId: number;
  clients: number;
  posts: number;
  makePost: () => Promise<void>;
}): Promise<FanoutResult> {
  const { sockets, joined } = await connectAll(opts.urls, opts.cookie, opts.threadId, opts.clients);
  const connected = sockets.filter((s) => s.connected).length;
  const latencies: number[] = [];
  const postTimes: number[] = [];
  const spreads: number[] = [];
  let missed = 0;
  try {
    for (let p = 0; p < opts.posts; p++) {
      let started = 0;
      let received = 0;
      let allIn: () => void = () => {};
      const everyone = new Promise<void>((resolve) => (allIn = resolve));
      const handlers = sockets.map((s) => {
        let seen = false;
        const handler = () => {
          if (seen || !started) return;
          seen = true;
          latencies.push(performance.now() - started);
          if (++received === connected) allIn();
        };
        s.on(POST_EVENT, handler);
        return () => s.off(POST_EVENT, handler);
      });
      const before = latencies.length;
      started = performance.now();
      await opts.makePost();
      postTimes.push(performance.now() - started);
      await Promise.race([everyone, sleep(10_000)]);
      const these = latencies.slice(before);
      if (these.length) spreads.push(Math.max(...these) - Math.min(...these));
      missed += connected - received;
      handlers.forEach((off) => off());
      await sleep(300);
    }
  } finally {
    sockets.forEach((s) => s.disconnect());
  }
  latencies.sort((a, b) => a - b);
  return {
    clients: opts.clients,
    connected,
    joined,
    posts: opts.posts,
    deliveries: latencies.length,
    missed,
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    max_ms: latencies[latencies.length - 1] ?? NaN,
    post_ms: median(postTimes),
    spread_ms: median(spreads),
  };
}
