/** A tagged PDF as a screen reader meets it: its structure, in reading order, with the text of each element. */
export interface TaggedPdf {
  marked: boolean;
  lang: string | null;
  /** The title in the info dictionary and in the XMP metadata (null if the XMP does not parse). */
  title: string;
  xmpTitle: string | null;
  /** Every structure element with content, page by page in reading order (one that runs onto the next page appears on each). */
  elements: { role: string; text: string; alt?: string; page: number }[];
  /** Each list item's label and body, an item that runs onto the next page joined up again. */
  listItems: { label: string; body: string }[];
  /** Text marked as an artifact (page numbers), which screen readers pass over. */
  artifacts: string[];
  /** Text in neither: a screen reader would read it with no structure, or not at all. */
  untagged: string[];
  /** Where each run of text sits (PDF points from the page's bottom left; y is the baseline). */
  runs: { text: string; page: number; x: number; y: number; width: number; height: number }[];
}

interface StructNode {
  role?: string;
  alt?: string;
  type?: string;
  id?: string;
  children?: StructNode[];
}

type TextItem = { str: string; transform: number[]; width: number; height: number } | { type: string; tag?: string; id?: string };

/** Reads a PDF with pdf.js, the engine of Firefox's viewer, which exposes the structure tree assistive technology uses. */
export async function readTaggedPdf(bytes: Buffer): Promise<TaggedPdf> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
  try {
    const result: TaggedPdf = { marked: false, lang: null, title: '', xmpTitle: null, elements: [], listItems: [], artifacts: [], untagged: [], runs: [] };
    result.marked = Boolean((await pdf.getMarkInfo())?.Marked);
    const meta = await pdf.getMetadata();
    const info = meta.info as { Title?: string; Language?: string };
    result.title = info.Title ?? '';
    result.lang = info.Language ?? null;
    result.xmpTitle = (meta.metadata?.get('dc:title') as string | undefined) ?? null;
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent({ includeMarkedContent: true });
      const textOf = textByContentId(content.items as TextItem[], result);
      for (const item of content.items as TextItem[]) {
        if ('str' in item && item.str.trim()) result.runs.push({ text: item.str, page: n, x: item.transform[4], y: item.transform[5], width: item.width, height: item.height });
      }
      const walk = (node: StructNode) => {
        const own = (node.children ?? []).filter((c) => c.type === 'content').map((c) => textOf.get(c.id!) ?? '');
        if (node.role && (own.length || node.role === 'Figure')) {
          result.elements.push({ role: node.role, text: own.join(' ').trim(), ...(node.alt ? { alt: node.alt } : {}), page: n });
        }
        if (node.role === 'LI') {
          const part = (role: string) => (node.children ?? []).filter((c) => c.role === role).flatMap((c) => (c.children ?? []).map((k) => textOf.get(k.id!) ?? '')).join(' ').trim();
          const [label, body] = [part('Lbl'), part('LBody')];
          const continued = !label && result.listItems.at(-1); // the rest of an item that ran onto this page
          if (continued) continued.body = `${continued.body} ${body}`;
          else result.listItems.push({ label, body });
        }
        for (const child of node.children ?? []) if (child.role) walk(child);
      };
      const tree = (await page.getStructTree()) as StructNode | null;
      if (tree) walk(tree);
    }
    return result;
  } finally {
    await pdf.destroy();
  }
}

/** The text inside each marked-content id on a page; text outside any goes to `untagged`, inside an artifact to `artifacts`. */
function textByContentId(items: TextItem[], into: TaggedPdf): Map<string, string> {
  const texts = new Map<string, string>();
  const open: { tag?: string; id?: string }[] = [];
  for (const item of items) {
    if ('type' in item) {
      if (item.type === 'endMarkedContent') open.pop();
      else open.push({ tag: item.tag, id: item.id });
      continue;
    }
    if (!item.str.trim()) continue;
    const owner = [...open].reverse().find((m) => m.id || m.tag === 'Artifact');
    if (!owner) into.untagged.push(item.str);
    else if (owner.tag === 'Artifact') into.artifacts.push(item.str);
    else texts.set(owner.id!, `${texts.get(owner.id!) ?? ''} ${item.str}`);
  }
  for (const [id, text] of texts) texts.set(id, text.replace(/\s+/g, ' ').trim());
  return texts;
}

/** Headings in order as "H1 text"; a screen reader user moves through a document by them. */
export function headingsOf(pdf: TaggedPdf): string[] {
  return pdf.elements.filter((e) => /^H\d$/.test(e.role)).map((e) => `${e.role} ${e.text}`);
}

/** The heading levels never skip one going down (H1 then H3 leaves a reader wondering what they missed), and there is one H1, first. */
export function headingLevelsAreSound(pdf: TaggedPdf): boolean {
  const levels = pdf.elements.filter((e) => /^H\d$/.test(e.role)).map((e) => Number(e.role[1]));
  if (levels[0] !== 1 || levels.filter((l) => l === 1).length !== 1) return false;
  return levels.every((level, i) => i === 0 || level <= levels[i - 1] + 1);
}

/** Pairs of text runs on one page whose boxes overlap: words printed over each other. */
export function overlappingRuns(pdf: TaggedPdf): [string, string][] {
  const clash: [string, string][] = [];
  const slack = 0.5;
  for (const [i, a] of pdf.runs.entries()) {
    for (const b of pdf.runs.slice(i + 1)) {
      if (a.page !== b.page) continue;
      const across = a.x + slack < b.x + b.width && b.x + slack < a.x + a.width;
      const down = a.y + slack < b.y + b.height && b.y + slack < a.y + a.height;
      if (across && down) clash.push([a.text, b.text]);
    }
  }
  return clash;
}
