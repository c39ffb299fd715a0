import { ACTORS, CLASSES, type Actor, type Outcome, type RouteClass } from './access';
import type { AppRoute } from './routes';

/**
 * Who may use each route. Every route the app has must be listed here (or fall under a prefix
 * below), so a new route cannot ship without someone deciding who it is for.
 */
export const ROUTE_CLASSES: Record<string, RouteClass> = {
  // A backup by file name: the matrix puts one in the folder (putBackup), so the admin downloads it.
  'GET /admin/backups/:name': 'admin',
  // Admins only, like all of /admin; the address is the course's earlier one from createWorld, so a refusal is not a 404 for want of it.
  'POST /admin/courses/:courseId/earlier-addresses/:addressId/release': 'admin',
  // A form's own address, opened to read: it leads to the form's page (src/lib/form-addresses.ts).
  'GET /sessions/:id/weeks/:week/reflection/submit': 'formAddress',
  'GET /sessions/:id/weeks/:week/discussion/threads': 'formAddress',
  'GET /threads/:threadId/replies': 'formAddress',
  'GET /sessions/:id/toolkit/sections/:sectionId/entries': 'formAddress',
  'GET /sessions/:id/reflections/:reflectionId/feedback': 'formAddress',
  // Public pages and forms.
  'GET /': 'public',
  'GET /healthz': 'public',
  'GET /favicon.ico': 'public',
  'GET /register': 'guest',
  'POST /register': 'public',
  'GET /login': 'guest',
  'POST /login': 'public',
  'POST /logout': 'public',
  'GET /forgot-password': 'public',
  'POST /forgot-password': 'public',
  // A made-up token answers 410 (the link has expired), by design.
  'GET /reset-password/:token': 'expiredLink',
  'POST /reset-password/:token': 'expiredLink',

  'GET /courses': 'public',
  'GET /courses/:slug': 'public',
  // The emailed unsubscribe link carries its own secret; a made-up one changes nothing.
  'GET /unsubscribe/:token': 'secretLink',
  'POST /unsubscribe/:token': 'secretLink',
  // A calendar subscription link carries its own secret too; a made-up one gets 404.
  'GET /calendar/:file': 'secretLink',

  // Any logged-in account.
  'GET /discussions/preferences': 'user',
  'POST /discussions/preferences': 'user',
  'GET /dashboard': 'user',
  // Enrolling is for any account and any open session, so these are not session-private.
  'GET /sessions/:id/enrol': 'user',
  'POST /sessions/:id/enrol': 'user',
  // Withdrawing is about the learner's own place: anyone without one gets 404.
  'GET /sessions/:id/withdraw': 'sessionLearner',
  'POST /sessions/:id/withdraw': 'sessionLearner',

  // Teaching.
  'GET /teach': 'instructor',
  'GET /teach/sessions/:id/roster': 'teachSession',
  // An instructor's saved phrases for feedback: their own list; another's phrase answers 404.
  'GET /teach/phrases': 'instructor',
  'POST /teach/phrases': 'instructor',
  'POST /teach/phrases/:phraseId/delete': 'instructorOwn',

  // Session pages.
  'GET /sessions/:id': 'session',
  'GET /sessions/:id/weeks/:week': 'session',
  'GET /sessions/:id/calendar.ics': 'session',
  'GET /sessions/:id/calendar': 'session',
  'POST /sessions/:id/calendar/link': 'sessionLearner',
  'GET /sessions/:id/discussions/search': 'session',
  'GET /sessions/:id/readings/:readingId/files/:fileId': 'session',
  'POST /sessions/:id/weeks/:week/unlock': 'sessionStaff',
  'POST /sessions/:id/readings/:readingId/done': 'sessionLearner',
  'POST /sessions/:id/readings/:readingId/undone': 'sessionLearner',
  'GET /sessions/:id/whats-left': 'learnerView',
  'GET /sessions/:id/progress': 'sessionStaff',
  'GET /sessions/:id/progress.csv': 'sessionStaff',
  'GET /sessions/:id/progress/message': 'sessionStaff',
  'POST /sessions/:id/progress/message': 'sessionStaff',
  'GET /sessions/:id/learners/:enrolmentId/more-time': 'sessionStaff',
  'POST /sessions/:id/learners/:enrolmentId/more-time': 'sessionStaff',
  'GET /sessions/:id/checkins': 'sessionLearner',
  'POST /sessions/:id/checkins': 'sessionLearner',

  // Reflections and feedback.
  'GET /sessions/:id/weeks/:week/reflection': 'session',
  'POST /sessions/:id/weeks/:week/reflection/draft': 'sessionLearner',
  'POST /sessions/:id/weeks/:week/reflection/submit': 'sessionLearner',
  'GET /sessions/:id/weeks/:week/reflection/set-aside/:setAsideId/delete': 'sessionLearner',
  'POST /sessions/:id/weeks/:week/reflection/set-aside/:setAsideId/delete': 'sessionLearner',
  // The learner's reflections with their feedback, to keep.
  'GET /sessions/:id/my-reflections': 'sessionLearner',
  'GET /sessions/:id/my-reflections.pdf': 'sessionLearner',
  'GET /sessions/:id/my-reflections.txt': 'sessionLearner',
  // Read and answered by the session's instructors only: an admin who does not teach it gets 404.
  'GET /sessions/:id/feedback': 'sessionTeacher',
  'GET /sessions/:id/reflections/:reflectionId': 'sessionTeacher',
  'POST /sessions/:id/reflections/:reflectionId/feedback': 'sessionTeacher',
  'POST /sessions/:id/reflections/:reflectionId/feedback/draft': 'sessionTeacher',
  'GET /sessions/:id/reflections/:reflectionId/feedback/edit': 'sessionTeacher',
  'POST /sessions/:id/reflections/:reflectionId/feedback/edit': 'sessionTeacher',
  'GET /reflection-files/:fileId': 'reflectionFile',

  // Discussions.
  'GET /sessions/:id/discussions': 'session',
  'GET /sessions/:id/weeks/:week/discussion': 'session',
  'POST /sessions/:id/weeks/:week/discussion/threads': 'session',
  'POST /sessions/:id/weeks/:week/discussion/read': 'session',
  'POST /sessions/:id/weeks/:week/discussion/settings': 'sessionStaff',
  'GET /sessions/:id/support': 'session',
  'GET /threads/:threadId': 'session',
  'GET /posts/:postId': 'session',
  'POST /threads/:threadId/replies': 'session',
  'POST /threads/:threadId/follow': 'session',
  'POST /threads/:threadId/unfollow': 'session',
  'POST /threads/:threadId/pin': 'sessionStaff',
  'POST /threads/:threadId/unpin': 'sessionStaff',
  'POST /threads/:threadId/lock': 'sessionStaff',
  'POST /threads/:threadId/unlock': 'sessionStaff',
  'GET /posts/:postId/edit': 'ownPost',
  'POST /posts/:postId/edit': 'ownPost',
  'GET /posts/:postId/delete': 'ownPost',
  'POST /posts/:postId/delete': 'ownPost',
  // Post 1 is learner A's own, which they may not report (403); reporting others' is tested in test/discussions.
  'GET /posts/:postId/report': 'othersPost',
  'POST /posts/:postId/report': 'othersPost',
  'POST /posts/:postId/hide': 'sessionStaff',
  'POST /posts/:postId/restore': 'sessionStaff',
  'POST /posts/:postId/remove': 'sessionStaff',
  'POST /posts/:postId/approve': 'sessionStaff',
  'POST /reports/:reportId/resolve': 'sessionStaff',
  'GET /sessions/:id/moderation': 'sessionStaff',
  'POST /sessions/:id/moderation/settings': 'sessionStaff',
  'GET /sessions/:id/announcements': 'session',
  'POST /sessions/:id/announcements': 'sessionStaff',
  'GET /sessions/:id/announcements/:announcementId/edit': 'sessionStaff',
  'POST /sessions/:id/announcements/:announcementId/edit': 'sessionStaff',
  'GET /sessions/:id/announcements/:announcementId/delete': 'sessionStaff',
  'POST /sessions/:id/announcements/:announcementId/delete': 'sessionStaff',

  // The learner's toolkit (private to the learner; its staff read only the sections shared with them).
  'GET /sessions/:id/toolkit': 'sessionLearner',
  'POST /sessions/:id/toolkit/sections/:sectionId/entries': 'sessionLearner',
  'POST /sessions/:id/toolkit/sections/:sectionId/draft': 'sessionLearner',
  'GET /sessions/:id/toolkit/entries/:entryId/edit': 'sessionLearner',
  'POST /sessions/:id/toolkit/entries/:entryId': 'sessionLearner',
  'GET /sessions/:id/toolkit/entries/:entryId/delete': 'sessionLearner',
  'POST /sessions/:id/toolkit/entries/:entryId/delete': 'sessionLearner',
  'POST /sessions/:id/toolkit/entries/:entryId/move': 'sessionLearner',
  'POST /sessions/:id/toolkit/sections/:sectionId/order': 'sessionLearner',
  'GET /sessions/:id/toolkit/print': 'sessionLearner',
  'GET /sessions/:id/toolkit.pdf': 'sessionLearner',
  'GET /sessions/:id/toolkit.txt': 'sessionLearner',
  'POST /sessions/:id/toolkit/sections/:sectionId/share': 'sessionLearner',
  'POST /sessions/:id/toolkit/set-aside/:textId/add': 'sessionLearner',
  'GET /sessions/:id/toolkit/set-aside/:textId/delete': 'sessionLearner',
  'POST /sessions/:id/toolkit/set-aside/:textId/delete': 'sessionLearner',
  // Learner A shared a section (see createWorld): its instructor reads it; an admin who does not teach the session gets 404.
  'GET /sessions/:id/toolkit/shared/:enrolmentId': 'sessionTeacher',
  'POST /sessions/:id/toolkit/suggestions/:suggestionId': 'sessionLearner',
  'POST /sessions/:id/toolkit/quotes': 'sessionLearner',

  // Completion, certificates, evaluation, reviews.
  'GET /sessions/:id/certificate.pdf': 'sessionLearner',
  'GET /sessions/:id/certificate/linkedin': 'sessionLearner',
  'GET /verify': 'public',
  'GET /privacy': 'public',
  'GET /accessibility': 'public',
  'GET /robots.txt': 'public',
  'GET /sitemap.xml': 'public',
  // Shows the learner's name on purpose: that is what verifying a certificate means.
  'GET /verify/:code': 'public',
  'GET /sessions/:id/evaluation': 'learnerView',
  'POST /sessions/:id/evaluation': 'sessionLearner',
  'GET /sessions/:id/evaluation/summary': 'sessionStaff',
  'GET /sessions/:id/review': 'sessionLearner',
  'POST /sessions/:id/review': 'sessionLearner',

  // The account's own pages.
  'GET /account': 'user',
  'GET /account/transcript': 'user',
  'GET /account/transcript.pdf': 'user',
  'GET /account/export': 'user',
  'GET /account/delete': 'user',
  'POST /account/delete': 'user',
  'GET /account/name': 'user',
  'POST /account/name': 'user',
  'GET /account/password': 'user',
  'POST /account/password': 'user',
  'GET /account/email': 'user',
  'POST /account/email': 'user',
  // The emailed link confirming a new address carries its own secret; a made-up one answers 410.
  'GET /account/email/confirm/:token': 'expiredLink',
  'POST /account/email/confirm/:token': 'expiredLink',
};

const everyone = (outcome: Outcome) => Object.fromEntries(ACTORS.map((a) => [a, outcome])) as Record<Actor, Outcome>;

/** Routes that answer some actors otherwise than their class, each with the reason. */
export const ROUTE_OUTCOMES: Record<string, Partial<Record<Actor, Outcome>>> = {
  // The icon is a static file: every browser is sent there for good.
  'GET /favicon.ico': everyone('moved'),
  // The link from the course page: a signed-in account goes back there to choose "Enrol".
  'GET /sessions/:id/enrol': { otherLearner: 'redirect', learner: 'redirect', otherInstructor: 'redirect', instructor: 'redirect', admin: 'redirect' },
  // A post's own address leads to its place in its thread.
  'GET /posts/:postId': { learner: 'redirect', instructor: 'redirect', admin: 'redirect' },
  // Staff do not write reflections: the instructor is sent to the feedback queue, an admin to progress.
  'GET /sessions/:id/weeks/:week/reflection': { instructor: 'redirect', admin: 'redirect' },
  // Learner A has a certificate (createWorld): the learner is sent to LinkedIn's form to add it.
  'GET /sessions/:id/certificate/linkedin': { learner: 'redirect' },
};

/**
 * What each state-changing route answers those it is for (its class says 'ok') who post the probe
 * form to a world of their own: the redirect after the change, or 422 for a form the probe does
 * not fill as the route needs. Every such route must be listed, so a new one is decided here.
 */
export const POST_ANSWERS: Record<string, Outcome> = {
  'POST /register': 'invalid',
  'POST /login': 'invalid',
  'POST /logout': 'redirect',
  // The same page whether or not the address has an account, so it tells nothing.
  'POST /forgot-password': 'ok',
  'POST /account/password': 'invalid',
  'POST /account/email': 'invalid',
  'POST /admin/outbox/:id/send-again': 'seeOther',
  'POST /sessions/:id/weeks/:week/unlock': 'redirect',
  'POST /sessions/:id/readings/:readingId/done': 'redirect',
  'POST /sessions/:id/readings/:readingId/undone': 'redirect',
  'POST /sessions/:id/calendar/link': 'seeOther',
  // Learner A's week 1 reflection is accepted (createWorld): there is nothing left to draft or submit.
  'POST /sessions/:id/weeks/:week/reflection/draft': 'conflict',
  'POST /sessions/:id/weeks/:week/reflection/submit': 'conflict',
  'POST /sessions/:id/weeks/:week/reflection/set-aside/:setAsideId/delete': 'seeOther',
  // Its version has its feedback already: it is edited, not drafted.
  'POST /sessions/:id/reflections/:reflectionId/feedback/draft': 'conflict',
  'POST /sessions/:id/reflections/:reflectionId/feedback': 'invalid',
  'POST /sessions/:id/reflections/:reflectionId/feedback/edit': 'redirect',
  'POST /teach/phrases': 'redirect',
  'POST /teach/phrases/:phraseId/delete': 'redirect',
  'POST /admin/markdown-preview': 'invalid',
  'POST /admin/courses': 'invalid',
  'POST /admin/courses/:courseId/edit': 'invalid',
  'POST /admin/courses/:courseId/earlier-addresses/:addressId/release': 'redirect',
  'POST /admin/courses/:courseId/publish': 'redirect',
  'POST /admin/courses/:courseId/unpublish': 'redirect',
  'POST /admin/courses/:courseId/completion-rules': 'invalid',
  'POST /admin/courses/:courseId/modules': 'invalid',
  'POST /admin/courses/:courseId/modules/:moduleId': 'invalid',
  'POST /admin/courses/:courseId/modules/:moduleId/delete': 'redirect',
  'POST /admin/courses/:courseId/modules/:moduleId/exercise': 'invalid',
  'POST /admin/courses/:courseId/modules/:moduleId/readings': 'invalid',
  'POST /admin/courses/:courseId/modules/:moduleId/readings/:readingId': 'invalid',
  // The direction comes only from the page's buttons, so one that is not there is a 404.
  'POST /admin/courses/:courseId/modules/:moduleId/readings/:readingId/move': 'hidden',
  'POST /admin/courses/:courseId/modules/:moduleId/readings/:readingId/delete': 'redirect',
  'POST /admin/courses/:courseId/modules/:moduleId/readings/:readingId/files': 'invalid',
  'POST /admin/courses/:courseId/modules/:moduleId/readings/:readingId/files/:fileId/delete': 'redirect',
  'POST /admin/courses/:courseId/modules/:moduleId/toolkit-sections': 'invalid',
  'POST /admin/courses/:courseId/modules/:moduleId/toolkit-sections/:sectionId': 'invalid',
  'POST /admin/courses/:courseId/modules/:moduleId/toolkit-sections/:sectionId/move': 'hidden',
  'POST /admin/courses/:courseId/modules/:moduleId/toolkit-sections/:sectionId/delete': 'redirect',
  'POST /sessions/:id/enrol': 'redirect',
  'POST /sessions/:id/withdraw': 'seeOther',
  'POST /admin/sessions': 'invalid',
  'POST /admin/sessions/:id': 'invalid',
  'POST /admin/sessions/:id/offers': 'invalid',
  // Session A has started: it can no longer be cancelled for low enrolment.
  'POST /admin/sessions/:id/cancel': 'conflict',
  'POST /admin/sessions/:id/confirm': 'redirect',
  'POST /admin/sessions/:id/learners': 'invalid',
  'POST /admin/sessions/:id/enrolments/:enrolmentId/payment': 'invalid',
  'POST /admin/sessions/:id/enrolments/:enrolmentId/withdraw': 'redirect',
  'POST /admin/sessions/:id/enrolments/:enrolmentId/move': 'invalid',
  'POST /admin/sessions/:id/instructors': 'invalid',
  'POST /admin/sessions/:id/deleted-account-refunds/:refundId/paid': 'redirect',
  // The user in the path is learner A, not one of the session's instructors.
  'POST /admin/sessions/:id/instructors/:userId/remove': 'hidden',
  'POST /admin/people/:id/role': 'invalid',
  'POST /admin/people/:id/deactivate': 'redirect',
  'POST /admin/people/:id/reactivate': 'redirect',
  'POST /sessions/:id/weeks/:week/discussion/threads': 'redirect',
  'POST /sessions/:id/weeks/:week/discussion/read': 'redirect',
  'POST /sessions/:id/weeks/:week/discussion/settings': 'redirect',
  'POST /threads/:threadId/replies': 'redirect',
  'POST /posts/:postId/edit': 'redirect',
  'POST /posts/:postId/delete': 'redirect',
  // The probe has a reason, so session A's staff send their report and go back to the post.
  'POST /posts/:postId/report': 'redirect',
  'POST /threads/:threadId/follow': 'redirect',
  'POST /threads/:threadId/unfollow': 'redirect',
  'POST /threads/:threadId/pin': 'redirect',
  'POST /threads/:threadId/unpin': 'redirect',
  'POST /threads/:threadId/lock': 'redirect',
  'POST /threads/:threadId/unlock': 'redirect',
  'POST /posts/:postId/hide': 'redirect',
  'POST /posts/:postId/restore': 'redirect',
  'POST /posts/:postId/remove': 'redirect',
  // Post 1 is not held for approval.
  'POST /posts/:postId/approve': 'conflict',
  'POST /reports/:reportId/resolve': 'redirect',
  'POST /sessions/:id/moderation/settings': 'redirect',
  'POST /discussions/preferences': 'invalid',
  'POST /sessions/:id/announcements': 'seeOther',
  'POST /sessions/:id/announcements/:announcementId/edit': 'seeOther',
  'POST /sessions/:id/announcements/:announcementId/delete': 'seeOther',
  'POST /sessions/:id/toolkit/sections/:sectionId/entries': 'redirect',
  'POST /sessions/:id/toolkit/sections/:sectionId/draft': 'redirect',
  'POST /sessions/:id/toolkit/entries/:entryId': 'redirect',
  'POST /sessions/:id/toolkit/entries/:entryId/delete': 'redirect',
  'POST /sessions/:id/toolkit/entries/:entryId/move': 'invalid',
  'POST /sessions/:id/toolkit/sections/:sectionId/order': 'invalid',
  'POST /sessions/:id/toolkit/sections/:sectionId/share': 'invalid',
  'POST /sessions/:id/toolkit/suggestions/:suggestionId': 'redirect',
  'POST /sessions/:id/toolkit/quotes': 'invalid',
  'POST /sessions/:id/toolkit/set-aside/:textId/add': 'redirect',
  'POST /sessions/:id/toolkit/set-aside/:textId/delete': 'redirect',
  'POST /sessions/:id/checkins': 'invalid',
  'POST /sessions/:id/progress/message': 'invalid',
  'POST /sessions/:id/learners/:enrolmentId/more-time': 'invalid',
  'POST /admin/certificates/:id/revoke': 'invalid',
  'POST /admin/certificates/:id/restore': 'invalid',
  'POST /admin/certificates/:id/reissue': 'invalid',
  // Learner A has a certificate for session A already.
  'POST /admin/enrolments/:id/mark-complete': 'conflict',
  'POST /sessions/:id/evaluation': 'invalid',
  'POST /sessions/:id/review': 'invalid',
  'POST /admin/reviews/:reviewId/:decision': 'redirect',
  'POST /admin/backups': 'seeOther',
  'POST /account/name': 'redirect',
  'POST /account/delete': 'invalid',
};

/**
 * Routes that work without a CSRF token because a secret in the URL authorises them (one-click
 * unsubscribe from a mail client, RFC 8058). The suite still checks a made-up secret changes nothing.
 */
export const CSRF_EXEMPT = new Set(['POST /unsubscribe/:token']);

/**
 * The one table a route may write while it refuses or sends a form back: an attempt limiter's count
 * (a refused attempt still counts; that is what stops guessing), or a row made on first look.
 */
export const WRITES_WHEN_REFUSING: Record<string, string> = {
  'POST /reset-password/:token': 'rate_limit_hits',
  'POST /register': 'rate_limit_hits',
  'POST /login': 'rate_limit_hits',
  'POST /account/password': 'rate_limit_hits',
  'POST /account/email': 'rate_limit_hits',
  // The default choices, with the unsubscribe token, are stored the first time anyone looks at them (as the page does).
  'POST /discussions/preferences': 'notification_preferences',
};

/** Whole areas with one rule; a route here that answers otherwise fails the matrix. */
const PREFIX_CLASSES: [string, RouteClass][] = [['/admin', 'admin']];

/** What the actor should get from the route: its class's answer unless the route has its own. */
export function outcomeOf(route: AppRoute, actor: Actor): Outcome {
  const cls = classOf(route);
  if (!cls) throw new Error(`unclassified route ${route.method} ${route.path}`);
  const key = `${route.method} ${route.path}`;
  const outcome = ROUTE_OUTCOMES[key]?.[actor] ?? CLASSES[cls][actor];
  return route.method !== 'GET' && outcome === 'ok' ? (POST_ANSWERS[key] ?? 'ok') : outcome;
}

export function classOf(route: AppRoute): RouteClass | undefined {
  const exact = ROUTE_CLASSES[`${route.method} ${route.path}`];
  if (exact) return exact;
  return PREFIX_CLASSES.find(([prefix]) => route.path === prefix || route.path.startsWith(`${prefix}/`))?.[1];
}
