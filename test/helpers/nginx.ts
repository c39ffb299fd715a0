import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './app-process';
import type { Endpoint } from './app-instances';

// deploy/nginx.conf, run by the real nginx (Debian's package; .ci/run installs it) in front of
// app instances on this machine. Only what must differ outside docker compose is changed: the
// upstream and listen addresses, and an access log that names the instance each request reached.

const CONF = path.join(projectRoot, 'deploy/nginx.conf');

export function nginxBinary(): string {
  const found = [process.env.NGINX, '/usr/sbin/nginx', '/usr/bin/nginx'].find((p): p is string => !!p && fs.existsSync(p));
  if (!found) throw new Error('test/scale/behind-nginx needs nginx: apt-get install nginx-light (.ci/run installs it), or set NGINX to its path');
  return found;
}

function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`deploy/nginx.conf should hold "${from}" exactly once; update test/helpers/nginx.ts`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** deploy/nginx.conf with app1 and app2 at the given ports and the proxy at `port`, logging to `dir`. */
export function localNginxConf(dir: string, port: number, upstreamPorts: [number, number]): string {
  let conf = fs.readFileSync(CONF, 'utf8');
  conf = replaceOnce(conf, 'server app1:3000', `server 127.0.0.1:${upstreamPorts[0]}`);
  conf = replaceOnce(conf, 'server app2:3000', `server 127.0.0.1:${upstreamPorts[1]}`);
  conf = replaceOnce(conf, 'listen 80;', `listen 127.0.0.1:${port};`);
  conf = replaceOnce(conf, 'access_log /dev/stdout;', `log_format routed '$request_uri $upstream_addr $status';\n    access_log ${path.join(dir, 'routed.log')} routed;`);
  return conf;
}

export interface RoutedRequest {
  uri: string;
  upstreams: string[];
  status: number;
}

export interface RunningNginx extends Endpoint {
  /**
   * Each request logged so far, in order: the path asked for and the instances tried (last: the
   * one that answered). nginx logs a request just after answering it, so this waits (up to 2 s)
   * until `until` holds.
   */
  routed(until?: (rows: RoutedRequest[]) => boolean): Promise<RoutedRequest[]>;
  stop(): Promise<void>;
}

/** `nginx -t` on the configuration: its exit code and what it printed. */
export function checkNginxConf(confPath: string, dir: string): { status: number | null; output: string } {
  // A file, not a pipe: the configuration logs to /dev/stderr, which nginx cannot open when it is
  // the socket that Node's 'pipe' option makes.
  const outPath = path.join(dir, 'check.out');
  const out = fs.openSync(outPath, 'w');
  try {
    const run = spawnSync(nginxBinary(), ['-t', '-p', dir, '-c', confPath, '-g', `pid ${path.join(dir, 'nginx.pid')};`], { stdio: ['ignore', out, out] });
    return { status: run.status, output: fs.readFileSync(outPath, 'utf8') };
  } finally {
    fs.closeSync(out);
  }
}

function readRouted(logPath: string): RoutedRequest[] {
  if (!fs.existsSync(logPath)) return [];
  return fs
    .readFileSync(logPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [uri, ...rest] = line.split(' ');
      const status = Number(rest.pop());
      return { uri, upstreams: rest.join(' ').split(', '), status };
    });
}

export async function startNginx(dir: string, port: number, upstreamPorts: [number, number]): Promise<RunningNginx> {
  const confPath = path.join(dir, 'nginx.conf');
  fs.writeFileSync(confPath, localNginxConf(dir, port, upstreamPorts));
  const checked = checkNginxConf(confPath, dir);
  if (checked.status !== 0) throw new Error(`nginx -t refused the configuration:\n${checked.output}`);
  const outPath = path.join(dir, 'nginx.out'); // a file, as in checkNginxConf
  const out = fs.openSync(outPath, 'w');
  const child: ChildProcess = spawn(nginxBinary(), ['-p', dir, '-c', confPath, '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')};`], { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const printed = () => fs.readFileSync(outPath, 'utf8');
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${printed()}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (i > 100) throw new Error(`nginx did not answer /healthz: ${printed()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const logPath = path.join(dir, 'routed.log');
  return {
    base,
    async routed(until = () => true) {
      for (let waited = 0; ; waited += 20) {
        const rows = readRouted(logPath);
        if (until(rows) || waited >= 2000) return rows;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        // SIGQUIT: a graceful stop that lets workers finish open connections (long polls end with the sockets).
        child.kill('SIGQUIT');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
    },
  };
}
