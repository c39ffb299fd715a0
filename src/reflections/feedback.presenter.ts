import { sessionNav, type SessionAccess } from '../enrolment';
import { nestHeadings } from '../lib/markdown';
import { localDateTime, reflectionStatusLabel } from '../modules';
import type { FileRow, StaffReflectionRow, VersionRow } from './reflections.repository';
import { awaitsFeedback } from './reflections.policy';
import { feedbackRevOf } from './feedback.service';
import { presentVersions } from './reflections.presenter';

type StaffAccess = Extract<SessionAccess, { as: 'instructor' | 'admin' }>;

export function presentQueue(access: StaffAccess, courseTitle: string, rows: StaffReflectionRow[]) {
  return {
    title: 'Feedback queue',
    sessionNav: sessionNav(access, courseTitle, 'feedback'),
    items: rows.map((r) => ({
      url: `/sessions/${access.session.id}/reflections/${r.id}`,
      learnerName: r.learner_name,
      week: r.week,
      exerciseTitle: r.exercise_title,
      version: r.current_version,
      submittedAt: r.submitted_at ? localDateTime(r.submitted_at, access.session.time_zone) : '',
    })),
  };
}

export function presentReview(
  access: StaffAccess,
  courseTitle: string,
  data: { reflection: StaffReflectionRow; versions: (VersionRow & { files: FileRow[] })[] },
  form: { values?: Record<string, string>; errors?: Record<string, string> } = {},
) {
  const { reflection } = data;
  const versions = presentVersions(data.versions, access.session.time_zone);
  return {
    title: `Reflection by ${reflection.learner_name}`,
    sessionNav: sessionNav(access, courseTitle, 'feedback'),
    learnerName: reflection.learner_name,
    week: reflection.week,
    exerciseTitle: reflection.exercise_title,
    promptHtml: nestHeadings(reflection.exercise_prompt_html, 1),
    statusLabel: reflectionStatusLabel(reflection.status),
    awaitsFeedback: awaitsFeedback(reflection.status),
    latest: versions[0],
    earlier: versions.slice(1),
    feedbackUrl: `/sessions/${access.session.id}/reflections/${reflection.id}/feedback`,
    changeFeedbackUrl: versions[0]?.hasFeedback ? `/sessions/${access.session.id}/reflections/${reflection.id}/feedback/edit` : undefined,
    queueUrl: `/sessions/${access.session.id}/feedback`,
    values: form.values ?? {},
    errors: form.errors ?? {},
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
    exerciseTitle: reflection.exercise_title,
    version: latest.version,
    outcome: latest.outcome === 'accepted' ? 'accepted' : 'returned for revision',
    reviewUrl,
    actionUrl: `${reviewUrl}/feedback/edit`,
    values: { feedback: latest.feedback_md ?? '', rev: String(feedbackRevOf(latest)), ...form.values },
    errors: form.errors ?? {},
  };
}
