import { Router } from 'express';
import { requireUser } from '../auth';
import type { Db } from '../db';
import { sessionNav } from '../enrolment';
import { NotFoundError } from '../lib/errors';
import { flash } from '../lib/http';
import { readersCalendar } from './calendar';
import { findCourseTitle } from './modules.repository';
import { CALENDAR_TOKEN, calendarTokenOf, findCalendarAccess, renewCalendarToken } from './calendar-feed.repository';
import { sessionAccessOr404, learnerAccessOr404 } from './guards';

/**
 * How often a subscribed calendar should read the link again. The ics library writes the older
 * X-PUBLISHED-TTL, which Outlook reads; the standard REFRESH-INTERVAL (RFC 7986) goes beside it
 * with the same hour. Some apps (Google Calendar) still choose for themselves.
 */
function withRefreshHint(ics: string): string {
  return ics.replace(/^X-PUBLISHED-TTL:(\S+)\r\n/m, (line, every: string) => `${line}REFRESH-INTERVAL;VALUE=DURATION:${every}\r\n`);
}

/**
 * The session's dates in the reader's own calendar: a file to download, or for a learner a link
 * their calendar app subscribes to and checks again by itself, so a week opened early or more
 * time given shows there without anything done. The link carries its own secret: no login.
 */
export function calendarFeedRouter(deps: { db: Db; baseUrl: string }): Router {
  const { db } = deps;
  const router = Router();
  const feedUrl = (token: string) => `${deps.baseUrl}/calendar/${token}.ics`;

  router.get('/sessions/:id/calendar', requireUser, async function showCalendarChoices(req, res) {
    const access = await sessionAccessOr404(db, req);
    const [token, courseTitle] = await Promise.all([access.as === 'learner' ? calendarTokenOf(db, access.enrolmentId) : null, findCourseTitle(db, access.session.course_id)]);
    const url = token ? feedUrl(token) : undefined;
    res.render('modules/calendar', {
      title: 'The session’s dates in your calendar',
      sessionNav: sessionNav(access, courseTitle, 'overview'),
      sessionId: access.session.id,
      learner: access.as === 'learner',
      feed: url ? { url, webcal: url.replace(/^https?:/, 'webcal:') } : undefined,
    });
  });

  router.post('/sessions/:id/calendar/link', requireUser, async function makeCalendarLink(req, res) {
    const access = await learnerAccessOr404(db, req);
    const had = await calendarTokenOf(db, access.enrolmentId);
    await renewCalendarToken(db, access.enrolmentId);
    flash(req, 'success', had ? 'Here is your new link. The old one no longer works: subscribe again with this one.' : 'Here is your link. Add it to your calendar app.');
    res.redirect(303, `/sessions/${access.session.id}/calendar#subscribe`);
  });

  router.get('/calendar/:file', async function subscribedCalendar(req, res) {
    const token = /^(.+)\.ics$/.exec(String(req.params.file))?.[1];
    const access = token && CALENDAR_TOKEN.test(token) ? await findCalendarAccess(db, token) : undefined;
    if (!access) throw new NotFoundError('That calendar link no longer works. Make a new one from the session’s page.');
    const { ics } = await readersCalendar(db, access, deps.baseUrl);
    res.set({ 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-store' });
    res.send(withRefreshHint(ics));
  });

  return router;
}
