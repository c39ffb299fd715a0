import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { renderCertificatePdf, type CertificateRow } from '../src/certificates';
import { renderToolkitPdf, type ToolkitPdfData } from '../src/toolkit';
import type { SeedResult } from './seed-large';

export interface PdfTiming {
  status: 'measured' | 'failed';
  median_ms?: number;
  bytes?: number;
  pages?: number;
  note?: string;
}

export const PDF_RUNS = 20;

async function medianOf(make: () => Promise<Buffer>): Promise<PdfTiming> {
  try {
    const times: number[] = [];
    let last: Buffer = Buffer.alloc(0);
    for (let i = 0; i < PDF_RUNS; i++) {
      const t = performance.now();
      last = await make();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const pages = (last.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    return { status: 'measured', median_ms: (times[9] + times[10]) / 2, bytes: last.length, pages };
  } catch (err) {
    return { status: 'failed', note: String((err as Error).message ?? err).slice(0, 200) };
  }
}

/** The benchmark learner's toolkit (50 entries) as the export route gives it to the PDF. */
async function toolkitData(db: Knex, seed: SeedResult): Promise<ToolkitPdfData> {
  const user = await db('users').where({ id: seed.learner.userId }).first('name');
  const session = await db('course_sessions').where({ id: seed.sessionId }).first('title', 'course_id');
  const course = await db('courses').where({ id: session.course_id }).first('title');
  const rows: { section_id: number; title: string; prompt: string; week: number; body: string | null }[] = await db('toolkit_sections as s')
    .join('course_modules as m', 'm.id', 's.course_module_id')
    .leftJoin('toolkit_entries as e', function entriesOfLearner() {
      this.on('e.toolkit_section_id', 's.id').andOnVal('e.enrolment_id', seed.learner.enrolmentId);
    })
    .where('m.course_id', session.course_id)
    .orderBy([{ column: 'm.week' }, { column: 's.position' }, { column: 'e.position' }])
    .select('s.id as section_id', 's.title', 's.prompt', 'm.week', 'e.body');
  const sections = new Map<number, ToolkitPdfData['sections'][number]>();
  for (const r of rows) {
    const section = sections.get(r.section_id) ?? { title: r.title, week: r.week, prompt: r.prompt, entries: [] };
    if (r.body) section.entries.push({ body: r.body });
    sections.set(r.section_id, section);
  }
  return {
    learnerName: user.name,
    courseTitle: course.title,
    sessionTitle: session.title,
    exportedOn: DateTime.now().toFormat('d LLLL yyyy'),
    sections: [...sections.values()],
  };
}

/** Generation time of the 50-entry toolkit PDF and of the certificate PDF, median of 20 each. */
export async function measurePdfs(db: Knex, seed: SeedResult): Promise<{ toolkit: PdfTiming & { entries?: number }; certificate: PdfTiming }> {
  const data = await toolkitData(db, seed);
  const entries = data.sections.reduce((n, s) => n + s.entries.length, 0);
  const toolkit = { ...(await medianOf(() => renderToolkitPdf(data))), entries };
  const cert: CertificateRow | undefined = seed.certificateCode ? await db('certificates').where({ code: seed.certificateCode }).first() : undefined;
  const certificate = cert ? await medianOf(() => renderCertificatePdf(cert, 'http://127.0.0.1')) : { status: 'failed' as const, note: 'no certificate seeded' };
  return { toolkit, certificate };
}
