import { sessionNav, type SessionAccess, type SessionNavItem, cancellationNotice, teachesSession } from '../enrolment';
import { nestHeadings } from '../lib/markdown';
import { studyTimeInWords } from '../lib/wording';
import type { LockedWeekPage, WeekPage } from './modules.service';
import { localDay, reflectionStatusLabel, sizeLabel } from './progress';

/** The kind page a learner sees for a week that has not opened yet. */
export function presentLockedWeekPage(access: SessionAccess, page: LockedWeekPage, current: SessionNavItem = 'week') {
  return {
    title: `Week ${page.week}: ${page.moduleTitle}`,
    sessionNav: sessionNav(access, page.courseTitle, current),
    week: page.week,
    moduleTitle: page.moduleTitle,
    opensOn: localDay(page.opening.opensAt, access.session.time_zone),
    overviewUrl: `/sessions/${access.session.id}`,
  };
}

/** The id of the place, next to a reading's "Mark as done" button, where its confirmation shows. */
export const readingStatusAnchor = (readingId: number) => `reading-${readingId}-status`;
/** The id of the place, at the top of an idea's item (just above its button), where the confirmation of adding it shows. */
export const suggestionStatusAnchor = (suggestionId: number) => `suggestion-${suggestionId}-status`;

export type WeekPageView = ReturnType<typeof presentWeekPage>;

/** The ids on a week page where a confirmation may show (src/modules/placed-notice.ts). */
export function noticeAnchorsOf(view: WeekPageView): Set<string> {
  if (!view.isLearner) return new Set();
  return new Set(view.readings.flatMap((r) => [r.statusAnchor, ...r.suggestions.map((s) => s.statusAnchor)]));
}

export function presentWeekPage(access: SessionAccess, page: WeekPage) {
  const base = `/sessions/${access.session.id}`;
  const week = page.module.week;
  return {
    title: `Week ${week}: ${page.module.title}`,
    sessionNav: sessionNav(access, page.courseTitle, 'week'),
    sessionId: access.session.id,
    isLearner: access.as === 'learner',
    cancelledNotice: cancellationNotice(access.session),
    week,
    moduleTitle: page.module.title,
    summaryHtml: nestHeadings(page.module.summary_html, 1),
    estimatedMinutes: page.module.estimated_minutes ? studyTimeInWords(page.module.estimated_minutes) : '',
    open: page.opening.open,
    opensOn: localDay(page.opening.opensAt, access.session.time_zone),
    readings: page.readings.map((r) => ({
      id: r.id,
      anchor: `reading-${r.id}`,
      title: r.title,
      minutes: r.minutes,
      contentNote: r.content_note,
      bodyHtml: nestHeadings(r.body_html, 3),
      done: r.done,
      doneUrl: `${base}/readings/${r.id}/done`,
      undoneUrl: `${base}/readings/${r.id}/undone`,
      /** Where the confirmation of "Mark as done" and "Undo" shows, next to the button. */
      statusAnchor: readingStatusAnchor(r.id),
      suggestions: r.suggestions.map((s) => ({
        id: s.id,
        text: s.text,
        added: s.added,
        statusAnchor: suggestionStatusAnchor(s.id),
        returnTo: `${base}/weeks/${week}#${suggestionStatusAnchor(s.id)}`,
      })),
      files: r.files.map((f) => ({ name: f.original_name, url: `${base}/readings/${r.id}/files/${f.id}`, size: sizeLabel(f.size_bytes) })),
    })),
    readingsDone: page.readings.filter((r) => r.done).length,
    exercise: page.exercise ? { title: page.exercise.title, promptHtml: nestHeadings(page.exercise.prompt_html, 2) } : undefined,
    reflectionUrl: `${base}/weeks/${week}/reflection`,
    reflectionStatus: reflectionStatusLabel(page.reflectionStatus),
    /** Those who teach the session; an admin who does not has no way to the reflections. */
    feedbackUrl: teachesSession(access) ? `${base}/feedback?week=${week}` : undefined,
    discussionUrl: `${base}/weeks/${week}/discussion`,
    toolkitUrl: `${base}/toolkit`,
    toolkitSections: page.toolkitSections.map((s) => ({ title: s.title })),
  };
}
