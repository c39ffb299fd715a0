import type { Db } from '../db';
import type { CheckedUpload, Storage } from '../files';
import { NotFoundError, ValidationError } from '../lib/errors';
import { touchCourse } from './course-modules.repository';
import { loadReading } from './readings.service';
import {
  type ReadingFileRow,
  countReadingFiles,
  deleteReadingFile,
  findReadingFile,
  findReadingFileById,
  insertReadingFiles,
} from './reading-files.repository';

export const MAX_FILES_PER_READING = 10;

export interface ReadingFileDownload {
  readingId: number;
  name: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * Attaches checked files to a reading (at most ten per reading). Bytes are stored first under
 * generated keys; if the rows cannot be written, the stored bytes are removed again.
 */
export async function attachReadingFiles(db: Db, storage: Storage, ids: { courseId: number; moduleId: number; readingId: number }, files: CheckedUpload[]): Promise<void> {
  await loadReading(db, ids.courseId, ids.moduleId, ids.readingId);
  if (!files.length) throw new ValidationError('No file', { files: 'Please choose a file to attach.' });
  if ((await countReadingFiles(db, ids.readingId)) + files.length > MAX_FILES_PER_READING) {
    throw new ValidationError('Too many files', { files: `A reading can have at most ${MAX_FILES_PER_READING} files. Please remove one first.` });
  }
  const keys: string[] = [];
  try {
    for (const file of files) keys.push(await storage.put(file.bytes));
    await db.transaction(async (trx) => {
      await insertReadingFiles(
        trx,
        files.map((f, i) => ({ reading_id: ids.readingId, storage_key: keys[i], original_name: f.name, content_type: f.contentType, size_bytes: f.size })),
      );
      await touchCourse(trx, ids.courseId);
    });
  } catch (err) {
    await Promise.all(keys.map((k) => storage.remove(k).catch(() => undefined)));
    throw err;
  }
}

/** The file only if it belongs to the course's reading; anything else is "not found". */
export async function loadReadingFile(db: Db, ids: { courseId: number; moduleId: number; readingId: number }, fileId: number): Promise<ReadingFileRow> {
  await loadReading(db, ids.courseId, ids.moduleId, ids.readingId);
  const file = await findReadingFile(db, ids.readingId, fileId);
  if (!file) throw new NotFoundError('We could not find that file.');
  return file;
}

/** Removes an attachment: the row first, then its bytes once nothing points at them. */
export async function removeReadingFile(db: Db, storage: Storage, ids: { courseId: number; moduleId: number; readingId: number }, fileId: number): Promise<ReadingFileRow> {
  const file = await loadReadingFile(db, ids, fileId);
  await deleteReadingFile(db, file.id);
  await storage.remove(file.storage_key).catch(() => undefined);
  return file;
}

/**
 * A reading file's bytes by id, for the learner-facing download route. It checks nothing about
 * who asks: the caller must first decide the user may read `readingId`.
 */
export async function openReadingFile(db: Db, storage: Storage, fileId: number): Promise<ReadingFileDownload | undefined> {
  const file = await findReadingFileById(db, fileId);
  if (!file) return undefined;
  return { readingId: file.reading_id, name: file.original_name, contentType: file.content_type, bytes: await storage.get(file.storage_key) };
}
