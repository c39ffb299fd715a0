import { Router, type Request, type Response } from 'express';
import { requireRole } from '../auth';
import type { Db } from '../db';
import { sendCsv, toCsv } from '../lib/csv';
import { formatInZone, lastOpenDay } from '../lib/dates';
import { fieldErrors } from '../lib/forms';
import { withQuery } from '../lib/http';
import { countOf } from '../lib/wording';
import { verifyUrl } from './certificate.pdf';
import { ceusOf } from './certificates.policy';
import { summary } from './certificates.presenter';
import { CertificateListQuery } from './certificates.schemas';
import { listRegister, listRegisterPage, registerTotals, type RegisterFilter, type RegisterTotals } from './register.repository';

const PAGE = 50;

/** "12 certificates: 11 valid, worth 16.5 CEUs (165 contact hours / PDHs); 1 revoked." */
export function totalsInWords(t: RegisterTotals): string {
  if (!t.found) return '';
  const valid = t.found - t.revoked;
  const worth = valid ? `, worth ${ceusOf(t.validHours)} CEUs (${countOf(t.validHours, 'contact hour', 'contact hours')} / PDHs)` : '';
  const revoked = t.revoked ? `; ${t.revoked} revoked` : '';
  return `${countOf(t.found, 'certificate', 'certificates')}: ${valid} valid${worth}${revoked}.`;
}

const day = (d: Date, zone: string) => formatInZone(d, zone, 'yyyy-MM-dd');

/** The register as a spreadsheet: one line per certificate, dates in its session's time zone. */
function registerCsv(rows: Awaited<ReturnType<typeof listRegister>>, baseUrl: string): string {
  return toCsv([
    ['Code', 'Name', 'Course', 'Provider', 'Instructor', 'Session start', 'Session end', 'Time zone', 'Completed', 'Completion', 'Issued', 'Contact hours / PDHs', 'CEUs', 'Status', 'Revoked', 'Reason for revoking', 'Verify at'],
    ...rows.map((c) => [
      c.code,
      c.learner_name,
      c.course_title,
      c.provider_name,
      c.instructor_name,
      day(c.session_starts_at, c.time_zone),
      // The last day, as the certificate prints the session: it ends at the midnight that closes it.
      lastOpenDay(c.session_ends_at, c.time_zone, 'yyyy-MM-dd'),
      c.time_zone,
      day(c.completed_at, c.time_zone),
      c.completion_kind === 'manual' ? 'Marked complete by an admin' : 'Completion rules met',
      day(c.issued_at, c.time_zone),
      c.contact_hours,
      ceusOf(c.contact_hours),
      c.revoked_at ? 'Revoked' : 'Valid',
      c.revoked_at ? day(c.revoked_at, c.time_zone) : '',
      c.revoked_reason ?? '',
      verifyUrl(baseUrl, c.code),
    ]),
  ]);
}

/**
 * The certificates register: every certificate, found by words or by the days of completion,
 * with what they add up to, a page at a time; and the same as a CSV file for an accreditor's
 * audit or the provider's books.
 */
export function certificateRegisterRouter(deps: { db: Db; baseUrl: string }): Router {
  const router = Router();
  router.use(['/admin/certificates', '/admin/certificates.csv'], requireRole('admin'));

  const readFilter = (req: Request) => {
    const parsed = CertificateListQuery.safeParse(req.query);
    const kept = { q: String(req.query.q ?? '').slice(0, 120), from: String(req.query.from ?? '').slice(0, 10), to: String(req.query.to ?? '').slice(0, 10) };
    if (!parsed.success) return { ok: false as const, kept, errors: fieldErrors(parsed.error) };
    const { q, from, to, after } = parsed.data;
    return { ok: true as const, kept, filter: { text: q ?? '', from, to } satisfies RegisterFilter, after };
  };

  const renderList = async (res: Response, status: number, locals: Record<string, unknown>) =>
    res.status(status).render('certificates/admin-list', { title: 'Certificates', certificates: [], totals: '', errors: {}, nextPage: undefined, firstPage: undefined, csvLink: '', ...locals });

  router.get('/admin/certificates', async function showRegister(req, res) {
    const read = readFilter(req);
    if (!read.ok) return renderList(res, 422, { values: read.kept, errors: read.errors });
    const [rows, totals] = await Promise.all([listRegisterPage(deps.db, read.filter, { after: read.after, limit: PAGE + 1 }), registerTotals(deps.db, read.filter)]);
    const page = rows.slice(0, PAGE);
    const filterQuery = { q: read.kept.q || undefined, from: read.filter.from, to: read.filter.to };
    await renderList(res, 200, {
      values: read.kept,
      certificates: page.map(summary),
      totals: totalsInWords(totals),
      nextPage: rows.length > PAGE ? withQuery('/admin/certificates', { ...filterQuery, after: page[page.length - 1].id }) : undefined,
      firstPage: read.after ? withQuery('/admin/certificates', filterQuery) : undefined,
      csvLink: withQuery('/admin/certificates.csv', filterQuery),
    });
  });

  router.get('/admin/certificates.csv', async function downloadRegister(req, res) {
    const read = readFilter(req);
    if (!read.ok) return renderList(res, 422, { values: read.kept, errors: read.errors });
    sendCsv(res, 'certificates.csv', registerCsv(await listRegister(deps.db, read.filter), deps.baseUrl));
  });

  return router;
}
