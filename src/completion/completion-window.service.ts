import type { Db } from '../db';
import { completionDeadlineAfter } from '../enrolment/session-dates';
import { sessionsWithOpenWindow, setCompletionDeadlines } from './completion-window.repository';

/**
 * New grace days apply to every session of the course whose completion has not closed yet
 * (coming, running or in its grace days): its deadline becomes its end plus the new grace days,
 * at local midnight in its zone, but never earlier than `now`, so fewer grace days than have
 * already gone by close completion when saved rather than in the past. Sessions already closed
 * keep their deadline: nobody's completion or certificate changes after the fact. A learner given
 * more time keeps their own date when it is later. Returns how many sessions moved.
 */
export async function moveOpenCompletionDeadlines(db: Db, courseId: number, graceDays: number, now = new Date()): Promise<number> {
  const moved = (await sessionsWithOpenWindow(db, courseId, now))
    .map((s) => {
      const deadline = completionDeadlineAfter(s.ends_at, s.time_zone, graceDays);
      return { id: s.id, from: s.completion_deadline_at, deadline: deadline < now ? now : deadline };
    })
    .filter((s) => s.deadline.getTime() !== s.from.getTime());
  await setCompletionDeadlines(db, moved);
  return moved.length;
}
