import { DateTime } from 'luxon';
import type { CurrentUser } from '../auth';
import type { Db } from '../db';
import { holdUntilCommit } from '../db/locks';
import { findSessionAccess, isStaff, refuseIfCancelled, type SessionAccess, type SessionRow } from '../enrolment';
import { formatInZone, lastOpenDay } from '../lib/dates';
import { ForbiddenError, NotFoundError, ValidationError } from '../lib/errors';
import { renderMarkdown } from '../lib/markdown';
import { weekOpenings } from '../modules/unlocks';
import { emailAnnouncement, type AnnouncementEmailDeps } from './announcement.emails';
import type { AnnouncementInput, AnnouncementTiming } from './announcements.schemas';
import * as repo from './announcements.repository';

export type AnnouncementDeps = AnnouncementEmailDeps;

/** A week of the course, and whether it has opened; one not yet open is a week an announcement can wait for. */
export interface CourseWeek {
  week: number;
  title: string;
  open: boolean;
  opensText: string;
}

const when = (date: Date, zone: string) => formatInZone(date, zone, 'cccc d LLLL yyyy, HH:mm');
const FORM_TIME = "yyyy-MM-dd'T'HH:mm";

async function courseWeeks(db: Db, session: SessionRow, now: Date): Promise<CourseWeek[]> {
  const weeks: { week: number; title: string }[] = await db('course_modules').select('week', 'title').where({ course_id: session.course_id }).orderBy('week');
  const openings = await weekOpenings(db, session, weeks.map((w) => w.week), now);
  return weeks.map((w, i) => ({ week: w.week, title: w.title, open: openings[i].open, opensText: formatInZone(openings[i].opensAt, session.time_zone, 'cccc d LLLL yyyy') }));
}

const weekChoices = (weeks: CourseWeek[]): CourseWeek[] => weeks.filter((w) => !w.open);

/** Not yet up: its time has not come, or its week has not opened (nor has it been emailed). */
const isWaiting = (row: repo.AnnouncementRow, now: Date) => row.emailed_at === null && !(row.published_at && row.published_at <= now);

async function staffAccess(db: Db, user: CurrentUser | undefined, sessionId: number): Promise<SessionAccess> {
  const access = await findSessionAccess(db, user, sessionId);
  if (!access) throw new NotFoundError();
  if (!isStaff(access)) throw new ForbiddenError('Only the session’s instructors can post or change announcements.');
  return access;
}

/** One announcement, for its session's staff; to anyone else it does not exist (so its id tells nothing). */
async function staffAnnouncement(db: Db, user: CurrentUser | undefined, sessionId: number, id: number) {
  const access = await findSessionAccess(db, user, sessionId);
  if (!access || !isStaff(access)) throw new NotFoundError();
  const [row, course] = await Promise.all([repo.findAnnouncement(db, sessionId, id), repo.findCourseTitle(db, access.session.course_id)]);
  if (!row) throw new NotFoundError();
  return { access, row, courseTitle: course?.title ?? '' };
}

function present(a: repo.ListedAnnouncement, zone: string) {
  return {
    id: a.id,
    title: a.title,
    bodyHtml: a.body_html,
    authorName: a.author_name ?? 'Your instructor',
    when: formatInZone(a.published_at, zone, 'd LLL yyyy'),
    edited: a.edited_at ? formatInZone(a.edited_at, zone, 'd LLL yyyy') : undefined,
  };
}

/** How a waiting announcement's timing reads to its staff. */
function waitingText(a: repo.AnnouncementRow, session: SessionRow, choices: CourseWeek[]): string {
  if (session.status === 'cancelled') return 'Will not go out: the session was cancelled';
  if (a.published_at) return `Goes up ${when(a.published_at, session.time_zone)} (${session.time_zone} time) and is emailed then`;
  const choice = choices.find((c) => c.week === a.with_week);
  return `Goes up when week ${a.with_week} opens${choice ? ` (${choice.opensText})` : ''}, in that week’s email`;
}

/** The announcements page: everyone in the session reads those that are up; its staff also see those still to come. */
export async function announcementsOf(db: Db, user: CurrentUser | undefined, sessionId: number, now = new Date()) {
  const access = await findSessionAccess(db, user, sessionId);
  if (!access) throw new NotFoundError();
  const staff = isStaff(access);
  const [course, rows, scheduled, weeks] = await Promise.all([
    repo.findCourseTitle(db, access.session.course_id),
    repo.listAnnouncements(db, sessionId, 100, now),
    staff ? repo.listScheduledAnnouncements(db, sessionId, now) : [],
    staff ? courseWeeks(db, access.session, now).then(weekChoices) : [],
  ]);
  return {
    access,
    staff,
    courseTitle: course?.title ?? '',
    announcements: rows.map((a) => present(a, access.session.time_zone)),
    scheduled: scheduled.map((a) => ({ id: a.id, title: a.title, bodyHtml: a.body_html, authorName: a.author_name ?? 'Your instructor', waiting: waitingText(a, access.session, weeks) })),
    weekChoices: weeks,
    timeZone: access.session.time_zone,
  };
}

/** The session overview's panel: the latest announcements and the reader's count of new discussion posts. */
export function announcementsPanel(session: { id: number; time_zone: string }, announcements: repo.ListedAnnouncement[], unreadPosts: number) {
  return {
    sessionId: session.id,
    announcements: announcements.map((a) => present(a, session.time_zone)),
    unreadPosts,
  };
}

type Timing = Pick<repo.NewAnnouncement, 'published_at' | 'with_week' | 'emailed_at'>;

/** The columns a chosen timing sets, or the refusal next to the field that chose it. */
function resolveTiming(timing: AnnouncementTiming, session: SessionRow, weeks: CourseWeek[], now: Date): Timing {
  if (timing.kind === 'now') return { published_at: now, with_week: null, emailed_at: now };
  if (timing.kind === 'week') {
    const chosen = weeks.find((w) => w.week === timing.week);
    if (chosen && !chosen.open) return { published_at: null, with_week: timing.week, emailed_at: null };
    const why = chosen ? `Week ${timing.week} is already open. Choose “Now” to post it straight away.` : `The course has no week ${timing.week}. Please choose one of the weeks listed.`;
    throw new ValidationError('Please choose another time.', { when: why });
  }
  const at = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(timing.at) ? DateTime.fromFormat(timing.at, FORM_TIME, { zone: session.time_zone }) : undefined;
  if (!at?.isValid) throw new ValidationError('Please enter a time.', { at: 'Please enter the day and time it goes up, like 2026-12-07T09:00.' });
  if (at.toJSDate() <= now) throw new ValidationError('Please enter a time.', { at: 'That time has passed. Choose a time still to come, or “Now”.' });
  if (at.toJSDate() >= session.ends_at) {
    throw new ValidationError('Please enter a time.', { at: `The session’s last day is ${lastOpenDay(session.ends_at, session.time_zone, 'cccc d LLLL yyyy')}. Please choose a time before it ends.` });
  }
  return { published_at: at.toJSDate(), with_week: null, emailed_at: null };
}

/** Refuses anyone but the session's staff, and any session that was cancelled. */
export async function refuseUnlessMayPost(db: Db, user: CurrentUser | undefined, sessionId: number): Promise<SessionAccess> {
  const access = await staffAccess(db, user, sessionId);
  refuseIfCancelled(access.session, 'no announcement can be posted');
  return access;
}

/** How long the same announcement from the same author counts as the form sent twice. */
const TWIN_WINDOW_MS = 2 * 60_000;

/**
 * Posts an announcement to a session (its instructors and admins only). Posted now, it is emailed
 * at once to every enrolled learner who has not turned announcement emails off; one that waits
 * goes up at its time, or with its week's opening email, and is emailed then (by the scheduled jobs).
 * A cancelled session takes none. The same one sent again within two minutes is not posted twice.
 */
export async function postAnnouncement(deps: AnnouncementDeps, user: CurrentUser, sessionId: number, input: AnnouncementInput, now = new Date()) {
  const access = await refuseUnlessMayPost(deps.db, user, sessionId);
  const timing = input.timing ?? { kind: 'now' };
  const weeks = timing.kind === 'week' ? await courseWeeks(deps.db, access.session, now) : [];
  const columns = resolveTiming(timing, access.session, weeks, now);
  const row = { course_session_id: sessionId, author_id: user.id, title: input.title, body_md: input.body };
  const { announcement, repeated } = await deps.db.transaction(async (trx) => {
    await holdUntilCommit(trx, 'announcementsOfSession', sessionId);
    // Sent twice (a double click, a resent page): the learners get it once.
    const twin = await repo.findTwin(trx, row, new Date(now.getTime() - TWIN_WINDOW_MS));
    if (twin) return { announcement: twin, repeated: true };
    return { announcement: await repo.insertAnnouncement(trx, { ...row, body_html: renderMarkdown(input.body), ...columns }), repeated: false };
  });
  if (repeated) return { id: announcement.id, emailed: undefined, waiting: undefined, repeated };
  if (announcement.emailed_at === null) return { id: announcement.id, emailed: undefined, waiting: waitingText(announcement, access.session, weekChoices(weeks)), repeated };
  const course = await repo.findCourseTitle(deps.db, access.session.course_id);
  const emailed = await emailAnnouncement(deps, { ...announcement, author_name: user.name, author_email: user.email, course_title: course?.title ?? '' });
  return { id: announcement.id, emailed, waiting: undefined, repeated };
}

/** What changing an announcement that is up does. */
function upText(row: repo.AnnouncementRow, zone: string): string {
  const up = when(row.published_at ?? row.emailed_at!, zone);
  if (row.emailed_at === null) return `It went up ${up}. Its email goes out within 15 minutes, with any change you make now.`;
  return `It went up ${up} and was emailed then; a change shows in the course but is not emailed again.`;
}

/** An announcement of the session as its edit form shows it; its timing can change only while it waits. */
export async function announcementForEditing(db: Db, user: CurrentUser | undefined, sessionId: number, id: number, now = new Date()) {
  const { access, row, courseTitle } = await staffAnnouncement(db, user, sessionId, id);
  const waiting = isWaiting(row, now);
  const weeks = waiting ? weekChoices(await courseWeeks(db, access.session, now)) : [];
  const zone = access.session.time_zone;
  return {
    access,
    courseTitle,
    row,
    waiting,
    weekChoices: weeks,
    timeZone: zone,
    values: {
      title: row.title,
      body: row.body_md,
      when: row.with_week ? `week-${row.with_week}` : 'later',
      at: row.published_at ? formatInZone(row.published_at, zone, FORM_TIME) : '',
    },
    sentText: waiting ? undefined : upText(row, zone),
  };
}

/**
 * Changes an announcement's wording (and, while it still waits, when it goes out). One that is up
 * is not emailed again. If it went out while the form was open, only the wording changes.
 */
export async function editAnnouncement(deps: AnnouncementDeps, user: CurrentUser, sessionId: number, id: number, input: AnnouncementInput, now = new Date()) {
  const { access, row } = await staffAnnouncement(deps.db, user, sessionId, id);
  refuseIfCancelled(access.session, 'no announcement can be changed');
  const wording = { title: input.title, body_md: input.body, body_html: renderMarkdown(input.body) };
  if (isWaiting(row, now) && input.timing) {
    const columns = resolveTiming(input.timing, access.session, await courseWeeks(deps.db, access.session, now), now);
    if (columns.emailed_at === null) {
      const timing = { published_at: columns.published_at, with_week: columns.with_week };
      if (await repo.updateAnnouncement(deps.db, id, { ...wording, ...timing }, true)) return { timingChanged: true, emailed: undefined };
    } else {
      // "Now": it goes up and out at once, claimed as the scheduled job would.
      const updated = await repo.updateAnnouncement(deps.db, id, { ...wording, published_at: now, with_week: null }, true);
      const claimed = updated && (await repo.claimAnnouncement(deps.db, id, now));
      if (claimed) return { timingChanged: true, emailed: await emailAnnouncement(deps, claimed) };
    }
  }
  // The wording alone; marked as edited only once it has been emailed.
  if (!(await repo.updateAnnouncement(deps.db, id, wording, true))) await repo.updateAnnouncement(deps.db, id, { ...wording, edited_at: now }, false);
  return { timingChanged: false, emailed: undefined };
}

/** The delete page: what deleting it does. */
export async function announcementForDeleting(db: Db, user: CurrentUser | undefined, sessionId: number, id: number) {
  const { access, row, courseTitle } = await staffAnnouncement(db, user, sessionId, id);
  return { access, courseTitle, row, emailed: row.emailed_at !== null };
}

/** Deletes an announcement (allowed in a cancelled session too, like removing a post). */
export async function deleteAnnouncement(db: Db, user: CurrentUser, sessionId: number, id: number): Promise<void> {
  await announcementForDeleting(db, user, sessionId, id);
  await repo.deleteAnnouncement(db, id);
}
