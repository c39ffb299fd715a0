export { completionRouter } from './completion.routes';
export { completionForSession, type SessionCompletion, type LearnerCompletion } from './completion.service';
export { checkAndIssue, type IssuanceDeps, type CheckResult } from './issuance.service';
export { whatsLeftPanel, whatsLeftPanelFrom } from './whats-left.service';
export { whatsLeftDataColumn, type WhatsLeftJson } from './completion.repository';
export { sendDeadlineReminders, REMINDER_DAYS_BEFORE } from './deadline-reminder.service';
export { completionRulesOf, type CompletionRules } from './completion.rules';
export type { WhatsLeftView } from './whats-left.presenter';
export { certificateChecksSettled, issueDueCertificatesAfterWrites } from './after-learner-writes';
