import type { ReflectionRow } from './reflections.repository';

/** A learner edits a reflection before submitting it and after it is returned for revision. */
export function isEditable(status: ReflectionRow['status'] | undefined): boolean {
  return status === undefined || status === 'draft' || status === 'returned';
}

/** Feedback is given on a submitted version that has none yet. */
export function awaitsFeedback(status: ReflectionRow['status']): boolean {
  return status === 'submitted';
}

/** Reflection files: the author and the session's instructors (an admin only if assigned to teach it); nobody else. */
export function mayDownloadReflectionFile(user: { id: number }, file: { author_id: number }, instructsSession: boolean): boolean {
  return user.id === file.author_id || instructsSession;
}
