import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * libpq's environment for a connection URL, so that pg_dump and pg_restore never carry the
 * password on their command line, where any user of the machine can read it (`ps`).
 */
export function libpqEnv(url: string): Record<string, string> {
  const u = new URL(url);
  const env: Record<string, string> = {};
  // `?host=/var/run/postgresql` names a Unix socket's folder, and wins over the URL's host, as in pg.
  const host = u.searchParams.get('host') ?? decodeURIComponent(u.hostname);
  if (host) env.PGHOST = host;
  if (u.port) env.PGPORT = u.port;
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (database) env.PGDATABASE = database;
  // pg also reads `?ssl=true`, which libpq does not know: it asks for TLS, as sslmode=require does.
  const ssl = u.searchParams.get('ssl');
  const sslmode = u.searchParams.get('sslmode') ?? (ssl === 'true' || ssl === '1' ? 'require' : null);
  if (sslmode) env.PGSSLMODE = sslmode;
  return env;
}

let version: string | null | undefined;

/** pg_dump's version line, or null when it is not installed (asked once per process). */
export function pgDumpVersion(): string | null {
  if (version === undefined) {
    try {
      version = execFileSync('pg_dump', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      version = null;
    }
  }
  return version;
}

/** A tool's own error line(s) rather than Node's "Command failed: …" with its arguments. */
function toolError(err: unknown): Error {
  const stderr = (err as { stderr?: string }).stderr?.trim();
  return new Error(stderr || (err instanceof Error ? err.message : String(err)));
}

/** The whole database in pg_dump's custom format (compressed; pg_restore reads it); `signal` ends pg_dump. */
export async function pgDump(url: string, file: string, signal?: AbortSignal): Promise<void> {
  try {
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], { env: { ...process.env, ...libpqEnv(url) }, signal });
  } catch (err) {
    throw toolError(err);
  }
}

/** Loads a pg_dump file into the database, all or nothing. */
export async function pgRestore(url: string, file: string): Promise<void> {
  const env = { ...process.env, ...libpqEnv(url) };
  try {
    await run('pg_restore', ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${env.PGDATABASE ?? ''}`, file], { env });
  } catch (err) {
    throw toolError(err);
  }
}
