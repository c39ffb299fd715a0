import type { Db } from '../db';
import type { Storage } from '../files';
import { NotFoundError } from '../lib/errors';
import { findFileWithOwner, isSessionInstructor } from './reflections.repository';
import { mayDownloadReflectionFile } from './reflections.policy';

/** A reflection file's bytes, only for its author and those assigned to teach the session; anyone else (an admin too) 404. */
export async function openReflectionFile(
  deps: { db: Db; storage: Storage },
  user: { id: number; role: string },
  fileId: number,
): Promise<{ bytes: Buffer; name: string; contentType: string }> {
  const file = await findFileWithOwner(deps.db, fileId);
  if (!file) throw new NotFoundError();
  // An admin is assigned like any instructor; a learner never is.
  const instructs = user.role !== 'learner' && (await isSessionInstructor(deps.db, file.course_session_id, user.id));
  if (!mayDownloadReflectionFile(user, file, instructs)) throw new NotFoundError();
  return { bytes: await deps.storage.get(file.storage_key), name: file.original_name, contentType: file.content_type };
}
