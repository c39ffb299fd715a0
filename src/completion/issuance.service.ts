import type { Db } from '../db';
import { issueCertificate } from '../certificates/certificates.service';
import { tellLearner } from '../certificates/certificates.mail';
import type { CertificateRow } from '../certificates/certificates.repository';
import type { Logger } from '../lib/logger';
import type { Mailer } from '../notifications';
import { completionForEnrolment } from './completion.service';

export interface IssuanceDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  logger?: Logger;
}

export type CheckResult =
  | { issued: true; certificate: CertificateRow }
  | { issued: false; reason: 'not-enrolled' | 'rules-not-met' | 'already-issued' | 'closed' };

/**
 * Issues the certificate the moment the last completion rule holds, before the session's
 * completion deadline, exactly once per enrolment (two concurrent calls: one certificate, one
 * email). Call it after any commit that may complete a learner; it is cheap when nothing changed.
 */
export async function checkAndIssue(deps: IssuanceDeps, enrolmentId: number, now = new Date()): Promise<CheckResult> {
  const completion = await completionForEnrolment(deps.db, enrolmentId);
  const learner = completion?.learners[0];
  if (!completion || !learner) return { issued: false, reason: 'not-enrolled' };
  if (learner.certificate) return { issued: false, reason: 'already-issued' };
  if (!learner.rulesMet) return { issued: false, reason: 'rules-not-met' };
  if (now > learner.deadline) return { issued: false, reason: 'closed' };

  const result = await issueCertificate(deps.db, enrolmentId, { kind: 'rules', now });
  if (!result.created) return { issued: false, reason: 'already-issued' };
  await tellLearner(deps, result.email, result.certificate);
  return { issued: true, certificate: result.certificate };
}
