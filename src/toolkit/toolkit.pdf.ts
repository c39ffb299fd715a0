import { addPageNumbers, coverPage, createPdf, heading, keepTogether, paragraph, PDF_COLOURS, pdfToBuffer, rule, tagged } from '../lib/pdf';

export interface ToolkitPdfEntry {
  body: string;
  /** "Written for the earlier prompt: …" when the section was reworded since the entry was written. */
  writtenFor?: string;
}

export interface ToolkitPdfSection {
  title: string;
  week: number;
  prompt: string;
  entries: ToolkitPdfEntry[];
}

export interface ToolkitPdfData {
  learnerName: string;
  courseTitle: string;
  sessionTitle: string;
  /** The export date as the learner reads it, e.g. "29 November 2026". */
  exportedOn: string;
  sections: ToolkitPdfSection[];
}

/** The learner's toolkit as a PDF: a title page, then each section under a clear heading, with page numbers and embedded fonts. */
export async function renderToolkitPdf(data: ToolkitPdfData, opts: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = createPdf({
    title: `Resilience toolkit of ${data.learnerName}`,
    author: data.learnerName,
    subject: data.courseTitle,
    compress: opts.compress,
  });
  coverPage(doc, { title: 'My resilience toolkit', owner: data.learnerName, from: data.courseTitle, details: [data.sessionTitle, `Saved from Kindred on ${data.exportedOn}`] });
  doc.addPage();
  for (const [i, section] of data.sections.entries()) {
    if (i > 0) doc.moveDown(1.2);
    sectionBlock(doc, section);
  }
  addPageNumbers(doc, { firstPage: 1 });
  return pdfToBuffer(doc);
}

function sectionBlock(doc: PDFKit.PDFDocument, section: ToolkitPdfSection): void {
  heading(doc, section.title, 2);
  paragraph(doc, `Week ${section.week} · ${section.prompt}`, { font: 'italic', size: 10, colour: PDF_COLOURS.muted });
  rule(doc);
  if (!section.entries.length) {
    paragraph(doc, 'Nothing here yet.', { font: 'italic', colour: PDF_COLOURS.muted });
    return;
  }
  // A numbered list, so a screen reader says how many entries there are and which one it reads.
  const list = tagged(doc, 'L');
  for (const [i, entry] of section.entries.entries()) {
    keepTogether(doc, 40);
    const item = tagged(doc, 'LI', undefined, { parent: list });
    const y = doc.y;
    doc.font('bold').fontSize(10).fillColor(PDF_COLOURS.accent);
    tagged(doc, 'Lbl', () => doc.text(`${i + 1}.`, doc.page.margins.left, y, { width: 20 }), { parent: item });
    doc.y = y;
    paragraph(doc, entry.body, { indent: 22, role: 'LBody', parent: item });
    if (entry.writtenFor) paragraph(doc, entry.writtenFor, { indent: 22, role: 'LBody', parent: item, font: 'italic', size: 10, colour: PDF_COLOURS.muted });
    doc.moveDown(0.3);
  }
}
