export { accessFromRow, findSessionAccess, isStaff, opensAsLearnerSql, sessionAccessPart, teachesSession, SESSION_COLUMNS, type SessionAccess, type SessionRow } from './access';
export * from './session-dates';
export { sessionNav, type SessionNavItem } from './session-nav';
export { cancellationNotice, cancelledRefusal, refuseIfCancelled } from './cancellation';
export { otherPlaceNotice } from './other-place';
export { contactHelpFor, contactHelpSentence, type ContactHelp } from './contact';
export { enrolmentRouter } from './enrolment.routes';
export { sessionAdminRouter } from './sessions-admin.routes';
export { flagSessionsAtGoNoGo } from './go-no-go';
export { cancelSessionForLowEnrolment, confirmSessionRuns } from './sessions-admin.service';
export { type EnrolmentDeps } from './enrolment.service';
export { announceReleasedSeats, releaseSeatsOfDeletedAccount, type ReleasedSeat } from './deleted-account.service';
export { keepRefundsOfDeletedAccount } from './deleted-account-refunds.repository';
export { CURRENCIES, formatMoney, toDecimalString, parseMoney, type Money } from './money';
export { ManualInvoicing, endedUnpaid, manualInvoicing, PAYMENT_LABELS, seatPaymentLabel, type PaymentProvider, type PaymentStatus } from './payments';
export { ENROLMENT_LABELS, mayWithdraw, placeLabel, registrationState, type EnrolmentStatus, type RegistrationState } from './enrolment.policy';
export { describeSession, formatInstant, STATE_LABELS, type SessionView } from './session-view';
export { completionExtensionOf, countCompletionsOf, countSeatsOf, insertEnrolmentEvents, type SeatCounts } from './enrolment.repository';
export { sessionCompletion } from './sessions-admin.presenter';
export {
  enrolledLearners,
  findSessionWithCourse,
  listCurrentPlacesInCourse,
  listLearnerEnrolments,
  listRoster,
  listInstructorsOf,
  listSessionsForStaff,
  listUndecidedFlaggedSessions,
  listUpcomingSessionsOfCourse,
  listViewerEnrolments,
  type CoursePlace,
  type LearnerEnrolmentRow,
  type RosterRow,
  type SessionWithCourse,
  type ViewerEnrolment,
} from './sessions.repository';
