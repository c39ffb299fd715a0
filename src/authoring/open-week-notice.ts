import type { Db } from '../db';
import { formatInZone } from '../lib/dates';
import { inWords } from '../lib/wording';
import { weekOpening } from '../modules';
import { listRunningSessionsWithUnlock, type RunningSessionRow } from './learner-work.repository';

/** The change a content form is about to make to a week. */
export type WeekContentChange = 'new-reading' | 'reading' | 'new-exercise' | 'exercise';

export interface OpenWeekNotice {
  /** Which running sessions have the week open. */
  sessions: string;
  /** What saving the form does to those learners. */
  effect: string;
}

const EFFECTS: Record<WeekContentChange, string> = {
  'new-reading':
    'A new reading appears in their week as soon as you add it. Learners who have already finished the week will see a new step there.',
  reading: 'Learners read your changes the next time they open the reading. Readings they have marked as read stay marked.',
  'new-exercise':
    'The reflection appears in their week as soon as you save it, as a new step, also for learners who have already finished the week.',
  exercise:
    'Reflections already sent keep the wording their learners answered, and their instructors read them with it. Reflections not sent yet, and those sent from now on, answer the new wording.',
};

function sessionsInWords(week: number, sessions: RunningSessionRow[]): string {
  const named = sessions.map((s) => `“${s.title}” (started ${formatInZone(s.starts_at, s.time_zone, 'd LLL yyyy')})`);
  const list = inWords(named);
  return named.length === 1 ? `Week ${week} is already open to the learners of the running session ${list}.` : `Week ${week} is already open to the learners of ${named.length} running sessions: ${list}.`;
}

/**
 * A notice for the form that changes a week's content while running sessions have that week open
 * (by date, or opened early by an instructor): who sees the change, and what it does. Undefined
 * when no session has the week open. It informs; it does not stop the change.
 */
export async function openWeekNotice(db: Db, courseId: number, week: number, change: WeekContentChange, now = new Date()): Promise<OpenWeekNotice | undefined> {
  const running = await listRunningSessionsWithUnlock(db, courseId, week, now);
  const open = running.filter((s) => weekOpening(s, week, s.unlocked_at, now).open);
  if (!open.length) return undefined;
  return { sessions: sessionsInWords(week, open), effect: EFFECTS[change] };
}
