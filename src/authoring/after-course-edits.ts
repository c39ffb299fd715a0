import { issueDueCertificates, type IssuanceDeps } from '../completion';
import type { Storage } from '../files';

/** What authoring needs besides the database: issuing the certificates an edit made due takes mail. */
export type CourseEditDeps = IssuanceDeps;

export interface AuthoringDeps extends CourseEditDeps {
  storage: Storage;
}

/**
 * A course that now asks less (rules relaxed, a reading, toolkit section or week gone) can complete
 * learners who did nothing: once the edit has committed, its sessions are swept and the certificates
 * now due issued, exactly once each. A failed sweep is logged and leaves the edit saved; the
 * scheduled sweep issues them later.
 */
export async function issueCertificatesDueAfterEdit(deps: CourseEditDeps, courseId: number): Promise<void> {
  await issueDueCertificates(deps, new Date(), { courseId }).catch((err) => {
    deps.logger?.error('certificate sweep after a course edit failed', { course_id: courseId, error: String(err) });
  });
}
