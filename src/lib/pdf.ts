import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { projectRoot } from './paths';

/** Font roles every Kindred PDF can use; each is a TrueType file embedded (subset) in the PDF. */
export type PdfFont = 'body' | 'italic' | 'bold' | 'heading';

export const fontsDir = path.join(projectRoot, 'assets', 'fonts');

/** DejaVu (Bitstream Vera licence, see assets/fonts/DejaVu-LICENSE.txt): wide Unicode coverage, so names and quotes in any Latin, Greek or Cyrillic script print. */
export const FONT_FILES: Record<PdfFont, string> = {
  body: path.join(fontsDir, 'DejaVuSerif.ttf'),
  italic: path.join(fontsDir, 'DejaVuSerif-Italic.ttf'),
  bold: path.join(fontsDir, 'DejaVuSans-Bold.ttf'),
  heading: path.join(fontsDir, 'DejaVuSans-Bold.ttf'),
};

/** The parsed font, as fontkit (PDFKit's font engine) gives it; PDFKit accepts it as a font source. */
interface ParsedFont {
  layout(text: string): unknown;
}

// Parsing a TrueType file costs far more than laying out a whole toolkit, so each font is
// parsed once per process and shared: PDFKit makes a fresh subset of it for every document.
const parsedFonts = new Map<string, ParsedFont>();
function parsedFont(font: PdfFont): PDFKit.Mixins.PDFFontSource {
  let parsed = parsedFonts.get(FONT_FILES[font]);
  if (!parsed) {
    // fontkit is PDFKit's own dependency; resolve it from there so both use the same copy.
    const fontkit = createRequire(require.resolve('pdfkit'))('fontkit') as { create(data: Uint8Array): ParsedFont };
    parsed = fontkit.create(fs.readFileSync(FONT_FILES[font]));
    parsedFonts.set(FONT_FILES[font], parsed);
  }
  // The PDFKit typings list only files and buffers, though PDFKit takes a parsed font as well.
  return parsed as unknown as PDFKit.Mixins.PDFFontSource;
}

export const PDF_COLOURS = { text: '#1f2328', muted: '#57606a', accent: '#2f5d50', rule: '#c9d1d9', danger: '#a40e26' } as const;

export interface CreatePdfOptions {
  title: string;
  author?: string;
  subject?: string;
  lang?: string;
  size?: string;
  layout?: 'portrait' | 'landscape';
  margin?: number;
  /** Tests may turn compression off to read the content streams; production leaves it on. */
  compress?: boolean;
}

/** Where each document's tagged content goes: its `Document` structure element, in reading order. */
const documentStructure = new WeakMap<PDFKit.PDFDocument, PDFKit.PDFStructureElement>();

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const INFO_IN_XMP = ['Title', 'Author', 'Subject'] as const;
type InfoForXmp = Partial<Record<(typeof INFO_IN_XMP)[number], string>>;

/**
 * PDFKit copies the title, author and subject into the XMP metadata without escaping them, so a
 * learner called "Tom & Jo" would get malformed XML. They are escaped, and control characters
 * (some of which XML cannot hold at all) left out, just before that copy is made: the document's
 * info dictionary has been written by then, with the text as it is.
 */
function escapeInfoInXmp(doc: PDFKit.PDFDocument): void {
  const pdf = doc as unknown as { _addInfo(): void; info: InfoForXmp };
  const addInfo = pdf._addInfo.bind(pdf);
  pdf._addInfo = () => {
    for (const key of INFO_IN_XMP) {
      pdf.info[key] = pdf.info[key]?.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]).replace(/\p{Cc}/gu, '');
    }
    addInfo();
  };
}

/**
 * A PDFKit document with Kindred's embedded fonts registered under the roles of `PdfFont`,
 * `body` selected, pages buffered (so `addPageNumbers` can run at the end) and metadata set.
 * It is a tagged PDF, so screen readers read it in order with its headings, lists and the
 * QR code's description: write its text through `heading`, `paragraph` and `tagged`, and draw
 * what means nothing by itself (rules, borders, page numbers) through `decoration`.
 */
export function createPdf(opts: CreatePdfOptions): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    pdfVersion: '1.7',
    tagged: true,
    size: opts.size ?? 'A4',
    layout: opts.layout ?? 'portrait',
    margin: opts.margin ?? 64,
    bufferPages: true,
    compress: opts.compress ?? true,
    lang: opts.lang ?? 'en',
    displayTitle: true,
    // A TrueType default keeps PDFKit from loading (and referencing) the non-embedded Helvetica.
    font: parsedFont('body') as string,
    info: { Title: opts.title, Author: opts.author ?? '', Subject: opts.subject ?? '', Creator: 'Kindred', Producer: 'Kindred' },
  });
  for (const font of Object.keys(FONT_FILES) as PdfFont[]) doc.registerFont(font, parsedFont(font));
  doc.font('body').fontSize(11).fillColor(PDF_COLOURS.text);
  escapeInfoInXmp(doc);
  const root = doc.struct('Document');
  doc.addStructure(root);
  documentStructure.set(doc, root);
  return doc;
}

export type PdfRole = 'H1' | 'H2' | 'H3' | 'P' | 'L' | 'LI' | 'Lbl' | 'LBody' | 'Figure';

/**
 * Adds a structure element of `role` under `parent` (the document by default) and tags what
 * `draw` writes as its content, in reading order. Without `draw` it is a container (a list, a
 * list item) for the elements added to it.
 */
export function tagged(doc: PDFKit.PDFDocument, role: PdfRole, draw?: () => void, opts: { parent?: PDFKit.PDFStructureElement; alt?: string } = {}): PDFKit.PDFStructureElement {
  const element = doc.struct(role, opts.alt ? { alt: opts.alt } : {}, draw ? [draw] : undefined);
  (opts.parent ?? documentStructure.get(doc)!).add(element);
  return element;
}

/** Draws something that says nothing by itself (a rule, a border, a page number) as an artifact, which screen readers pass over. */
export function decoration(doc: PDFKit.PDFDocument, draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

const HEADING_SIZES = { 1: 22, 2: 16, 3: 13 } as const;

/** Starts a new page first when less than `space` points are left, so a heading never sits alone at the foot of a page. */
export function keepTogether(doc: PDFKit.PDFDocument, space: number): void {
  if (doc.y + space > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** A heading in the heading font; levels 1–3. Adds a PDF outline entry for levels 1 and 2. */
export function heading(doc: PDFKit.PDFDocument, text: string, level: 1 | 2 | 3 = 2): void {
  const size = HEADING_SIZES[level];
  keepTogether(doc, size * 5);
  if (level < 3) doc.outline.addItem(text);
  doc.font('heading').fontSize(size).fillColor(level === 1 ? PDF_COLOURS.text : PDF_COLOURS.accent);
  tagged(doc, `H${level}`, () => doc.text(text, { lineGap: 2 }));
  doc.moveDown(level === 1 ? 0.6 : 0.4);
  doc.font('body').fontSize(11).fillColor(PDF_COLOURS.text);
}

/**
 * A paragraph of plain text in the body (or italic) font, with readable line spacing; tagged as
 * a paragraph, or as `role` under `parent` (a list item's body, say).
 */
export function paragraph(
  doc: PDFKit.PDFDocument,
  text: string,
  opts: { font?: PdfFont; size?: number; colour?: string; indent?: number; role?: PdfRole; parent?: PDFKit.PDFStructureElement } = {},
): void {
  doc.font(opts.font ?? 'body').fontSize(opts.size ?? 11).fillColor(opts.colour ?? PDF_COLOURS.text);
  const draw = () =>
    doc.text(text, doc.page.margins.left + (opts.indent ?? 0), doc.y, {
      width: doc.page.width - doc.page.margins.left - doc.page.margins.right - (opts.indent ?? 0),
      lineGap: 3,
      paragraphGap: 4,
    });
  tagged(doc, opts.role ?? 'P', draw, { parent: opts.parent });
  doc.font('body').fontSize(11).fillColor(PDF_COLOURS.text);
}

/** A thin horizontal rule across the text block. */
export function rule(doc: PDFKit.PDFDocument): void {
  const y = doc.y + 4;
  decoration(doc, () => doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.width - doc.page.margins.right, y).lineWidth(0.5).strokeColor(PDF_COLOURS.rule).stroke());
  doc.y = y + 8;
}

/**
 * Writes "Page n of m" in the foot of every page (from `firstPage`, 0-based, on), once all
 * content is laid out. Call it just before `pdfToBuffer`.
 */
export function addPageNumbers(doc: PDFKit.PDFDocument, opts: { firstPage?: number; label?: (page: number, total: number) => string } = {}): void {
  const range = doc.bufferedPageRange();
  const first = opts.firstPage ?? 0;
  const label = opts.label ?? ((n: number, total: number) => `Page ${n} of ${total}`);
  for (let i = range.start + first; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const { margins } = doc.page;
    const bottom = margins.bottom;
    // Writing inside the bottom margin would otherwise make PDFKit start a new page.
    margins.bottom = 0;
    doc.font('body').fontSize(9).fillColor(PDF_COLOURS.muted);
    const text = label(i - range.start + 1, range.count);
    const at = { x: margins.left, y: doc.page.height - bottom / 2 - 5, width: doc.page.width - margins.left - margins.right };
    decoration(doc, () => doc.text(text, at.x, at.y, { width: at.width, align: 'center', lineBreak: false }), 'Pagination');
    margins.bottom = bottom;
  }
}

/** A cover page: an accent bar, the title, whose it is, then what it is from in smaller type. */
export function coverPage(doc: PDFKit.PDFDocument, cover: { title: string; owner: string; from: string; details: string[] }): void {
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  doc.y = doc.page.height * 0.3;
  decoration(doc, () => doc.rect(doc.page.margins.left, doc.y - 24, 56, 5).fill(PDF_COLOURS.accent));
  doc.font('heading').fontSize(30).fillColor(PDF_COLOURS.accent);
  tagged(doc, 'H1', () => doc.text(cover.title, { width, align: 'left' }));
  doc.moveDown(0.4);
  doc.font('body').fontSize(16).fillColor(PDF_COLOURS.text);
  tagged(doc, 'P', () => doc.text(cover.owner, { width }));
  doc.moveDown(2);
  doc.font('body').fontSize(12);
  tagged(doc, 'P', () => doc.text(cover.from, { width }));
  doc.fillColor(PDF_COLOURS.muted);
  for (const [i, line] of cover.details.entries()) {
    if (i > 0) doc.moveDown(0.6);
    tagged(doc, 'P', () => doc.text(line, { width }));
  }
  doc.fillColor(PDF_COLOURS.text);
}

/** Ends the document and collects it into one Buffer. */
export function pdfToBuffer(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}
