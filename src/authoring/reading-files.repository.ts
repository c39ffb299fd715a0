import type { Db } from '../db';

export interface ReadingFileRow {
  id: number;
  reading_id: number;
  storage_key: string;
  original_name: string;
  content_type: string;
  size_bytes: number;
  created_at: Date;
}

export function listReadingFiles(db: Db, readingId: number): Promise<ReadingFileRow[]> {
  return db('reading_files').where({ reading_id: readingId }).orderBy('id');
}

export function findReadingFile(db: Db, readingId: number, fileId: number): Promise<ReadingFileRow | undefined> {
  return db('reading_files').where({ id: fileId, reading_id: readingId }).first();
}

export async function countReadingFiles(db: Db, readingId: number): Promise<number> {
  const [row] = await db('reading_files').where({ reading_id: readingId }).count<{ n: number }[]>({ n: '*' });
  return Number(row.n);
}

export async function insertReadingFiles(db: Db, rows: Omit<ReadingFileRow, 'id' | 'created_at'>[]): Promise<void> {
  if (rows.length) await db('reading_files').insert(rows);
}

export async function deleteReadingFile(db: Db, fileId: number): Promise<void> {
  await db('reading_files').where({ id: fileId }).delete();
}

/** Storage keys of every file under a reading or a week, read before a cascade removes the rows. */
export async function storageKeysUnder(db: Db, where: { readingId: number } | { moduleId: number }): Promise<string[]> {
  const query = db('reading_files as f').join('readings as r', 'r.id', 'f.reading_id').select('f.storage_key');
  if ('readingId' in where) query.where('r.id', where.readingId);
  else query.where('r.course_module_id', where.moduleId);
  return (await query).map((r: { storage_key: string }) => r.storage_key);
}

export function findReadingFileById(db: Db, fileId: number): Promise<ReadingFileRow | undefined> {
  return db('reading_files').where({ id: fileId }).first();
}
