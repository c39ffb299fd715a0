import type { Db } from '../db';
import { ConflictError } from '../lib/errors';
import { checkinWeek } from './checkins.policy';
import * as repo from './checkins.repository';
import type { CheckinInput } from './checkins.schemas';

/** A learner's own enrolment in a session: check-ins belong to it and to nobody else. */
export interface CheckinOwner {
  enrolmentId: number;
  session: { id: number; course_id: number; starts_at: Date; time_zone: string };
}

export interface Checkins {
  weeks: number;
  /** The week a check-in made now is for, or undefined outside the course weeks. */
  currentWeek?: number;
  current?: repo.CheckinRow;
  history: repo.CheckinRow[];
}

/** The learner's own check-ins, and which week is open for one now. */
export async function loadCheckins(db: Db, owner: CheckinOwner, now = new Date()): Promise<Checkins> {
  const [weeks, history] = await Promise.all([repo.courseWeeks(db, owner.session.course_id), repo.listCheckins(db, owner.enrolmentId)]);
  const currentWeek = checkinWeek(owner.session, weeks, now);
  return { weeks, currentWeek, current: history.find((c) => c.week === currentWeek), history };
}

/** Records this week's check-in; answering again in the same week replaces the answers, so there is one per week. */
export async function recordCheckin(db: Db, owner: CheckinOwner, input: CheckinInput, now = new Date()): Promise<number> {
  const weeks = await repo.courseWeeks(db, owner.session.course_id);
  const week = checkinWeek(owner.session, weeks, now);
  if (week === undefined) throw new ConflictError('Check-ins are open during the weeks of the course. Your earlier answers are kept.');
  await repo.saveCheckin(db, { enrolmentId: owner.enrolmentId, week, ...input });
  return week;
}

/** The learner's check-ins for the trend chart in their toolkit. */
export async function checkinTrend(db: Db, owner: CheckinOwner): Promise<{ weeks: number; history: repo.CheckinRow[] }> {
  const [weeks, history] = await Promise.all([repo.courseWeeks(db, owner.session.course_id), repo.listCheckins(db, owner.enrolmentId)]);
  return { weeks, history };
}
