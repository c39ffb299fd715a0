import type { Db } from '../db';
// Straight from its file: the discussions index leads back here through its routes.
import { unsubscribeLinks } from '../discussions/notify.service';
import type { Mailer } from '../notifications';
import { goNoGoEmail, sessionName } from './enrolment.emails';
import { sendAll } from './enrolment.service';
import { listActiveAdmins } from './sessions.repository';
import { formatDay } from './session-view';

interface FlaggedRow {
  id: number;
  starts_at: Date;
  ends_at: Date;
  time_zone: string;
  min_enrolment: number;
  enrolled: number;
  course_title: string;
  course_slug: string;
}

/**
 * On and after its go/no-go date (and before its start: the decision is moot once it runs), a
 * scheduled session below its minimum enrolment that nobody has confirmed is flagged once: the flag is set in one statement (so two instances running the check
 * at the same moment cannot both claim it) and every active admin is emailed about it, except those who
 * turned off emails about work waiting for them (the administration page lists the session anyway).
 * Safe to run as often as you like; server.ts may run it hourly.
 */
export async function flagSessionsAtGoNoGo(deps: { db: Db; mailer: Mailer; baseUrl: string }, now = new Date()): Promise<number[]> {
  const enrolledCount = `(select count(*)::int from enrolments e where e.course_session_id = course_sessions.id and e.status = 'enrolled')`;
  const claimed: { id: number }[] = await deps.db('course_sessions')
    .where('status', 'scheduled')
    .whereNull('confirmed_at')
    .whereNull('go_no_go_flagged_at')
    .where('go_no_go_at', '<=', now)
    .where('starts_at', '>', now)
    .whereRaw(`${enrolledCount} < min_enrolment`)
    .update({ go_no_go_flagged_at: now })
    .returning('id');
  if (!claimed.length) return [];
  const ids = claimed.map((r) => r.id);
  const rows: FlaggedRow[] = await deps.db('course_sessions as s')
    .join('courses as c', 'c.id', 's.course_id')
    .whereIn('s.id', ids)
    .orderBy('s.starts_at')
    .select(
      's.id', 's.starts_at', 's.ends_at', 's.time_zone', 's.min_enrolment', 'c.title as course_title', 'c.slug as course_slug',
      deps.db.raw(`(select count(*)::int from enrolments e where e.course_session_id = s.id and e.status = 'enrolled') as enrolled`),
    );
  const sessions = rows.map((r) => ({ id: r.id, name: sessionName(r), starts: `${formatDay(r.starts_at, r.time_zone)} (${r.time_zone} time)`, enrolled: r.enrolled, minimum: r.min_enrolment }));
  const admins = await listActiveAdmins(deps.db);
  const links = await unsubscribeLinks(deps.db, deps.baseUrl, admins.map((a) => a.id));
  const wanting = admins.filter((a) => links.get(a.id)!.staffEmail);
  await sendAll(deps.mailer, wanting.map((admin) => goNoGoEmail(admin, sessions, links.get(admin.id)!.url, deps.baseUrl)));
  return ids;
}
