import { DateTime } from 'luxon';
import { ceusOf, certificatesOfUser, displayCode, verifyUrl } from '../certificates';
import type { Db } from '../db';
import { formatSessionRange } from '../enrolment/session-dates';
import { createPdf, heading, paragraph, pdfToBuffer, rule, addPageNumbers, PDF_COLOURS } from '../lib/pdf';

export interface TranscriptEntry {
  courseTitle: string;
  provider: string;
  dates: string;
  completedOn: string;
  contactHours: number;
  ceus: string;
  code: string;
  verifyUrl: string;
}

export interface Transcript {
  name: string;
  entries: TranscriptEntry[];
  totalHours: number;
  totalCeus: string;
}

/** Every course the user completed (certificates not revoked), newest first, with hours and CEUs. */
export async function transcriptOf(db: Db, user: { id: number; name: string }, baseUrl: string): Promise<Transcript> {
  const certs = (await certificatesOfUser(db, user.id)).filter((c) => !c.revoked_at);
  const entries = certs.map((c) => ({
    courseTitle: c.course_title,
    provider: c.provider_name,
    dates: formatSessionRange(c.session_starts_at, c.session_ends_at, c.time_zone),
    completedOn: DateTime.fromJSDate(c.completed_at, { zone: c.time_zone }).toFormat('d LLLL yyyy'),
    contactHours: c.contact_hours,
    ceus: ceusOf(c.contact_hours),
    code: displayCode(c.code),
    verifyUrl: verifyUrl(baseUrl, c.code),
  }));
  const totalHours = entries.reduce((sum, e) => sum + e.contactHours, 0);
  return { name: user.name, entries, totalHours, totalCeus: ceusOf(totalHours) };
}

/** The transcript as a printable PDF: one block per completed course. */
export async function renderTranscriptPdf(t: Transcript, now = new Date()): Promise<Buffer> {
  const doc = createPdf({ title: `Transcript: ${t.name}`, author: 'Kindred', subject: 'Continuing education transcript', size: 'LETTER' });
  heading(doc, 'Continuing education transcript', 1);
  paragraph(doc, t.name, { font: 'bold', size: 14 });
  paragraph(doc, `Prepared ${DateTime.fromJSDate(now).toUTC().toFormat('d LLLL yyyy')}. Each certificate can be checked at its verification address.`, { colour: PDF_COLOURS.muted, size: 10 });
  rule(doc);
  if (!t.entries.length) paragraph(doc, 'No completed courses yet.');
  for (const e of t.entries) {
    heading(doc, e.courseTitle, 2);
    paragraph(doc, `Provider: ${e.provider}`);
    paragraph(doc, `Session: ${e.dates}. Completed ${e.completedOn}.`);
    paragraph(doc, `Credits: ${e.ceus} CEUs, ${e.contactHours} contact hours`);
    paragraph(doc, `Certificate ${e.code}: ${e.verifyUrl}`, { size: 9, colour: PDF_COLOURS.muted });
    doc.moveDown(0.5);
  }
  rule(doc);
  paragraph(doc, `Total: ${t.totalCeus} CEUs, ${t.totalHours} contact hours`, { font: 'bold' });
  addPageNumbers(doc);
  return pdfToBuffer(doc);
}
