import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

/**
 * The two yardsticks every scenario is compared with. Both answer GET / with the same fixed HTML
 * page, as large as the app's thread page: a bare node:http server (the machine's limit with this
 * load generator) and a bare Express 5 app (what Express costs before any of our work).
 */
export type ReferenceKind = 'node-http' | 'express';

/** A plain HTML page of exactly `bytes` bytes that looks like a thread page. */
export function fixedPage(bytes: number): Buffer {
  const head = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A thread</title></head><body><main><h1>A thread</h1>\n';
  const tail = '</main></body></html>\n';
  const post =
    '<article class="post"><header><strong>A learner</strong> <time>3 days ago</time></header>' +
    '<p>Taking a short walk between desk shifts helps me notice how tired I am before it turns into something heavier.</p></article>\n';
  let body = head;
  while (Buffer.byteLength(body) + post.length + tail.length <= bytes) body += post;
  body += ' '.repeat(Math.max(0, bytes - Buffer.byteLength(body) - tail.length)) + tail;
  return Buffer.from(body);
}

export function nodeHttpServer(page: Buffer): http.Server {
  return http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
    res.end(page);
  });
}

export function expressServer(page: Buffer): http.Server {
  const app = express();
  const html = page.toString('utf8');
  app.get('/', (_req, res) => {
    res.type('html').send(html);
  });
  return http.createServer(app);
}

export function listen(server: http.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

// Run as its own process so it does not share an event loop with the load generator:
// `tsx bench/reference-servers.ts <node-http|express> <bytes> [port]` prints `PORT <n>` when listening.
if (require.main === module) {
  const kind = process.argv[2] as ReferenceKind;
  const bytes = Number(process.argv[3] ?? 30_000);
  const port = Number(process.argv[4] ?? 0);
  if (!['node-http', 'express'].includes(kind) || !Number.isInteger(bytes) || bytes < 200) {
    console.error('usage: tsx bench/reference-servers.ts <node-http|express> <bytes>');
    process.exit(2);
  }
  const page = fixedPage(bytes);
  const server = kind === 'node-http' ? nodeHttpServer(page) : expressServer(page);
  listen(server, port).then((port) => console.log(`PORT ${port}`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
