import { completionPlan } from './completion.service';
import { enrolmentsMeetingRules, sessionsWithOpenCompletion } from './due-certificates.repository';
import { checkAndIssue, type IssuanceDeps } from './issuance.service';

/**
 * Issues every certificate that has fallen due without the learner doing anything (an admin
 * relaxed the rules or removed what was left, an instructor approved a held post): per session
 * whose completion is open, the plan and then, in one query over the counts, the learners who
 * meet it without a certificate. Each is issued through checkAndIssue, exactly once, so two
 * instances sweeping at once send one email. Returns how many this call issued.
 */
export async function issueDueCertificates(deps: IssuanceDeps, now = new Date(), opts: { courseId?: number } = {}): Promise<number> {
  let issued = 0;
  for (const { id } of await sessionsWithOpenCompletion(deps.db, now, opts.courseId)) {
    const plan = await completionPlan(deps.db, id);
    for (const enrolmentId of await enrolmentsMeetingRules(deps.db, plan, now)) {
      // One learner's failure is logged and the sweep goes on: it must not hold up everyone else's certificate.
      const result = await checkAndIssue(deps, enrolmentId, now).catch((err) => {
        deps.logger?.error('certificate sweep failed for an enrolment', { enrolment_id: enrolmentId, error: String(err) });
        return undefined;
      });
      if (result?.issued) issued += 1;
    }
  }
  return issued;
}
