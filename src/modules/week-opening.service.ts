import type { Db } from '../db';
import { unsubscribeLinks } from '../discussions';
import { enrolledLearners, learnerDeadline } from '../enrolment';
import { lastOpenDay } from '../lib/dates';
import { countOf } from '../lib/wording';
import type { Mailer } from '../notifications';
// Straight from their files: the announcements index leads back here through its routes.
import { announcementSection, emailAnnouncement } from '../announcements/announcement.emails';
import { claimWeekAnnouncements, type ClaimedAnnouncement } from '../announcements/announcements.repository';
import { weekOpening } from './unlocks';
import { claimWeekNotice, sessionsWithOpeningWeeks, type SessionWeeksRow } from './week-opening.repository';

export interface WeekEmailDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
}

/**
 * How long after a week opens its email may still go out: an app that was down catches up, but
 * weeks that opened long before (when this feature arrived, say) are never announced late.
 */
const WEEK_EMAIL_CATCH_UP_MS = 24 * 60 * 60_000;

/** When a week opened: its date, or earlier if an instructor opened it early. */
function openedAt(session: SessionWeeksRow, week: number, now: Date): Date | undefined {
  const unlock = session.unlocks.find((u) => u.week === week);
  const unlockedAt = unlock ? new Date(unlock.unlocked_at) : undefined;
  const opening = weekOpening(session, week, unlockedAt, now);
  if (!opening.open) return undefined;
  return unlockedAt && unlockedAt < opening.opensAt ? unlockedAt : opening.opensAt;
}

/** "3 readings, a reflection and your cohort’s discussion" */
function whatTheWeekHolds(w: SessionWeeksRow['weeks'][number]): string {
  const parts = [w.readings ? countOf(w.readings, 'reading', 'readings') : '', w.has_exercise ? 'a reflection' : '', 'your cohort’s discussion'].filter(Boolean);
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function weekEmailText(
  session: SessionWeeksRow,
  w: SessionWeeksRow['weeks'][number],
  learner: { name: string; completion_extended_to: Date | null },
  links: { url: string },
  baseUrl: string,
  announcements: ClaimedAnnouncement[],
): string {
  // A learner given more time is told their own date, as their What's left page and calendar show it.
  const lastDay = lastOpenDay(learnerDeadline(session.completion_deadline_at, learner.completion_extended_to).deadline, session.time_zone);
  const fromStaff = announcements.flatMap((a) => ['', '* * *', '', announcementSection(a), '']);
  return [
    `Hello ${learner.name},`,
    '',
    `Week ${w.week} of ${session.course_title} is open: ${w.title}.`,
    '',
    `This week: ${whatTheWeekHolds(w)}. Take it at your own pace: completion stays open until the end of ${lastDay}.`,
    '',
    `Open week ${w.week}: ${baseUrl}/sessions/${session.id}/weeks/${w.week}`,
    ...fromStaff,
    '',
    '—',
    `Choose which emails you get: ${baseUrl}/discussions/preferences`,
    `Or stop all Kindred notification emails: ${links.url}`,
    '',
  ].join('\n');
}

/**
 * Emails each session's enrolled learners when one of its weeks opens (by date, or early by an
 * instructor), once per session and week, to those who have not turned these emails off. The
 * notice is claimed before anything is sent, so app instances running this together send it once.
 * Announcements that waited for the week go up now and ride along, in the same email, for those who
 * also want announcements; those who get no week email but want announcements get them on their own.
 * Returns how many emails went out.
 */
export async function sendWeekOpeningEmails(deps: WeekEmailDeps, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - WEEK_EMAIL_CATCH_UP_MS);
  let sent = 0;
  for (const session of await sessionsWithOpeningWeeks(deps.db, now, since)) {
    for (const w of session.weeks) {
      if (session.noticed.includes(w.week)) continue;
      const opened = openedAt(session, w.week, now);
      if (!opened || opened < since) continue;
      if (!(await claimWeekNotice(deps.db, session.id, w.week))) continue;
      const announcements = await claimWeekAnnouncements(deps.db, session.id, w.week, now);
      const learners = await enrolledLearners(deps.db, session.id);
      const links = await unsubscribeLinks(deps.db, deps.baseUrl, learners.map((l) => l.id));
      const heardWithWeek = new Set<number>();
      for (const learner of learners) {
        const link = links.get(learner.id);
        if (!link?.weekEmail) continue;
        const along = link.announcementEmail ? announcements : [];
        await deps.mailer.send({ to: learner.email, subject: `Week ${w.week} is open: ${w.title}`, text: weekEmailText(session, w, learner, link, deps.baseUrl, along), unsubscribeUrl: link.url });
        if (along.length) heardWithWeek.add(learner.id);
        sent += 1;
      }
      for (const a of announcements) sent += await emailAnnouncement(deps, a, heardWithWeek);
    }
  }
  return sent;
}
