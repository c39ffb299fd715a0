import type { Db } from '../db';
import { formatInZone } from '../lib/dates';
import { countOf } from '../lib/wording';
import { findCourse, listWeekNumbers } from './courses.repository';
import { type OpenSessionRow, type WeekWorkCounts, countSectionEntries, countWeekWork, listOpenSessions } from './learner-work.repository';
import { countReadingProgress } from './readings.repository';


function listInWords(items: string[], last: 'and' | 'or' = 'and'): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

function sessionsInWords(sessions: OpenSessionRow[]): string {
  const dates = listInWords(sessions.map((s) => formatInZone(s.starts_at, s.time_zone, 'd LLL yyyy')));
  return sessions.length === 1 ? `The session starting ${dates} uses this course` : `Sessions starting ${dates} use this course`;
}

function workInWords(work: WeekWorkCounts): string | undefined {
  const parts = [
    work.reflections && countOf(work.reflections, 'reflection', 'reflections'),
    work.posts ? countOf(work.posts, 'discussion post', 'discussion posts') : work.threads && countOf(work.threads, 'discussion thread', 'discussion threads'),
    work.toolkitEntries && countOf(work.toolkitEntries, 'toolkit entry', 'toolkit entries'),
    work.readingsDone && `${countOf(work.readingsDone, 'reading', 'readings')} marked as read`,
  ].filter((p): p is string => Boolean(p));
  return parts.length ? listInWords(parts) : undefined;
}

/**
 * Why a week may not be deleted or given another number, or undefined when nothing stops it:
 * running or coming sessions have their dates set by the weeks, and learners' work in the week
 * would be lost with it.
 */
export async function weekChangeBlocker(db: Db, courseId: number, moduleId: number): Promise<string | undefined> {
  const [sessions, work] = await Promise.all([listOpenSessions(db, courseId), countWeekWork(db, moduleId)]);
  const reasons: string[] = [];
  if (sessions.length) {
    reasons.push(`${sessionsInWords(sessions)}, so its weeks cannot be deleted or renumbered until ${sessions.length === 1 ? 'it has' : 'they have'} ended or been cancelled.`);
  }
  const done = workInWords(work);
  if (done) reasons.push(`Learners have already done work in this week (${done}), and deleting or renumbering it would lose that work.`);
  if (!reasons.length) return undefined;
  return `${reasons.join(' ')} You can still edit the week's content.`;
}

/** Why a week may not be added now: a session not yet over had its dates set for the course's length. */
export async function newWeekBlocker(db: Db, courseId: number): Promise<string | undefined> {
  const sessions = await listOpenSessions(db, courseId);
  if (!sessions.length) return undefined;
  return `${sessionsInWords(sessions)}, and ${sessions.length === 1 ? 'its dates were' : 'their dates were'} set for the course's current number of weeks. A week can be added once ${sessions.length === 1 ? 'it has' : 'they have'} ended or been cancelled.`;
}

/** Why a toolkit section may not be deleted: learners' entries in it would go with it. */
export async function sectionDeleteBlocker(db: Db, sectionId: number): Promise<string | undefined> {
  const entries = await countSectionEntries(db, sectionId);
  if (!entries) return undefined;
  return `Learners have written ${countOf(entries, 'entry', 'entries')} in this section, and deleting it would take ${entries === 1 ? 'that entry' : 'those entries'} out of their toolkits. You can change the section's title or prompt instead.`;
}

/** Why a reading may not be deleted: progress rows go with it (cascade), so learners' marks would vanish silently. */
export async function readingDeleteBlocker(db: Db, readingId: number): Promise<string | undefined> {
  const marked = await countReadingProgress(db, readingId);
  if (!marked) return undefined;
  const who = marked === 1 ? '1 learner has' : `${marked} learners have`;
  return `${who} already marked this reading as read, and deleting it would take that out of their progress. You can still edit it.`;
}

/** The week numbers missing below the highest one: [2] for weeks 1, 3. */
export function missingWeeks(weeks: number[]): number[] {
  const last = Math.max(0, ...weeks);
  return Array.from({ length: last }, (_, i) => i + 1).filter((w) => !weeks.includes(w));
}

/**
 * Why a published course may not have its week numbers changed this way: learners would meet a
 * gap (week 1, then week 3), which publishing refuses too. `change` is the week going away
 * (`from`) and the number coming in (`to`): both for a renumbering, one for a deletion or an addition.
 */
export async function publishedGapBlocker(db: Db, courseId: number, change: { from?: number; to?: number }): Promise<string | undefined> {
  const course = await findCourse(db, courseId);
  if (!course?.published) return undefined;
  const after = (await listWeekNumbers(db, courseId)).filter((w) => w !== change.from);
  if (change.to !== undefined) after.push(change.to);
  const missing = missingWeeks(after);
  if (!missing.length) return undefined;
  const action =
    change.from === undefined ? `adding week ${change.to}` : change.to === undefined ? `deleting week ${change.from}` : `moving week ${change.from} to week ${change.to}`;
  return `This course is published, and ${action} would leave no week ${listInWords(missing.map(String), 'or')}, so learners would skip from one week to a later one. Unpublish the course first, or change the last week instead.`;
}

/** Why a week may not be deleted now: sessions or learners' work depend on it, or a published course would have a gap. */
export async function weekDeleteBlocker(db: Db, courseId: number, mod: { id: number; week: number }): Promise<string | undefined> {
  return (await weekChangeBlocker(db, courseId, mod.id)) ?? (await publishedGapBlocker(db, courseId, { from: mod.week }));
}
