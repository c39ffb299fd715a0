import { type SessionAccess, sessionNav, cancellationNotice, teachesSession } from '../enrolment';
import type { ModerationCounts } from '../discussions';
import { waitingOf, type Waiting } from '../home/waiting';
import { withQuery } from '../lib/http';
import { inWords } from '../lib/wording';
import type { SessionOverview } from './overview.service';
import { localDay, progress, reflectionCounts, reflectionStatusLabel, type Progress } from './progress';

export interface WeekCard {
  week: number;
  title: string;
  url: string;
  open: boolean;
  openedEarly: boolean;
  opensOn: string;
  readingsDone: number;
  readingsTotal: number;
  readingsLeft: number;
  hasExercise: boolean;
  exerciseTitle: string;
  reflectionUrl: string;
  reflectionStatus: string;
  reflectionDone: boolean;
  progress: Progress;
  awaitingFeedback: number;
  /** Those who teach: the feedback queue, showing this week's reflections only. */
  feedbackUrl?: string;
}

/**
 * The view model of GET /sessions/:id. Other features add their own data under `panels`
 * (e.g. panels.announcements, panels.whatsLeft) and render it at the marked spots of
 * views/modules/overview.ejs.
 */
export interface SessionOverviewView {
  title: string;
  sessionNav: ReturnType<typeof sessionNav>;
  sessionId: number;
  courseTitle: string;
  sessionTitle: string;
  timeZone: string;
  /** Who teaches the session, in words ('' for nobody yet): they, and only they, read its learners' reflections. */
  instructors: string;
  isStaff: boolean;
  /** The viewer teaches the session: reflections lead to the feedback queue (an admin who does not sees counts only). */
  teaches: boolean;
  cancelledNotice?: string;
  weeks: WeekCard[];
  courseProgress: Progress;
  /** Staff: what waits for them in this session (views/partials/waiting-for-staff.ejs). */
  waiting: Waiting;
  panels: Record<string, unknown>;
}

/**
 * A week's bar counts its readings and reflection only, and says so: "steps" on the overview are the
 * certificate's, which count the week's discussion too ("Week 1 readings and reflection: 3 of 4 done (75%)").
 */
function weekProgress(done: number, total: number, hasReadings: boolean, hasExercise: boolean): Progress {
  const counted = [hasReadings ? 'readings' : '', hasExercise ? 'reflection' : ''].filter(Boolean).join(' and ');
  const p = progress(done, total);
  return { ...p, label: `${counted}: ${done} of ${total} done (${p.percent}%)` };
}

export function presentSessionOverview(access: SessionAccess, data: SessionOverview, instructorNames: string[], moderation?: ModerationCounts): SessionOverviewView {
  const { session } = access;
  const teaches = teachesSession(access);
  const weeks = data.weeks.map((w): WeekCard => {
    const reflectionDone = reflectionCounts(w.reflectionStatus);
    const hasExercise = w.exerciseId !== undefined;
    const steps = w.readingsTotal + (hasExercise ? 1 : 0);
    return {
      week: w.module.week,
      title: w.module.title,
      url: `/sessions/${session.id}/weeks/${w.module.week}`,
      open: w.opening.open,
      openedEarly: w.opening.openedEarly,
      opensOn: localDay(w.opening.opensAt, session.time_zone),
      readingsDone: w.readingsDone,
      readingsTotal: w.readingsTotal,
      readingsLeft: w.readingsTotal - w.readingsDone,
      hasExercise,
      exerciseTitle: w.exerciseTitle ?? '',
      reflectionUrl: `/sessions/${session.id}/weeks/${w.module.week}/reflection`,
      reflectionStatus: reflectionStatusLabel(w.reflectionStatus),
      reflectionDone,
      progress: weekProgress(w.readingsDone + (reflectionDone ? 1 : 0), steps, w.readingsTotal > 0, hasExercise),
      awaitingFeedback: w.awaitingFeedback,
      feedbackUrl: teaches ? withQuery(`/sessions/${session.id}/feedback`, { week: w.module.week }) : undefined,
    };
  });
  const done = weeks.reduce((n, w) => n + w.progress.done, 0);
  const total = weeks.reduce((n, w) => n + w.progress.total, 0);
  return {
    title: data.courseTitle,
    sessionNav: sessionNav(access, data.courseTitle, 'overview'),
    sessionId: session.id,
    courseTitle: data.courseTitle,
    sessionTitle: session.title,
    timeZone: session.time_zone,
    instructors: inWords(instructorNames),
    isStaff: access.as !== 'learner',
    teaches,
    cancelledNotice: cancellationNotice(session),
    weeks,
    courseProgress: progress(done, total),
    waiting: waitingOf(session.id, weeks.reduce((n, w) => n + w.awaitingFeedback, 0), moderation, teaches),
    panels: {},
  };
}
