import fs from 'node:fs';
import path from 'node:path';

// kindred-backup-20261205-020000.tar.gz: the time it was made, in UTC, so names sort by age.
const NAME = /^kindred-backup-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.tar\.gz$/;

export interface BackupFile {
  name: string;
  bytes: number;
  madeAt: Date;
}

export function backupName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `kindred-backup-${stamp}.tar.gz`;
}

export function madeAtOf(name: string): Date | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** The backups in the folder, newest first; anything else there is left alone. */
export function listBackups(dir: string): BackupFile[] {
  if (!fs.existsSync(dir)) return [];
  const files: BackupFile[] = [];
  for (const name of fs.readdirSync(dir)) {
    const madeAt = madeAtOf(name);
    if (!madeAt) continue;
    files.push({ name, madeAt, bytes: fs.statSync(path.join(dir, name)).size });
  }
  return files.sort((a, b) => b.name.localeCompare(a.name));
}

/** The path of a backup by its name, only if the name is a backup's and it is there. */
export function backupPath(dir: string, name: string): string | undefined {
  if (!madeAtOf(name)) return undefined;
  const file = path.join(dir, name);
  return fs.existsSync(file) ? file : undefined;
}

// Longer than any backup takes. On PostgreSQL several instances share the folder, and a partial
// file younger than this may be one another instance is writing now; older, it was left by a crash.
const STALE_PARTIAL_MS = 6 * 3600_000;

/**
 * Deletes the partial backups a crash left (never listed nor restorable); returns their names.
 * Their age is read from the file system's clock, that of their last write, not the job's `now`.
 */
export function removeStalePartials(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.partial') || !madeAtOf(name.slice(0, -'.partial'.length))) continue;
    const file = path.join(dir, name);
    // Gone meanwhile (renamed once complete, or removed by another instance): nothing to do.
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (!stat || Date.now() - stat.mtimeMs < STALE_PARTIAL_MS) continue;
    fs.rmSync(file, { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Deletes old backups; returns the names deleted. Kept: the newest `keep` (`justMade` always among
 * them), and the newest of each of the last `keep` days that have one, so a morning of backups made
 * by hand never pushes out the nights before it.
 */
export function pruneBackups(dir: string, keep: number, justMade?: string): string[] {
  const all = listBackups(dir);
  const kept = new Set(all.filter((b) => b.name !== justMade).slice(0, justMade ? keep - 1 : keep).map((b) => b.name));
  if (justMade) kept.add(justMade);
  const days = new Set<string>();
  for (const b of all) {
    const day = b.madeAt.toISOString().slice(0, 10);
    if (days.has(day)) continue;
    if (days.size === keep) break;
    days.add(day);
    kept.add(b.name);
  }
  const old = all.filter((b) => !kept.has(b.name));
  for (const b of old) fs.rmSync(path.join(dir, b.name), { force: true });
  return old.map((b) => b.name);
}
