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

/** Deletes all but the newest `keep` backups (always keeping `justMade`); returns the names deleted. */
export function pruneBackups(dir: string, keep: number, justMade?: string): string[] {
  const others = listBackups(dir).filter((b) => b.name !== justMade);
  const old = others.slice(justMade ? keep - 1 : keep);
  for (const b of old) fs.rmSync(path.join(dir, b.name), { force: true });
  return old.map((b) => b.name);
}
