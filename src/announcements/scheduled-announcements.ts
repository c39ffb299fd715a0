import { weekOpening } from '../modules/unlocks';
import { emailAnnouncement, type AnnouncementEmailDeps } from './announcement.emails';
import { claimAnnouncement, listUnsentAnnouncements, type UnsentAnnouncement } from './announcements.repository';

/** Whether an announcement that waited is due: its time has come, or its week has opened. */
function isDue(a: UnsentAnnouncement, now: Date): boolean {
  if (a.published_at) return a.published_at <= now;
  return a.with_week != null && weekOpening(a, a.with_week, a.unlocked_at, now).open;
}

/**
 * Emails the announcements that waited and are now due (a scheduled job). One waiting for a week
 * normally goes with that week's opening email, which runs first; this catches the rest (a week
 * opened too long ago for its email, say). Each is claimed before its emails are written, so
 * instances running this together send it once. Returns how many emails went out.
 */
export async function sendDueAnnouncements(deps: AnnouncementEmailDeps, now = new Date()): Promise<number> {
  let sent = 0;
  for (const waiting of await listUnsentAnnouncements(deps.db, now)) {
    if (!isDue(waiting, now)) continue;
    const claimed = await claimAnnouncement(deps.db, waiting.id, now);
    if (claimed) sent += await emailAnnouncement(deps, claimed);
  }
  return sent;
}
