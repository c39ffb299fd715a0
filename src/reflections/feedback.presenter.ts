import { sessionNav } from '../enrolment';
import type { KeptText } from '../lib/form-expired';
import { withQuery } from '../lib/http';
import { nestHeadings } from '../lib/markdown';
import { localDateTime, reflectionStatusLabel } from '../modules';
import type { ReflectionShow, StaffReflectionRow, VersionRow } from './reflections.repository';
import { awaitsFeedback } from './reflections.policy';
import { feedbackRevOf } from './feedback-change.service';
import type { ReflectionForStaff, ReflectionList, StaffAccess } from './feedback.service';
import { presentVersions, sameWords, wordsAnswered } from './reflections.presenter';

const SHOW_LABELS: Record<ReflectionShow, string> = {
  waiting: 'Waiting for feedback',
  returned: 'Returned for revision',
  accepted: 'Accepted',
  all: 'All submitted',
};

const LEADS: Record<ReflectionShow, string> = {
  waiting: 'Reflections waiting for your feedback, the oldest first.',
  returned: 'Reflections returned for revision: the learner has not sent a new version yet.',
  accepted: 'Accepted reflections, by week and learner. Open one to read it again or change your feedback.',
  all: 'Every submitted reflection of this session, by week and learner.',
};

const EMPTY: Record<ReflectionShow, string> = {
  waiting: 'Nothing is waiting. New submissions appear here.',
  returned: 'No reflection is waiting for a learner’s revision.',
  accepted: 'No reflection has been accepted yet.',
  all: 'No reflection has been submitted yet.',
};

export function presentQueue(access: StaffAccess, courseTitle: string, list: ReflectionList) {
  const { filters } = list;
  const base = `/sessions/${access.session.id}/feedback`;
  const pageUrl = (page: number) =>
    withQuery(base, { show: filters.show === 'waiting' ? undefined : filters.show, week: filters.week, q: filters.name, page: page > 1 ? page : undefined });
  const filtered = Boolean(filters.week || filters.name);
  return {
    title: 'Feedback queue',
    sessionNav: sessionNav(access, courseTitle, 'feedback'),
    action: base,
    showOptions: (Object.keys(SHOW_LABELS) as ReflectionShow[]).map((value) => ({ value, label: `${SHOW_LABELS[value]} (${list.counts[value]})`, selected: value === filters.show })),
    weeks: list.weeks.map((week) => ({ week, selected: week === filters.week })),
    name: filters.name ?? '',
    lead: LEADS[filters.show],
    empty: filtered ? 'No reflection matches these filters.' : EMPTY[filters.show],
    showStatus: filters.show === 'all',
    items: list.rows.map((r) => ({
      url: `/sessions/${access.session.id}/reflections/${r.id}`,
      learnerName: r.learner_name,
      week: r.week,
      exerciseTitle: r.answered_title,
      version: r.current_version,
      statusLabel: reflectionStatusLabel(r.status),
      submittedAt: r.submitted_at ? localDateTime(r.submitted_at, access.session.time_zone) : '',
    })),
    paging: {
      page: list.page,
      pageCount: list.pageCount,
      previousUrl: list.page > 1 ? pageUrl(list.page - 1) : undefined,
      nextUrl: list.page < list.pageCount ? pageUrl(list.page + 1) : undefined,
    },
  };
}

/** What the page says of the viewer's saved draft: when, and whether the learner has sent a newer version since. */
function draftNote(data: ReflectionForStaff, timeZone: string): string {
  const { draft, reflection } = data;
  if (!draft) return '';
  const saved = `Draft saved ${localDateTime(draft.saved_at, timeZone)}.`;
  return draft.version < reflection.current_version
    ? `${saved} You wrote it for version ${draft.version}; ${reflection.learner_name} has sent version ${reflection.current_version} since.`
    : saved;
}

export function presentReview(access: StaffAccess, courseTitle: string, data: ReflectionForStaff, form: { values?: Record<string, string>; errors?: Record<string, string> } = {}) {
  const { reflection } = data;
  // The question the latest version answered, which may read otherwise now.
  const current = { title: reflection.exercise_title, promptHtml: reflection.exercise_prompt_html };
  const answered = data.versions[0] ? wordsAnswered(data.versions[0], current) : current;
  const versions = presentVersions(data.versions, access.session.time_zone, answered);
  const base = `/sessions/${access.session.id}/reflections/${reflection.id}`;
  return {
    title: `Reflection by ${reflection.learner_name}`,
    sessionNav: sessionNav(access, courseTitle, 'feedback'),
    learnerName: reflection.learner_name,
    week: reflection.week,
    exerciseTitle: answered.title,
    promptHtml: nestHeadings(answered.promptHtml, 1),
    promptReworded: !sameWords(answered, current),
    statusLabel: reflectionStatusLabel(reflection.status),
    awaitsFeedback: awaitsFeedback(reflection.status),
    latest: versions[0],
    earlier: versions.slice(1),
    feedbackUrl: `${base}/feedback`,
    draftUrl: `${base}/feedback/draft`,
    draftNote: form.values ? '' : draftNote(data, access.session.time_zone),
    changeFeedbackUrl: versions[0]?.hasFeedback ? `${base}/feedback/edit` : undefined,
    queueUrl: `/sessions/${access.session.id}/feedback`,
    values: form.values ?? { feedback: data.draft?.text ?? '' },
    errors: form.errors ?? {},
    othersWaiting: data.othersWaiting,
    // Ticked at first; a form handed back keeps what was chosen.
    thenNext: form.values ? form.values.then === 'next' : true,
  };
}

export function presentFeedbackChange(
  access: StaffAccess,
  courseTitle: string,
  data: { reflection: StaffReflectionRow; latest: VersionRow },
  form: { values?: Record<string, string>; errors?: Record<string, string> } = {},
) {
  const { reflection, latest } = data;
  const reviewUrl = `/sessions/${access.session.id}/reflections/${reflection.id}`;
  return {
    title: 'Change your feedback',
    sessionNav: sessionNav(access, courseTitle, 'feedback'),
    learnerName: reflection.learner_name,
    week: reflection.week,
    exerciseTitle: latest.exercise_title ?? reflection.exercise_title,
    version: latest.version,
    outcome: latest.outcome === 'accepted' ? 'accepted' : 'returned for revision',
    reviewUrl,
    actionUrl: `${reviewUrl}/feedback/edit`,
    values: { feedback: latest.feedback_md ?? '', rev: String(feedbackRevOf(latest)), ...form.values },
    errors: form.errors ?? {},
  };
}

/**
 * The page of a change to feedback that was refused, or of the change page that cannot open,
 * because the feedback moved on (changed in another window, a newer version sent): it leads back
 * to the reflection, and hands back what was typed.
 */
export function presentFeedbackChangeRefused(access: StaffAccess, courseTitle: string, reflectionId: number, message: string, kept: KeptText[], posted: boolean) {
  const title = posted ? 'Your change was not saved' : 'This feedback cannot be changed';
  return {
    title,
    sessionNav: sessionNav(access, courseTitle, 'feedback'),
    heading: title,
    message,
    reviewUrl: `/sessions/${access.session.id}/reflections/${reflectionId}`,
    linkText: posted ? 'Open the reflection again to see its feedback now' : 'Open the reflection',
    kept,
  };
}
