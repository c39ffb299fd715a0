import QRCode from 'qrcode';
import { DateTime } from 'luxon';
import { formatSessionRange } from '../enrolment/session-dates';
import { createPdf, PDF_COLOURS, pdfToBuffer } from '../lib/pdf';
import type { CertificateRow } from './certificates.repository';
import { creditsLine } from './certificates.policy';

/** "ABCD-EFGH-JKMN-PQRS": the code in groups, easier to read aloud and type. */
export function displayCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

export function verifyUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/$/, '')}/verify/${code}`;
}

/** Every line of text the certificate prints, in order (also what tests read). */
export function certificateText(cert: CertificateRow, baseUrl: string): Record<string, string> {
  const zone = cert.time_zone;
  return {
    provider: cert.provider_name,
    title: 'Certificate of Completion',
    certifies: 'This certifies that',
    name: cert.learner_name,
    completed: 'has completed the course',
    course: cert.course_title,
    dates: `Session: ${formatSessionRange(cert.session_starts_at, cert.session_ends_at, zone)}`,
    credits: creditsLine(cert.contact_hours),
    completedOn: `Date of completion: ${DateTime.fromJSDate(cert.completed_at, { zone }).toFormat('d LLLL yyyy')}`,
    instructor: cert.instructor_name,
    instructorRole: 'Instructor',
    providerRole: 'Continuing education provider',
    codeLabel: 'Verification code',
    code: displayCode(cert.code),
    url: `Check this certificate at ${verifyUrl(baseUrl, cert.code)}`,
    reissued: cert.reissued_at ? `Re-issued ${DateTime.fromJSDate(cert.reissued_at, { zone }).toFormat('d LLLL yyyy')}` : '',
  };
}

/** The certificate as a one-page landscape PDF, with a QR code that opens the public verification page. */
export async function renderCertificatePdf(cert: CertificateRow, baseUrl: string): Promise<Buffer> {
  const t = certificateText(cert, baseUrl);
  const qr = await QRCode.toBuffer(verifyUrl(baseUrl, cert.code), { type: 'png', margin: 1, width: 220, errorCorrectionLevel: 'M' });
  const doc = createPdf({ title: `Certificate: ${cert.course_title}`, author: cert.provider_name, subject: `Certificate of completion for ${cert.learner_name}`, size: 'LETTER', layout: 'landscape', margin: 40 });
  const { width, height } = doc.page;
  // Everything is placed absolutely so the certificate can never run onto a second page.
  doc.page.margins.bottom = 0;
  const inner = width - 160;
  const centred = (text: string, y: number, font: 'body' | 'bold' | 'heading' | 'italic', size: number, colour: string = PDF_COLOURS.text) => {
    doc.font(font).fontSize(size).fillColor(colour).text(text, 80, y, { width: inner, align: 'center' });
  };

  doc.lineWidth(3).strokeColor(PDF_COLOURS.accent).rect(24, 24, width - 48, height - 48).stroke();
  doc.lineWidth(0.75).strokeColor(PDF_COLOURS.rule).rect(32, 32, width - 64, height - 64).stroke();

  centred(t.provider, 62, 'heading', 14, PDF_COLOURS.accent);
  centred(t.title, 88, 'heading', 30);
  centred(t.certifies, 142, 'italic', 13, PDF_COLOURS.muted);
  // A long name shrinks to stay on one line rather than pushing the rest down.
  let nameSize = 26;
  while (nameSize > 14 && doc.font('heading').fontSize(nameSize).widthOfString(t.name) > inner) nameSize -= 1;
  centred(t.name, 164, 'heading', nameSize);
  centred(t.completed, 206, 'italic', 13, PDF_COLOURS.muted);
  let courseSize = 18;
  while (courseSize > 12 && doc.font('bold').fontSize(courseSize).heightOfString(t.course, { width: inner }) > courseSize * 2.6) courseSize -= 1;
  centred(t.course, 228, 'bold', courseSize);
  const afterCourse = Math.max(doc.y + 10, 262);
  centred(t.dates, afterCourse, 'body', 13);
  centred(t.credits, afterCourse + 24, 'bold', 16, PDF_COLOURS.accent);
  centred(t.completedOn, afterCourse + 50, 'body', 13);

  const lineY = 470;
  doc.lineWidth(0.75).strokeColor(PDF_COLOURS.text).moveTo(90, lineY).lineTo(320, lineY).stroke();
  doc.font('bold').fontSize(12).fillColor(PDF_COLOURS.text).text(t.instructor, 90, lineY + 6, { width: 230, lineBreak: false });
  doc.font('body').fontSize(10).fillColor(PDF_COLOURS.muted).text(t.instructorRole, 90, lineY + 24, { width: 230, lineBreak: false });

  doc.lineWidth(0.75).strokeColor(PDF_COLOURS.text).moveTo(350, lineY).lineTo(520, lineY).stroke();
  doc.font('bold').fontSize(12).fillColor(PDF_COLOURS.text).text(t.provider, 350, lineY + 6, { width: 170, lineBreak: false, ellipsis: true });
  doc.font('body').fontSize(10).fillColor(PDF_COLOURS.muted).text(t.providerRole, 350, lineY + 24, { width: 170, lineBreak: false });

  const qrSize = 96;
  const qrX = width - 80 - qrSize;
  doc.image(qr, qrX, 380, { width: qrSize, height: qrSize });
  doc.font('body').fontSize(8).fillColor(PDF_COLOURS.muted).text(t.codeLabel, qrX + qrSize - 180, 482, { width: 180, align: 'right', lineBreak: false });
  doc.font('bold').fontSize(10).fillColor(PDF_COLOURS.text).text(t.code, qrX + qrSize - 180, 494, { width: 180, align: 'right', lineBreak: false });

  doc.font('body').fontSize(9).fillColor(PDF_COLOURS.muted).text(t.url, 80, height - 78, { width: inner, align: 'center', lineBreak: false });
  if (t.reissued) doc.text(t.reissued, 80, height - 64, { width: inner, align: 'center', lineBreak: false });
  return pdfToBuffer(doc);
}
