import { htmlToPlainText } from '../lib/html-text';
import { nestHeadings } from '../lib/markdown';
import { localDateTime } from '../modules';
import type { Keepsake } from './keepsake.service';
import { presentVersions } from './reflections.presenter';

/** The keepsake as every format shows it: dates in the session's zone; the prompt and feedback as HTML, Markdown (text file) and plain text (PDF). */
export function presentKeepsake(keepsake: Keepsake) {
  const zone = keepsake.timeZone;
  return {
    ...keepsake,
    weeks: keepsake.weeks.map((w) => ({
      week: w.week,
      heading: `Week ${w.week}: ${w.title}`,
      promptMd: w.promptMd,
      promptHtml: nestHeadings(w.promptHtml, 2), // under the week's h2
      promptText: htmlToPlainText(w.promptHtml),
      versions: presentVersions(w.versions, zone, { title: w.title, promptHtml: w.promptHtml }).map((v, i) => ({
        ...v,
        // An earlier version that answered other words than the week's title and prompt above it.
        answeredPromptMd: v.answeredPromptHtml ? (w.versions[i].prompt_md ?? '') : '',
        answeredPromptText: v.answeredPromptHtml ? htmlToPlainText(w.versions[i].prompt_html ?? '') : '',
        feedbackMd: w.versions[i].feedback_md ?? '',
        feedbackText: htmlToPlainText(w.versions[i].feedback_html ?? ''),
      })),
      draft: w.draft ? { text: w.draft.text, savedAt: w.draft.savedAt ? localDateTime(w.draft.savedAt, zone) : '' } : undefined,
    })),
  };
}

export type KeepsakeView = ReturnType<typeof presentKeepsake>;
type KeptVersion = KeepsakeView['weeks'][number]['versions'][number];

/** "Accepted · Helen Rimmer, 8 December 2026, 09:00 · Changed 9 December 2026, 10:00", or "Waiting for feedback". */
export function feedbackLine(v: KeptVersion): string {
  if (!v.hasFeedback) return v.outcome;
  return [v.outcome, `${v.feedbackBy}, ${v.feedbackAt}`, v.feedbackChanged].filter(Boolean).join(' · ');
}

export const ANSWERED_PROMPT_LEAD = 'This version answered the question as it read then:';
export const NOTHING_WRITTEN = 'Nothing written for this week.';
export const draftHeading = (d: { savedAt: string }) => `Draft, not submitted${d.savedAt ? ` (saved ${d.savedAt})` : ''}`;
