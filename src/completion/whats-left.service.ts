import { NotFoundError } from '../lib/errors';
import { issueCertificate } from '../certificates/certificates.service';
import { completionForSession } from './completion.service';
import { pendingPostsByWeek } from './completion.repository';
import { tellLearner } from '../certificates/certificates.mail';
import type { IssuanceDeps } from './issuance.service';
import { type WhatsLeftView, whatsLeftView } from './whats-left.presenter';

/**
 * The learner's "What's left" panel for a session. Opening it also issues a certificate that
 * is due (every rule met before the deadline), so issuance never depends on other features
 * remembering to call checkAndIssue.
 */
export async function whatsLeftPanel(deps: IssuanceDeps, sessionId: number, enrolmentId: number, now = new Date()): Promise<WhatsLeftView> {
  const [completion, pending] = await Promise.all([completionForSession(deps.db, sessionId, { enrolmentId }), pendingPostsByWeek(deps.db, enrolmentId)]);
  const learner = completion.learners[0];
  if (!learner) throw new NotFoundError();
  let justIssued = false;
  if (!learner.certificate && learner.rulesMet && now <= learner.deadline) {
    const result = await issueCertificate(deps.db, enrolmentId, { kind: 'rules', now });
    const c = result.certificate;
    learner.certificate = { id: c.id, code: c.code, issuedAt: c.issued_at, completedAt: c.completed_at, revokedAt: c.revoked_at, kind: c.completion_kind };
    learner.complete = !c.revoked_at;
    if (result.created) {
      justIssued = true;
      await tellLearner(deps, result.email, c);
    }
  }
  return whatsLeftView(completion, learner, now, justIssued, pending);
}
