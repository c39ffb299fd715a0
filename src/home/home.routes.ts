import { Router } from 'express';
import type { Db } from '../db';
import { requireRole, requireUser, type CurrentUser } from '../auth';
import { formatInZone } from '../lib/dates';
import { NotFoundError } from '../lib/errors';
import { parseId } from '../lib/http';
import { emailTrouble, type Mailer } from '../notifications';
import { jobTrouble, listJobRuns } from '../jobs';
import { latestAnnouncements } from '../announcements';
import { certificatesOfUser } from '../certificates';
import { whatsLeftPanel } from '../completion';
import { moderationWaitingBySession, unreadCountsForSessions } from '../discussions';
import { awaitingFeedbackBySession } from '../reflections';
import {
  countCompletionsOf,
  countSeatsOf,
  findSessionAccess,
  findSessionWithCourse,
  flagSessionsAtGoNoGo,
  isStaff,
  listInstructorsOf,
  listLearnerEnrolments,
  listRoster,
  listSessionsForStaff,
  listUndecidedFlaggedSessions,
} from '../enrolment';
import { completionOpen, presentEnrolments, presentStaffRoster, presentTeaching, progressOnDashboard, type WaitingCounts } from './home.presenter';

/** Landing pages: the public home and each role's starting page. */
export function homeRouter(deps: { db: Db; mailer: Mailer; baseUrl: string }): Router {
  const router = Router();

  router.get('/', async function showHome(_req, res) {
    const courses = await deps.db('courses').select('slug', 'title', 'summary').where({ published: true }).orderBy('title');
    res.render('home/index', { title: 'Kindred courses', courses });
  });

  /** Reflections, reports and held posts waiting in each of these sessions: two queries for them all. */
  async function waitingIn(sessionIds: number[]): Promise<Omit<WaitingCounts, 'taught'>> {
    const [feedback, moderation] = await Promise.all([awaitingFeedbackBySession(deps.db, sessionIds), moderationWaitingBySession(deps.db, sessionIds)]);
    return { feedback, moderation };
  }

  /** What a teacher or admin needs from their dashboard: the way to what they teach and run, and what waits for them there. */
  async function staffLinks(user: CurrentUser) {
    if (user.role === 'learner') return undefined;
    if (user.role === 'admin') return { isAdmin: true, teaching: [] };
    const now = new Date();
    const sessions = (await listSessionsForStaff(deps.db, user)).filter((s) => s.status !== 'cancelled' && s.ends_at > now);
    const ids = sessions.map((s) => s.id);
    const [seats, waiting] = await Promise.all([countSeatsOf(deps.db, ids), waitingIn(ids)]);
    // An instructor's sessions are the ones they teach.
    return { isAdmin: false, teaching: presentTeaching(sessions, seats, new Map(), now, { ...waiting, taught: new Set(ids) }) };
  }

  router.get('/dashboard', requireUser, async function showDashboard(req, res) {
    const now = new Date();
    const rows = await listLearnerEnrolments(deps.db, req.user!.id);
    const open = rows.filter((r) => r.status === 'enrolled').map((r) => r.course_session_id);
    // What's left, for each place whose completion is open now: one as a rule, rarely two, never a
    // learner's whole history. As on the session's page, it issues a certificate that is due.
    const progressing = rows.filter((r) => completionOpen(r, now));
    const [announcements, unread, certificates, ...panels] = await Promise.all([
      latestAnnouncements(deps.db, open, now),
      unreadCountsForSessions(deps.db, req.user!, open, now),
      certificatesOfUser(deps.db, req.user!.id),
      ...progressing.map((r) => whatsLeftPanel(deps, r.course_session_id, r.id, now)),
    ]);
    // A valid certificate, issued before or just now by What's left, makes the place a completed one.
    const certified = new Set<number>([
      ...certificates.filter((c) => !c.revoked_at && c.enrolment_id !== null).map((c) => c.enrolment_id!),
      ...progressing.filter((_r, i) => panels[i].state === 'complete').map((r) => r.id),
    ]);
    const revoked = new Map(certificates.filter((c) => c.revoked_at && c.enrolment_id !== null).map((c) => [c.enrolment_id!, formatInZone(c.revoked_at!, c.time_zone, 'd LLLL yyyy')]));
    const enrolments = presentEnrolments(rows, now, certified, revoked);
    const progress = new Map(progressing.map((r, i) => [r.course_session_id, progressOnDashboard(panels[i])]));
    const withNews = enrolments.map((e) => {
      const latest = announcements.get(e.sessionId);
      return {
        ...e,
        unreadPosts: unread.get(e.sessionId) ?? 0,
        announcement: latest ? { title: latest.title, bodyHtml: latest.body_html } : undefined,
        progress: progress.get(e.sessionId),
      };
    });
    res.render('home/dashboard', { title: 'Your dashboard', enrolments: withNews, staff: await staffLinks(req.user!) });
  });

  router.get('/teach', requireRole('instructor'), async function showTeaching(req, res) {
    const sessions = await listSessionsForStaff(deps.db, req.user!);
    const ids = sessions.map((s) => s.id);
    const [seats, instructors, counts, completions] = await Promise.all([countSeatsOf(deps.db, ids), listInstructorsOf(deps.db, ids), waitingIn(ids), countCompletionsOf(deps.db, ids)]);
    const names = new Map<number, string[]>();
    for (const i of instructors) names.set(i.course_session_id, [...(names.get(i.course_session_id) ?? []), i.name]);
    // An admin sees every session, but reads the reflections of those they teach only.
    const taught = new Set(instructors.filter((i) => i.user_id === req.user!.id).map((i) => i.course_session_id));
    const allSessions = req.user!.role === 'admin';
    res.render('home/teach', {
      title: 'Teaching',
      sessions: presentTeaching(sessions, seats, names, new Date(), { ...counts, taught }, completions),
      allSessions,
      teachesAll: sessions.every((s) => taught.has(s.id)),
    });
  });

  // Instructors see the roster of the sessions they teach; payment and history stay on the admin page.
  router.get('/teach/sessions/:id/roster', requireRole('instructor'), async function showRoster(req, res) {
    const id = parseId(req.params.id);
    const access = id ? await findSessionAccess(deps.db, req.user, id) : undefined;
    if (!access || !isStaff(access)) throw new NotFoundError('We could not find that session.');
    const [session, rows] = await Promise.all([findSessionWithCourse(deps.db, access.session.id), listRoster(deps.db, access.session.id)]);
    const name = `${session!.course_title}, ${session!.title}`;
    res.render('home/roster', {
      title: `Roster: ${name}`,
      name,
      session: access.session,
      roster: presentStaffRoster(rows),
      // A cancelled session's places were cancelled with it: say so rather than "nobody registered".
      cancelledPlaces: access.session.status === 'cancelled' ? rows.filter((r) => r.status === 'cancelled').length : undefined,
      isAdmin: access.as === 'admin',
    });
  });

  router.get('/admin', requireRole('admin'), async function showAdmin(_req, res) {
    // Loading the dashboard also runs the go/no-go check, so nothing waits for the background jobs.
    await flagSessionsAtGoNoGo(deps);
    const flagged = await listUndecidedFlaggedSessions(deps.db);
    const [seats, emails, jobRuns] = await Promise.all([countSeatsOf(deps.db, flagged.map((s) => s.id)), emailTrouble(deps.db), listJobRuns(deps.db)]);
    const now = new Date();
    res.render('home/admin', { title: 'Administration', flagged: presentTeaching(flagged, seats, new Map(), now), emails, jobs: jobTrouble(jobRuns, now), mailServer: Boolean(deps.mailer.delivery) });
  });

  return router;
}
