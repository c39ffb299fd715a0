import { ANSWERED_PROMPT_LEAD, draftHeading, feedbackLine, NOTHING_WRITTEN, type KeepsakeView } from './keepsake.presenter';

/** Each line of a block set off as a Markdown quote: the exercise's prompt and the instructor's words. */
const quoted = (text: string) =>
  text
    .trim()
    .split(/\r?\n/)
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');

/**
 * The learner's reflections as plain text (and Markdown), to keep in their own notes: each week's
 * exercise, what they submitted, version by version, and the feedback each version got.
 */
export function renderKeepsakeText(k: KeepsakeView): string {
  const lines = ['# My reflections', '', k.learnerName, `${k.courseTitle} · ${k.sessionTitle}`, `Saved from Kindred on ${k.exportedOn}`];
  for (const w of k.weeks) {
    lines.push('', '', `## ${w.heading}`, '', quoted(w.promptMd));
    for (const v of w.versions) {
      lines.push('', `### Version ${v.version}, submitted ${v.submittedAt}`);
      const answered = [v.answeredTitle, v.answeredPromptMd.trim()].filter(Boolean);
      if (answered.length) lines.push('', ANSWERED_PROMPT_LEAD, '', quoted(answered.join('\n\n')));
      lines.push('', v.text.trim());
      if (v.files.length) lines.push('', `Attached files: ${v.files.map((f) => f.name).join(', ')}`);
      lines.push('', `Feedback: ${feedbackLine(v)}`);
      if (v.feedbackMd.trim()) lines.push('', quoted(v.feedbackMd));
    }
    if (w.draft) lines.push('', `### ${draftHeading(w.draft)}`, '', w.draft.text.trim());
    if (!w.versions.length && !w.draft) lines.push('', NOTHING_WRITTEN);
  }
  return `${lines.join('\n')}\n`;
}
