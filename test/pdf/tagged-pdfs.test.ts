import { certificateText, qrDescription, renderCertificatePdf, type CertificateRow } from '../../src/certificates';
import { renderToolkitPdf, type ToolkitPdfData } from '../../src/toolkit';
import { headingLevelsAreSound, headingsOf, overlappingRuns, readTaggedPdf } from '../helpers/tagged-pdf';

// Tagged PDFs: a screen reader reads the learner's toolkit and certificate in order, with their
// headings and lists, says what the QR code is, and skips page numbers and borders.

const longEntry = `When the day has been heavy: ${'a slow walk round the block, then tea, and ten minutes with the door shut. '.repeat(40)}The end.`;
const toolkit: ToolkitPdfData = {
  learnerName: 'Tom & Jo <Reader>',
  courseTitle: 'Overcoming Compassion Fatigue in Library Work',
  sessionTitle: '4 May – 31 May 2026',
  exportedOn: '29 November 2026',
  sections: [
    {
      title: 'Early warning signs',
      week: 1,
      prompt: 'What tells you work takes more than it gives?',
      entries: [{ body: 'Replaying desk conversations at night' }, { body: longEntry }, { body: 'Dreading the phone', writtenFor: 'Written for the earlier prompt: What wears you down?' }],
    },
    { title: 'Boundaries', week: 3, prompt: 'What will you say no to?', entries: [] },
    { title: 'People to call', week: 4, prompt: 'Who helps?', entries: Array.from({ length: 30 }, (_, i) => ({ body: `Entry ${i + 1}: my sister, on Sundays.` })) },
  ],
};

describe('the toolkit PDF, read by a screen reader', () => {
  let pdf: Awaited<ReturnType<typeof readTaggedPdf>>;
  beforeAll(async () => {
    pdf = await readTaggedPdf(await renderToolkitPdf(toolkit));
  });

  it('is a tagged PDF in English whose every word sits in its structure, page numbers aside', () => {
    expect(pdf.marked).toBe(true);
    expect(pdf.lang).toBe('en');
    expect(pdf.untagged).toEqual([]);
    expect(pdf.artifacts.filter((t) => /^Page \d+ of \d+$/.test(t)).length).toBeGreaterThan(2);
    expect(pdf.elements.some((e) => /Page \d+ of/.test(e.text))).toBe(false);
  });

  it('has the title as its one heading of the first level, and a second-level heading for each section', () => {
    expect(headingsOf(pdf)).toEqual(['H1 My resilience toolkit', 'H2 Early warning signs', 'H2 Boundaries', 'H2 People to call']);
    expect(headingLevelsAreSound(pdf)).toBe(true);
  });

  it('gives each section’s entries as a numbered list, one item each, even one that runs onto the next page, with what an entry was written for in its item', () => {
    const bodyOf = (entry: ToolkitPdfData['sections'][number]['entries'][number]) => [entry.body, entry.writtenFor ?? ''].join(' ').replace(/\s+/g, ' ').trim();
    const expected = toolkit.sections.flatMap((s) => s.entries.map((entry, i) => ({ label: `${i + 1}.`, body: bodyOf(entry) })));
    expect(expected[2].body).toBe('Dreading the phone Written for the earlier prompt: What wears you down?');
    expect(pdf.listItems).toEqual(expected);
    const longOne = pdf.elements.filter((e) => e.role === 'LBody' && (e.text.startsWith('When the day') || e.text.endsWith('The end.')));
    expect(new Set(longOne.map((e) => e.page)).size).toBe(2);
    expect(pdf.elements.find((e) => e.text === 'Nothing here yet.')?.role).toBe('P');
  });

  it('keeps a name with & and < whole in the title, in the info and in the XMP metadata', () => {
    expect(pdf.title).toBe('Resilience toolkit of Tom & Jo <Reader>');
    expect(pdf.xmpTitle).toBe('Resilience toolkit of Tom & Jo <Reader>');
    expect(pdf.elements.find((e) => e.text === 'Tom & Jo <Reader>')?.role).toBe('P');
  });

  it('leaves out of the XMP metadata a character XML cannot hold, keeping the rest', async () => {
    const bell = await readTaggedPdf(await renderToolkitPdf({ ...toolkit, learnerName: 'Tom\u0007 & Jo' }));
    expect(bell.title).toBe('Resilience toolkit of Tom\u0007 & Jo');
    expect(bell.xmpTitle).toBe('Resilience toolkit of Tom & Jo');
  });
});

describe('the certificate PDF, read by a screen reader', () => {
  const cert: CertificateRow = {
    id: 1,
    code: 'ABCDEFGHJKMNPQRS',
    enrolment_id: 1,
    user_id: 1,
    course_id: 1,
    course_session_id: 1,
    learner_name: 'Zoë Ångström',
    course_title: 'Overcoming Compassion Fatigue in Library Work',
    session_starts_at: new Date('2026-05-04T08:00:00Z'),
    session_ends_at: new Date('2026-05-31T20:00:00Z'),
    time_zone: 'Europe/London',
    contact_hours: 15,
    provider_name: 'Northern Library Learning',
    instructor_name: 'Helen Rimmer',
    completion_kind: 'rules',
    completed_at: new Date('2026-05-30T10:00:00Z'),
    issued_at: new Date('2026-05-30T10:00:00Z'),
    reissued_at: new Date('2026-06-02T10:00:00Z'),
    revoked_at: null,
    revoked_reason: null,
    retain_until: new Date('2033-05-30T10:00:00Z'),
  };

  it('reads every line in the order it prints, the title as its heading, and describes the QR code', async () => {
    const pdf = await readTaggedPdf(await renderCertificatePdf(cert, 'https://learn.example.org'));
    expect(pdf.marked).toBe(true);
    expect(pdf.untagged).toEqual([]);
    const t = certificateText(cert, 'https://learn.example.org');
    const printed = [t.provider, t.title, t.certifies, t.name, t.completed, t.course, t.dates, t.credits, t.completedOn, t.instructor, t.instructorRole, t.provider, t.providerRole, '', t.codeLabel, t.code, t.url, t.reissued];
    expect(pdf.elements.map((e) => e.text)).toEqual(printed);
    expect(headingsOf(pdf)).toEqual(['H1 Certificate of Completion']);
    expect(pdf.elements[13]).toMatchObject({ role: 'Figure', alt: qrDescription('ABCD-EFGH-JKMN-PQRS') });
    expect(qrDescription('ABCD-EFGH-JKMN-PQRS')).toContain('ABCD-EFGH-JKMN-PQRS');
  });

  it('keeps long names on the signature lines clear of the words under them', async () => {
    const names = [
      { instructor_name: 'Helen Rimmer', provider_name: 'The Kind Brave Leader' },
      { instructor_name: 'Dr Alexandra Montgomery-Fitzwilliam', provider_name: 'Northern Library Learning' },
      { instructor_name: 'Helen Rimmer', provider_name: 'Northern Ireland Library Authority, Continuing Education and Training Unit' },
      { instructor_name: 'Helen Rimmer', provider_name: 'The Northern Ireland Library Authority Continuing Education and Training Unit for Public, Academic and School Library Staff and Volunteers in Every County' },
    ];
    const printed = [];
    for (const n of names) {
      const pdf = await readTaggedPdf(await renderCertificatePdf({ ...cert, ...n }, 'https://learn.example.org'));
      expect(overlappingRuns(pdf)).toEqual([]);
      expect(pdf.elements.map((e) => e.text)).toContain('Continuing education provider');
      printed.push({
        instructorOnOneLine: pdf.runs.some((r) => r.text === n.instructor_name),
        providerOnOneLine: pdf.runs.filter((r) => r.text === n.provider_name).length, // at the top and on its line
        providerWhole: pdf.elements.filter((e) => e.text === n.provider_name).length,
        cutShort: pdf.elements.some((e) => e.text.endsWith('…')),
      });
    }
    expect(printed).toEqual([
      { instructorOnOneLine: true, providerOnOneLine: 2, providerWhole: 2, cutShort: false },
      { instructorOnOneLine: true, providerOnOneLine: 2, providerWhole: 2, cutShort: false }, // shrunk to fit
      { instructorOnOneLine: true, providerOnOneLine: 1, providerWhole: 2, cutShort: false }, // wrapped under the line
      { instructorOnOneLine: true, providerOnOneLine: 0, providerWhole: 1, cutShort: true }, // whole only at the top; cut short with "…" on its line
    ]);
  });
});
