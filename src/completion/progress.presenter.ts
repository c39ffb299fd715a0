import { ceusOf } from '../certificates/certificates.policy';
import type { CompletionPlan, LearnerCompletion, WeekRuleKey } from './completion.service';
import type { WeekParticipation } from './progress.service';
import { localDate } from './whats-left.presenter';
import { toCsv, type CsvCell } from '../lib/csv';
import { lastOpenDay } from '../lib/dates';
import { countOf } from '../lib/wording';

export const RULE_LABELS: Record<WeekRuleKey, string> = {
  readings: 'Readings',
  reflection: 'Reflection',
  posts: 'Threads',
  replies: 'Replies',
};

export interface ProgressFilters {
  status?: 'complete' | 'not-complete';
  behindWeek?: number;
  name?: string;
}

export interface ProgressCell {
  met: boolean;
  text: string;
}

export interface ProgressRow {
  enrolmentId: number;
  name: string;
  email: string;
  cells: ProgressCell[];
  stateText: string;
  complete: boolean;
  canMarkComplete: boolean;
  certificateId?: number;
  /** The page to keep this learner's completion open longer (none once complete). */
  moreTimeUrl?: string;
  /** The feedback page showing this learner's submitted reflections. */
  reflectionsUrl: string;
  /** The learner's shared toolkit sections, when they share any (for those who teach the session only). */
  sharedToolkit?: { url: string; text: string };
}

export function stateText(l: LearnerCompletion): string {
  if (l.certificate?.revokedAt) return 'Certificate revoked';
  if (l.certificate) return l.certificate.kind === 'manual' ? 'Complete (marked by hand)' : 'Complete';
  if (l.rulesMet) return 'All rules met';
  return 'In progress';
}

/** "2/3" while open, "Done (3/3)" once met; beyond what is needed just the count, not "25/2". */
function cell(met: boolean, done: number, needed: number): ProgressCell {
  if (!met) return { met, text: `${done}/${needed}` };
  return { met, text: done > needed ? `Done (${done})` : `Done (${done}/${needed})` };
}

export interface ProgressColumn {
  label: string;
  week?: number;
}

/** One column per rule per week, then the toolkit and the evaluation. */
export function progressColumns(c: CompletionPlan): ProgressColumn[] {
  const cols: ProgressColumn[] = [];
  for (const w of c.weeks) for (const k of w.ruleKeys) cols.push({ label: `Week ${w.week} ${RULE_LABELS[k].toLowerCase()}`, week: w.week });
  if (c.rules.toolkitEntriesPerSection > 0) cols.push({ label: 'Toolkit sections' });
  if (c.rules.evaluation) cols.push({ label: 'Evaluation' });
  return cols;
}

export function progressRows(learners: LearnerCompletion[], session: { id: number; time_zone: string }): ProgressRow[] {
  return learners.map((l) => {
    const cells: ProgressCell[] = [];
    for (const w of l.weeks) for (const r of w.rules) cells.push(cell(r.met, r.done, r.needed));
    if (l.toolkit) cells.push(cell(l.toolkit.met, l.toolkit.sections.filter((s) => s.met).length, l.toolkit.sections.length));
    if (l.evaluation) cells.push({ met: l.evaluation.met, text: l.evaluation.met ? 'Sent' : 'Not yet' });
    return {
      enrolmentId: l.enrolmentId,
      name: l.name,
      email: l.email,
      cells,
      stateText: l.extended && !l.certificate ? `${stateText(l)}; open until the end of ${lastOpenDay(l.deadline, session.time_zone)}` : stateText(l),
      complete: l.complete,
      canMarkComplete: !l.certificate,
      certificateId: l.certificate?.id,
      moreTimeUrl: l.complete ? undefined : `/sessions/${session.id}/learners/${l.enrolmentId}/more-time`,
      reflectionsUrl: `/sessions/${session.id}/feedback?${new URLSearchParams({ show: 'all', q: l.name })}`,
      sharedToolkit: l.sharedSections > 0 ? { url: `/sessions/${session.id}/toolkit/shared/${l.enrolmentId}`, text: `Shared toolkit (${countOf(l.sharedSections, 'section', 'sections')})` } : undefined,
    };
  });
}

/**
 * Completions with credits, one line per learner, for the provider's CE records. A learner with a
 * certificate is written as the certificate states it (name, course, session days and credits
 * copied at issue), so that the file agrees with the certificates and the register.
 */
export function progressCsv(c: Pick<CompletionPlan, 'session'>, learners: LearnerCompletion[]): string {
  const s = c.session;
  const header = ['Learner name', 'Email', 'Course', 'Session', 'Session start', 'Session end', 'Status', 'Completed on', 'Contact hours', 'CEUs', 'Certificate code', 'Last day of completion', 'More time given'];
  const lines: CsvCell[][] = [header];
  for (const l of learners) {
    const stated = l.certificate?.stated;
    const as = stated
      ? { name: stated.learnerName, course: stated.courseTitle, startsAt: stated.sessionStartsAt, endsAt: stated.sessionEndsAt, zone: stated.timeZone, hours: stated.contactHours }
      : { name: l.name, course: s.course_title, startsAt: s.starts_at, endsAt: s.ends_at, zone: s.time_zone, hours: s.contact_hours };
    const cert = l.complete ? l.certificate : undefined;
    lines.push([
      as.name,
      l.email,
      as.course,
      s.title,
      localDate(as.startsAt, as.zone),
      lastOpenDay(as.endsAt, as.zone),
      stateText(l),
      cert ? localDate(cert.completedAt, as.zone) : '',
      cert ? String(as.hours) : '',
      cert ? ceusOf(as.hours) : '',
      cert ? cert.code : '',
      lastOpenDay(l.deadline, s.time_zone),
      l.extended ? 'Yes' : '',
    ]);
  }
  return toCsv(lines);
}

export interface ChartBar {
  x: number;
  y: number;
  height: number;
  value: number;
  series: 0 | 1;
}

export interface ChartWeek {
  week: number;
  title: string;
  labelX: number;
  allDone: number;
  discussed: number;
  bars: ChartBar[];
}

export interface ParticipationChart {
  width: number;
  height: number;
  baseline: number;
  learners: number;
  title: string;
  weeks: ChartWeek[];
  summary: string;
}

/**
 * The words of the progress page's link to email the learners the filters pick, or none when none
 * can be emailed: a deactivated account gets no email, so it is not counted among those written to.
 */
export function emailLinkText(matching: number, emailable: number): string | undefined {
  if (!emailable) return undefined;
  if (emailable === matching) return matching === 1 ? 'Email this learner' : `Email these ${matching} learners`;
  const deactivated = matching - emailable;
  return `Email ${emailable} of these ${matching} learners (${countOf(deactivated, 'account is', 'accounts are')} deactivated)`;
}

/** The progress page's opening line: "1 of 2 learners have completed the course", "0 of 1 learner has …". */
export function completionSummary(completeCount: number, total: number): string {
  return `${completeCount} of ${countOf(total, 'learner', 'learners')} ${total === 1 ? 'has' : 'have'} completed the course.`;
}

/** Until when the session's completion stays open, as its own zone says the day. */
export function completionClosesText(session: { completion_deadline_at: Date; time_zone: string }, now: Date): string {
  const day = lastOpenDay(session.completion_deadline_at, session.time_zone, 'cccc d LLLL yyyy');
  return now < session.completion_deadline_at
    ? `Completion stays open until the end of ${day} (${session.time_zone} time), later for a learner given more time.`
    : `Completion closed at the end of ${day} (${session.time_zone} time), except for a learner given more time.`;
}

/** Bar positions for the weekly participation chart (drawn as SVG by views/completion/_chart.ejs). */
export function participationChart(participation: WeekParticipation[], total: number): ParticipationChart {
  const width = 640;
  const height = 260;
  const top = 30;
  const baseline = 210;
  const scale = (n: number) => (total ? Math.round(((baseline - top) * n) / total) : 0);
  const slot = participation.length ? (width - 60) / participation.length : width;
  const weeks = participation.map(({ week, title, allDone, discussed }, i): ChartWeek => {
    const x0 = 50 + i * slot + slot / 2 - 44;
    return {
      week,
      title,
      labelX: Math.round(50 + i * slot + slot / 2),
      allDone,
      discussed,
      bars: [
        { x: Math.round(x0), y: baseline - scale(allDone), height: scale(allDone), value: allDone, series: 0 },
        { x: Math.round(x0 + 44), y: baseline - scale(discussed), height: scale(discussed), value: discussed, series: 1 },
      ],
    };
  });
  const summary = weeks.map((w) => `Week ${w.week}: ${w.allDone} of ${total} did everything, ${w.discussed} took part in the discussion`).join('. ');
  return { width, height, baseline, learners: total, title: `Weekly participation of ${countOf(total, 'learner', 'learners')}`, weeks, summary };
}
