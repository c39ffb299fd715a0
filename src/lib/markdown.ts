import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { oneByteHtml } from './one-byte-html';

const md = new MarkdownIt({ html: false, linkify: true, typographer: true, breaks: false });

const allowedTags = [
  'h2', 'h3', 'h4', 'p', 'br', 'hr', 'blockquote', 'ul', 'ol', 'li', 'strong', 'em', 'code', 'pre', 'a', 'del', 's',
  'table', 'thead', 'tbody', 'tr', 'th', 'td',
];

/**
 * Renders user or author Markdown to HTML that is safe to insert unescaped: raw HTML is not
 * parsed, and the result is sanitised again (no scripts, handlers or javascript: links).
 * Call it when text is written and store the result, so pages never render Markdown per view.
 * Characters beyond Latin-1 come out as references (see one-byte-html.ts).
 */
export function renderMarkdown(source: string): string {
  const html = md.render(source ?? '');
  return oneByteHtml(sanitizeHtml(html, {
    allowedTags,
    allowedAttributes: { a: ['href', 'title', 'rel', 'target'], th: ['align'], td: ['align'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: {
      h1: 'h2',
      a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc noopener', target: '_blank' } }),
    },
  }));
}

/** Plain text of Markdown, for emails, PDFs and previews. */
export function markdownToText(source: string): string {
  return sanitizeHtml(md.render(source ?? ''), { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const HEADING_TAG = /<(\/?)h([1-6])>/g;

/**
 * Stored Markdown HTML shown under a heading of level `containerLevel`: its headings move so
 * the highest becomes one level below the container (a reading's "## Notes" under the reading's
 * h3 title becomes an h4), keeping their order, never deeper than h6. Done where the HTML is
 * shown, because the level belongs to the page, not to the text; renderMarkdown's output has
 * headings without attributes, so the tags match exactly.
 */
export function nestHeadings(html: string, containerLevel: number): string {
  let top = 7;
  for (const m of html.matchAll(HEADING_TAG)) top = Math.min(top, Number(m[2]));
  const shift = containerLevel + 1 - top;
  if (top === 7 || shift === 0) return html;
  return html.replace(HEADING_TAG, (_, close: string, level: string) => `<${close}h${Math.min(6, Math.max(1, Number(level) + shift))}>`);
}
