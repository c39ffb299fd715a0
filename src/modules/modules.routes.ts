import { Router } from 'express';
import type { Db } from '../db';
import { requireUser } from '../auth';
import { whatsLeftPanelFrom } from '../completion';
import { announcementsPanel } from '../announcements';
import type { Mailer } from '../notifications';
import type { Storage } from '../files';
import { NotFoundError } from '../lib/errors';
import { formatInZone } from '../lib/dates';
import { flash, parseId } from '../lib/http';
import { inWords } from '../lib/wording';
import { cancelledPlaceView } from './cancelled-place';
import { idParamOr404, learnerAccessOr404, sessionAccessOr404 } from './guards';
import { calendarFileName, readersCalendar } from './calendar';
import { loadSessionPageFor } from './overview.service';
import { presentSessionOverview } from './overview.presenter';
import { loadWeekPage, openReadingFile, openWeekEarly, setReadingDone } from './modules.service';
import { flashAt, takePlacedNotice } from './placed-notice';
import type { WeekOpening } from './unlocks';
import { noticeAnchorsOf, presentLockedWeekPage, presentWeekPage, readingStatusAnchor } from './week.presenter';

/** " Earlier weeks are still locked: week 3 opens Monday 14 December 2026. Open it too if …", or '' when every earlier week is open. */
function stillLockedText(weeks: WeekOpening[], timeZone: string): string {
  if (!weeks.length) return '';
  const each = weeks.map((w) => `week ${w.week} opens ${formatInZone(w.opensAt, timeZone, 'cccc d LLLL yyyy')}`);
  const them = weeks.length === 1 ? 'it' : 'them';
  return ` Earlier weeks are still locked: ${inWords(each)}. Open ${them} too if learners should work through the weeks in order.`;
}

/** A session's overview, its week pages, marking readings done, and opening weeks early. */
export function modulesRouter(deps: { db: Db; storage: Storage; mailer?: Mailer; baseUrl?: string }): Router {
  const { db } = deps;
  const router = Router();

  router.get('/sessions/:id', requireUser, async function showSessionOverview(req, res) {
    const sessionId = parseId(req.params.id);
    const found = sessionId ? await loadSessionPageFor(db, req.user!, sessionId) : undefined;
    if (!found) {
      // A learner whose place went with a cancelled session is told so, not "page not found".
      const cancelled = sessionId ? await cancelledPlaceView(db, req.user, sessionId) : undefined;
      if (cancelled) return res.render('modules/cancelled-place', cancelled);
      throw new NotFoundError();
    }
    const { access, page } = found;
    const view = presentSessionOverview(access, page, page.instructorNames, page.moderation);
    // Opening the overview also issues a certificate that has become due (src/completion).
    if (page.whatsLeft && deps.mailer) view.panels.whatsLeft = await whatsLeftPanelFrom({ db, mailer: deps.mailer, baseUrl: deps.baseUrl ?? '' }, page.whatsLeft);
    view.panels.announcements = announcementsPanel(access.session, page.announcements, page.unreadThreads);
    res.render('modules/overview', view);
  });

  router.get('/sessions/:id/calendar.ics', requireUser, async function downloadCalendar(req, res) {
    const access = await sessionAccessOr404(db, req);
    const { courseTitle, ics } = await readersCalendar(db, access, deps.baseUrl ?? `${req.protocol}://${req.get('host')}`);
    res.attachment(calendarFileName(courseTitle, access.session));
    res.set({ 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-store' });
    res.send(ics);
  });

  router.post('/sessions/:id/weeks/:week/unlock', requireUser, async function unlockWeek(req, res) {
    const access = await sessionAccessOr404(db, req);
    const week = idParamOr404(req.params.week);
    const { earlierStillLocked } = await openWeekEarly(db, access, week, req.user!.id);
    flash(req, 'success', `Week ${week} is now open to the learners of this session. Those who get week emails will hear within 15 minutes.${stillLockedText(earlierStillLocked, access.session.time_zone)}`);
    res.redirect(`/sessions/${access.session.id}`);
  });

  router.get('/sessions/:id/weeks/:week', requireUser, async function showWeek(req, res) {
    const sessionId = idParamOr404(req.params.id);
    const week = idParamOr404(req.params.week);
    const { access, page } = await loadWeekPage(db, req.user!, sessionId, week);
    if (page.locked) return res.render('modules/week-locked', presentLockedWeekPage(access, page));
    const view = presentWeekPage(access, page);
    const notice = takePlacedNotice(req, res, noticeAnchorsOf(view));
    res.render('modules/week', { ...view, discussionUnread: page.unreadThreads, notice });
  });

  for (const [action, done] of [['done', true], ['undone', false]] as const) {
    router.post(`/sessions/:id/readings/:readingId/${action}`, requireUser, async function markReading(req, res) {
      const access = await learnerAccessOr404(db, req);
      const readingId = idParamOr404(req.params.readingId);
      const { week } = await setReadingDone(db, access, readingId, done);
      // The confirmation shows next to the button just pressed, which the page returns to.
      const anchor = readingStatusAnchor(readingId);
      flashAt(req, 'success', done ? 'Marked as done. Well done.' : 'Marked as not done yet.', anchor);
      res.redirect(`/sessions/${access.session.id}/weeks/${week}#${anchor}`);
    });
  }

  router.get('/sessions/:id/readings/:readingId/files/:fileId', requireUser, async function downloadReadingFile(req, res) {
    const access = await sessionAccessOr404(db, req);
    const file = await openReadingFile(deps, access, idParamOr404(req.params.readingId), idParamOr404(req.params.fileId));
    res.attachment(file.name);
    res.set({ 'Content-Type': file.contentType, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' });
    res.send(file.bytes);
  });

  return router;
}
