import QRCode from 'qrcode';
import { DateTime } from 'luxon';
import { formatSessionRange } from '../enrolment/session-dates';
import { createPdf, decoration, PDF_COLOURS, pdfToBuffer, tagged, type PdfRole } from '../lib/pdf';
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
    completedOn: `Date of issue: ${DateTime.fromJSDate(cert.completed_at, { zone }).toFormat('d LLLL yyyy')}`,
    instructor: cert.instructor_name,
    instructorRole: 'Instructor',
    providerRole: 'Continuing education provider',
    codeLabel: 'Verification code',
    code: displayCode(cert.code),
    url: `Check this certificate at ${verifyUrl(baseUrl, cert.code)}`,
    reissued: cert.reissued_at ? `Re-issued ${DateTime.fromJSDate(cert.reissued_at, { zone }).toFormat('d LLLL yyyy')}` : '',
    // Only an admin can still download a revoked certificate; the copy must not pass for a valid one.
    revoked: cert.revoked_at ? `REVOKED on ${DateTime.fromJSDate(cert.revoked_at, { zone }).toFormat('d LLLL yyyy')}: this certificate is no longer valid.` : '',
  };
}

/** What a screen reader says for the QR code, in place of the picture. */
export function qrDescription(code: string): string {
  return `QR code that opens the verification page for certificate ${code}`;
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
  const centred = (text: string, y: number, font: 'body' | 'bold' | 'heading' | 'italic', size: number, colour: string = PDF_COLOURS.text, role: PdfRole = 'P') => {
    doc.font(font).fontSize(size).fillColor(colour);
    tagged(doc, role, () => doc.text(text, 80, y, { width: inner, align: 'center' }));
  };
  // Long names shrink, down to a floor, rather than run into the line below: the provider's at
  // the top (at most two lines above the title), the learner's, and those on the signature lines.
  const fitted = (text: string, font: 'heading' | 'bold', from: number, to: number, within = inner) => {
    let size = from;
    while (size > to && doc.font(font).fontSize(size).widthOfString(text) > within) size -= 1;
    return size;
  };
  const lineY = 470;
  // A name over its role on a signature line. One too long even at 8 pt wraps, with the role below
  // it, and past three lines ends in "…" (the provider's name is printed whole at the top).
  const signature = (x: number, width: number, name: string, role: string) => {
    decoration(doc, () => doc.lineWidth(0.75).strokeColor(PDF_COLOURS.text).moveTo(x, lineY).lineTo(x + width, lineY).stroke());
    doc.font('bold').fontSize(fitted(name, 'bold', 12, 8, width)).fillColor(PDF_COLOURS.text);
    const nameHeight = Math.min(doc.heightOfString(name, { width }), doc.currentLineHeight(true) * 3);
    tagged(doc, 'P', () => doc.text(name, x, lineY + 6, { width, height: nameHeight, ellipsis: true }));
    doc.font('body').fontSize(10).fillColor(PDF_COLOURS.muted);
    tagged(doc, 'P', () => doc.text(role, x, lineY + 8 + nameHeight, { width, lineBreak: false }));
  };

  decoration(doc, () => {
    doc.lineWidth(3).strokeColor(PDF_COLOURS.accent).rect(24, 24, width - 48, height - 48).stroke();
    doc.lineWidth(0.75).strokeColor(PDF_COLOURS.rule).rect(32, 32, width - 64, height - 64).stroke();
  });

  if (t.revoked) centred(t.revoked, 42, 'bold', 11, PDF_COLOURS.danger);
  centred(t.provider, 62, 'heading', fitted(t.provider, 'heading', 14, 9), PDF_COLOURS.accent);
  centred(t.title, 88, 'heading', 30, PDF_COLOURS.text, 'H1');
  centred(t.certifies, 142, 'italic', 13, PDF_COLOURS.muted);
  centred(t.name, 164, 'heading', fitted(t.name, 'heading', 26, 14));
  centred(t.completed, 206, 'italic', 13, PDF_COLOURS.muted);
  let courseSize = 18;
  while (courseSize > 12 && doc.font('bold').fontSize(courseSize).heightOfString(t.course, { width: inner }) > courseSize * 2.6) courseSize -= 1;
  centred(t.course, 228, 'bold', courseSize);
  const afterCourse = Math.max(doc.y + 10, 262);
  centred(t.dates, afterCourse, 'body', 13);
  centred(t.credits, afterCourse + 24, 'bold', 16, PDF_COLOURS.accent);
  centred(t.completedOn, afterCourse + 50, 'body', 13);

  signature(90, 230, t.instructor, t.instructorRole);
  signature(350, 170, t.provider, t.providerRole);

  const qrSize = 96;
  const qrX = width - 80 - qrSize;
  tagged(doc, 'Figure', () => doc.image(qr, qrX, 380, { width: qrSize, height: qrSize }), { alt: qrDescription(t.code) });
  const codeBox = { x: qrX + qrSize - 180, width: 180, align: 'right', lineBreak: false } as const;
  doc.font('body').fontSize(8).fillColor(PDF_COLOURS.muted);
  tagged(doc, 'P', () => doc.text(t.codeLabel, codeBox.x, 482, codeBox));
  doc.font('bold').fontSize(10).fillColor(PDF_COLOURS.text);
  tagged(doc, 'P', () => doc.text(t.code, codeBox.x, 494, codeBox));

  doc.font('body').fontSize(9).fillColor(PDF_COLOURS.muted);
  tagged(doc, 'P', () => doc.text(t.url, 80, height - 78, { width: inner, align: 'center', lineBreak: false }));
  if (t.reissued) tagged(doc, 'P', () => doc.text(t.reissued, 80, height - 64, { width: inner, align: 'center', lineBreak: false }));
  return pdfToBuffer(doc);
}
