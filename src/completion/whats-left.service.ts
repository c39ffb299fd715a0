import { NotFoundError } from '../lib/errors';
import { issueCertificate } from '../certificates/certificates.service';
import { type SessionCompletion, completionForSession, learnerCompletion, planFromRow } from './completion.service';
import { type PendingPosts, type WhatsLeftJson, pendingPostsByWeek, whatsLeftRowsOf } from './completion.repository';
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
  return panelOf(deps, completion, pending, now);
}

/** whatsLeftPanel from the data a page read along with its own (whatsLeftDataColumn): no query unless a certificate is due. */
export async function whatsLeftPanelFrom(deps: IssuanceDeps, json: WhatsLeftJson, now = new Date()): Promise<WhatsLeftView> {
  const { plan, learner, pending } = whatsLeftRowsOf(json);
  if (!plan || !learner) throw new NotFoundError();
  const completion = planFromRow(plan);
  return panelOf(deps, { ...completion, learners: [learnerCompletion(completion, learner)] }, pending, now);
}

async function panelOf(deps: IssuanceDeps, completion: SessionCompletion, pending: PendingPosts, now: Date): Promise<WhatsLeftView> {
  const learner = completion.learners[0];
  if (!learner) throw new NotFoundError();
  let justIssued = false;
  if (!learner.certificate && learner.rulesMet && now <= learner.deadline) {
    const result = await issueCertificate(deps.db, learner.enrolmentId, { kind: 'rules', now });
    const c = result.certificate;
    learner.certificate = {
      id: c.id,
      code: c.code,
      issuedAt: c.issued_at,
      completedAt: c.completed_at,
      revokedAt: c.revoked_at,
      kind: c.completion_kind,
      stated: { learnerName: c.learner_name, courseTitle: c.course_title, contactHours: c.contact_hours, sessionStartsAt: c.session_starts_at, sessionEndsAt: c.session_ends_at, timeZone: c.time_zone },
    };
    learner.complete = !c.revoked_at;
    if (result.created) {
      justIssued = true;
      await tellLearner(deps, result.email, c);
    }
  }
  return whatsLeftView(completion, learner, now, justIssued, pending);
}
