import type { RouteClass } from './access';
import type { AppRoute } from './routes';

/**
 * Who may use each route. Every route the app has must be listed here (or fall under a prefix
 * below), so a new route cannot ship without someone deciding who it is for.
 */
export const ROUTE_CLASSES: Record<string, RouteClass> = {
  // A backup of the embedded database, by file name: found or not depending on the folder.
  'GET /admin/backups/:name': 'adminFile',
  // Admins only, like all of /admin; the address is the course's earlier one from createWorld, so a refusal is not a 404 for want of it.
  'POST /admin/courses/:courseId/earlier-addresses/:addressId/release': 'admin',
  // Public pages and forms.
  'GET /': 'public',
  'GET /healthz': 'public',
  'GET /favicon.ico': 'public',
  'GET /register': 'public',
  'POST /register': 'public',
  'GET /login': 'public',
  'POST /login': 'public',
  'POST /logout': 'public',
  'GET /forgot-password': 'public',
  'POST /forgot-password': 'public',
  // A made-up token answers 410 (the link has expired), by design.
  'GET /reset-password/:token': 'anyone',
  'POST /reset-password/:token': 'anyone',

  'GET /courses': 'public',
  'GET /courses/:slug': 'public',
  // The emailed unsubscribe link carries its own secret; a made-up one changes nothing.
  'GET /unsubscribe/:token': 'anyone',
  'POST /unsubscribe/:token': 'anyone',
  // A calendar subscription link carries its own secret too; a made-up one gets 404.
  'GET /calendar/:file': 'anyone',

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
  'GET /sessions/:id/whats-left': 'sessionLearner',
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
  'GET /posts/:postId/edit': 'sessionLearner',
  'POST /posts/:postId/edit': 'sessionLearner',
  'GET /posts/:postId/delete': 'sessionLearner',
  'POST /posts/:postId/delete': 'sessionLearner',
  // Post 1 is learner A's own, which they may not report (403); reporting others' is tested in test/discussions.
  'GET /posts/:postId/report': 'sessionMember',
  'POST /posts/:postId/report': 'sessionMember',
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

  // The learner's toolkit (private to the learner; staff views vary).
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
  'GET /sessions/:id/evaluation': 'sessionLearner',
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
  'GET /account/email/confirm/:token': 'anyone',
  'POST /account/email/confirm/:token': 'anyone',
};

/**
 * Routes that work without a CSRF token because a secret in the URL authorises them (one-click
 * unsubscribe from a mail client, RFC 8058). The suite still checks a made-up secret changes nothing.
 */
export const CSRF_EXEMPT = new Set(['POST /unsubscribe/:token']);

/** Whole areas with one rule; a route here that answers otherwise fails the matrix. */
const PREFIX_CLASSES: [string, RouteClass][] = [['/admin', 'admin']];

export function classOf(route: AppRoute): RouteClass | undefined {
  const exact = ROUTE_CLASSES[`${route.method} ${route.path}`];
  if (exact) return exact;
  return PREFIX_CLASSES.find(([prefix]) => route.path === prefix || route.path.startsWith(`${prefix}/`))?.[1];
}
