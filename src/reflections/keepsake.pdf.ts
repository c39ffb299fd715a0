import { addPageNumbers, coverPage, createPdf, heading, keepTogether, paragraph, PDF_COLOURS, pdfToBuffer, rule } from '../lib/pdf';
import { ANSWERED_PROMPT_LEAD, draftHeading, feedbackLine, NOTHING_WRITTEN, type KeepsakeView } from './keepsake.presenter';

/** The learner's reflections as a PDF: a cover, then each week's exercise, versions and feedback, with page numbers. */
export async function renderKeepsakePdf(k: KeepsakeView, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = createPdf({ title: `Reflections of ${k.learnerName}`, author: k.learnerName, subject: k.courseTitle, compress: opts.compress });
  coverPage(doc, { title: 'My reflections', owner: k.learnerName, from: k.courseTitle, details: [k.sessionTitle, `Saved from Kindred on ${k.exportedOn}`] });
  for (const w of k.weeks) {
    doc.addPage();
    heading(doc, w.heading, 2);
    paragraph(doc, w.promptText, { font: 'italic', size: 10, colour: PDF_COLOURS.muted });
    rule(doc);
    for (const v of w.versions) {
      heading(doc, `Version ${v.version}, submitted ${v.submittedAt}`, 3);
      const answered = [v.answeredTitle, v.answeredPromptText].filter(Boolean);
      if (answered.length) paragraph(doc, `${ANSWERED_PROMPT_LEAD} ${answered.join('\n')}`, { font: 'italic', size: 10, colour: PDF_COLOURS.muted });
      paragraph(doc, v.text.trim());
      if (v.files.length) paragraph(doc, `Attached files: ${v.files.map((f) => f.name).join(', ')}`, { size: 10, colour: PDF_COLOURS.muted });
      keepTogether(doc, 60);
      doc.moveDown(0.3);
      paragraph(doc, `Feedback: ${feedbackLine(v)}`, { font: 'bold', size: 10, colour: PDF_COLOURS.accent });
      if (v.feedbackText) paragraph(doc, v.feedbackText, { indent: 14 });
      doc.moveDown(0.6);
    }
    if (w.draft) {
      heading(doc, draftHeading(w.draft), 3);
      paragraph(doc, w.draft.text.trim());
    }
    if (!w.versions.length && !w.draft) paragraph(doc, NOTHING_WRITTEN, { font: 'italic', colour: PDF_COLOURS.muted });
  }
  addPageNumbers(doc, { firstPage: 1 });
  return pdfToBuffer(doc);
}
