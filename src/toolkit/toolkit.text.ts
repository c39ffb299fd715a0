import type { ToolkitPdfData } from './toolkit.pdf';

/** Continuation lines of an entry sit under its text, past the "12. " of its number. */
const indented = (text: string, by: number) => text.split(/\r?\n/).join(`\n${' '.repeat(by)}`);

/**
 * The learner's toolkit as plain text, to keep in their own notes and go on writing in: the same
 * sections and entries as the PDF, readable in any editor (and as Markdown).
 */
export function renderToolkitText(data: ToolkitPdfData): string {
  const lines = [
    '# My resilience toolkit',
    '',
    data.learnerName,
    `${data.courseTitle} · ${data.sessionTitle}`,
    `Saved from Kindred on ${data.exportedOn}`,
  ];
  for (const section of data.sections) {
    lines.push('', '', `## ${section.title}`, '', `Week ${section.week} · ${section.prompt}`, '');
    if (!section.entries.length) lines.push('Nothing here yet.');
    section.entries.forEach((entry, i) => {
      const number = `${i + 1}. `;
      lines.push(`${number}${indented(entry.body.trim(), number.length)}`);
      if (entry.writtenFor) lines.push(`${' '.repeat(number.length)}${indented(entry.writtenFor, number.length)}`);
    });
  }
  return `${lines.join('\n')}\n`;
}
