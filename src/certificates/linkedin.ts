import { DateTime } from 'luxon';
import { displayCode, verifyUrl } from './certificate.pdf';
import type { CertificateRow } from './certificates.repository';

/**
 * LinkedIn's "Add to profile" form for a certification, filled in from the certificate: the
 * course, the provider, the month it was issued (in its session's time zone), its code and the
 * page that verifies it. The learner checks it and saves it there; nothing is sent before.
 */
export function linkedInAddUrl(cert: Pick<CertificateRow, 'course_title' | 'provider_name' | 'issued_at' | 'time_zone' | 'code'>, baseUrl: string): string {
  const issued = DateTime.fromJSDate(cert.issued_at, { zone: cert.time_zone });
  const query = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: cert.course_title,
    organizationName: cert.provider_name,
    issueYear: String(issued.year),
    issueMonth: String(issued.month),
    certUrl: verifyUrl(baseUrl, cert.code),
    certId: displayCode(cert.code),
  });
  return `https://www.linkedin.com/profile/add?${query}`;
}
