import { randomBytes } from 'node:crypto';
import archiver from 'archiver';
import type { Writable } from 'node:stream';
import { deleteSessionsOfUser } from '../auth';
import { verifyPassword } from '../auth/passwords';
import type { Db } from '../db';
import { announceReleasedSeats, keepRefundsOfDeletedAccount, releaseSeatsOfDeletedAccount } from '../enrolment';
import type { Storage } from '../files';
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { Realtime } from '../lib/realtime';
import type { Mailer } from '../notifications';
import {
  addressPeriods,
  anonymiseUser,
  blankDiscussionContributions,
  deleteEmailsTo,
  deleteUser,
  emailsTo,
  findAccount,
  rowsOwnedBy,
  type Row,
} from './account.repository';

export interface AccountDeps {
  db: Db;
  storage: Storage;
  /** Tells waitlisted learners when a deleted account's seat becomes theirs. */
  mailer: Mailer;
  baseUrl: string;
  logger?: Logger;
  /** Live connections, ended with the account. */
  realtime?: Realtime;
}

interface StoredFile {
  table: string;
  id: unknown;
  key: string;
  name: string;
}

function filesIn(rows: Record<string, Row[]>): StoredFile[] {
  const files: StoredFile[] = [];
  for (const [table, list] of Object.entries(rows)) {
    for (const row of list) {
      if (typeof row.storage_key !== 'string') continue;
      const name = String(row.original_name ?? row.file_name ?? 'file').replace(/[^\w.\- ]+/g, '_').slice(0, 120) || 'file';
      files.push({ table, id: row.id, key: row.storage_key, name });
    }
  }
  return files;
}

export interface UserDataExport {
  json: Record<string, unknown>;
  files: { path: string; bytes: Buffer }[];
}

/** Everything the platform holds about a user: their rows from every feature, emails sent to them, and their uploaded files. */
export async function collectUserData(deps: AccountDeps, userId: number, now = new Date()): Promise<UserDataExport> {
  const account = await findAccount(deps.db, userId);
  if (!account) throw new NotFoundError();
  const { password_hash: _hash, ...profile } = account;
  const periods = await addressPeriods(deps.db, userId, account.email);
  const [rows, emails] = await Promise.all([rowsOwnedBy(deps.db, userId), emailsTo(deps.db, periods)]);
  const files: UserDataExport['files'] = [];
  const missing: string[] = [];
  for (const f of filesIn(rows)) {
    const path = `files/${f.table}/${String(f.id)}-${f.name}`;
    try {
      files.push({ path, bytes: await deps.storage.get(f.key) });
    } catch {
      missing.push(path);
    }
  }
  return {
    json: { exportedAt: now.toISOString(), account: profile, data: rows, emails, filesIncluded: files.map((f) => f.path), filesMissing: missing },
    files,
  };
}

/** Writes the export as a zip (kindred-data.json plus the files) to a stream, e.g. the response. */
export async function writeExportZip(data: UserDataExport, out: Writable): Promise<void> {
  const zip = archiver('zip', { zlib: { level: 6 } });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('close', resolve);
    zip.on('error', reject);
  });
  zip.pipe(out);
  zip.append(JSON.stringify(data.json, null, 2), { name: 'kindred-data.json' });
  for (const f of data.files) zip.append(f.bytes, { name: f.path });
  await zip.finalize();
  await done;
}

/**
 * Deletes a learner's account after checking their password: discussion posts and the words of
 * their reports are blanked, every row about them is removed (cascades), their files are removed
 * from storage, and their logins end. Certificate records stay for 7 years, holding their own copy
 * of name, course, dates, credits and code. Their seats go to the waitlists first, as when they
 * withdraw; a refund due to them is kept (name, email, session, amount, date) until an admin pays
 * it. Staff accounts are closed by an admin instead. Returns how many refunds were kept.
 */
export async function deleteAccount(deps: AccountDeps, userId: number, password: string, now = new Date()): Promise<{ refundsKept: number }> {
  const account = await findAccount(deps.db, userId);
  if (!account) throw new NotFoundError();
  if (account.role !== 'learner') throw new ForbiddenError('Instructor and admin accounts are closed by an admin, so that teaching records stay in order. Please ask an admin.');
  if (!(await verifyPassword(account.password_hash, password))) {
    throw new ValidationError('That password is not right.', { password: 'That password is not right. Your account has not been deleted.' });
  }
  const keys = filesIn(await rowsOwnedBy(deps.db, userId)).map((f) => f.key);
  const periods = await addressPeriods(deps.db, userId, account.email, { unconfirmed: true });
  const { released, refundsKept } = await deps.db.transaction(async (trx) => {
    const seats = await releaseSeatsOfDeletedAccount(trx, deps, userId, now);
    const kept = await keepRefundsOfDeletedAccount(trx, userId, now);
    await blankDiscussionContributions(trx, userId);
    await deleteEmailsTo(trx, periods);
    await deleteSessionsOfUser(trx, userId);
    try {
      await trx.transaction((savepoint) => deleteUser(savepoint, userId));
    } catch (err) {
      deps.logger?.warn('account delete fell back to anonymising', { userId, error: String(err) });
      await anonymiseUser(trx, userId, `${userId}-${randomBytes(4).toString('hex')}`);
    }
    return { released: seats, refundsKept: kept };
  });
  deps.realtime?.endSockets([userId]);
  try {
    await announceReleasedSeats(deps, released);
  } catch (err) {
    // The account is gone either way; the learners who moved up still see their seat on their dashboard.
    deps.logger?.warn('could not email the learners given a deleted account’s seats', { userId, error: String(err) });
  }
  for (const key of keys) {
    try {
      await deps.storage.remove(key);
    } catch (err) {
      deps.logger?.warn('could not remove a stored file of a deleted account', { userId, error: String(err) });
    }
  }
  return { refundsKept };
}
