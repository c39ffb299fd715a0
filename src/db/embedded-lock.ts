import fs from 'node:fs';
import path from 'node:path';

/**
 * One process at a time on an embedded database. PGlite does not lock its folder, and two processes
 * writing one can leave it unreadable, so the holder's process id is kept in DATA_DIR/kindred.lock.
 * A lock whose process has ended (a crash, a killed container) is taken over.
 */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(dataDir: string, holder: number) {
    super(`the embedded database in ${dataDir} is in use by another Kindred process (process ${holder}). Stop that one first, or give this one its own DATA_DIR.`);
    this.name = 'EmbeddedDatabaseInUseError';
  }
}

export interface EmbeddedLock {
  release(): void;
}

export const lockFileOf = (dataDir: string): string => path.join(dataDir, 'kindred.lock');

function holderOf(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockEmbeddedDatabase(dataDir: string): EmbeddedLock {
  const file = lockFileOf(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => holderOf(file) === process.pid && fs.rmSync(file, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = holderOf(file);
      // A container restarted can give this process the id its last run had: that lock is stale too.
      if (holder !== undefined && holder !== process.pid && isRunning(holder)) throw new EmbeddedDatabaseInUseError(dataDir, holder);
      if (attempt > 0) throw new EmbeddedDatabaseInUseError(dataDir, holder ?? 0);
      fs.rmSync(file, { force: true });
    }
  }
}
