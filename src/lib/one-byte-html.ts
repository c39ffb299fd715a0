/**
 * HTML that is a one-byte string.
 *
 * V8 stores a string one byte per character while every character is Latin-1 (up to U+00FF).
 * A single character beyond that (a curly apostrophe, an en dash, an emoji) anywhere in a page
 * makes the whole rendered page two-byte, and joining the page's thousands of pieces into it and
 * encoding it then costs about five times as much: 1.0 ms against 0.2 ms for the 72 KB thread
 * page, measured with autocannon (bench/README.md). So the HTML the app builds writes those
 * characters as numeric character references (`’` as `&#8217;`), which browsers show the same.
 * Latin-1 itself ("é", "·", a no-break space) stays as it is.
 *
 * Four doors let text into a page, and each goes through here: template text (when a template
 * is read, see view-engine.ts), `<%= %>` values (escapeHtml), Markdown stored as HTML
 * (renderMarkdown) and JSON in a script element (jsonForScript, as `\u2019`).
 */

import { serialize } from 'node:v8';

const BEYOND_LATIN1 = /[\u0100-\u{10FFFF}]/u;
const BEYOND_LATIN1_ALL = /[\u0100-\u{10FFFF}]/gu;
const HTML_SPECIAL = /[&<>'"]|[\u0100-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };

const reference = (char: string) => `&#${char.codePointAt(0)};`;

/**
 * The same Latin-1 text, stored one byte per character. Text replaced in or cut from a two-byte
 * string stays two-byte in V8 even when no character beyond Latin-1 is left in it.
 */
const narrowed = (latin1: string) => Buffer.from(latin1, 'latin1').toString('latin1');

/** HTML (or text inside HTML) with every character beyond Latin-1 written as a reference. */
export function oneByteHtml(html: string): string {
  return BEYOND_LATIN1.test(html) ? narrowed(html.replace(BEYOND_LATIN1_ALL, reference)) : html;
}

const escapeChar = (char: string) => ESCAPES[char] ?? reference(char);

/** Text escaped for HTML content or a quoted attribute, as EJS escapes it, and one-byte. */
export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return BEYOND_LATIN1.test(text) ? narrowed(text.replace(HTML_SPECIAL, escapeChar)) : text.replace(HTML_SPECIAL, escapeChar);
}

const EJS_TAG = /<%[\s\S]*?%>/g;

/**
 * An EJS template with the characters beyond Latin-1 in its text written as references. What is
 * inside tags is code, left as it is: its output goes through escapeHtml.
 */
export function oneByteTemplate(source: string): string {
  if (!BEYOND_LATIN1.test(source)) return source;
  let out = '';
  let last = 0;
  for (const tag of source.matchAll(EJS_TAG)) {
    out += oneByteHtml(source.slice(last, tag.index)) + tag[0];
    last = tag.index + tag[0].length;
  }
  return out + oneByteHtml(source.slice(last));
}

/** JSON for a script element, each UTF-16 unit beyond Latin-1 written as a `\u` escape (`\u2019`). */
export function oneByteJson(json: string): string {
  return BEYOND_LATIN1.test(json) ? narrowed(json.replace(/[\u0100-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)) : json;
}

/**
 * Whether V8 holds `text` one byte per character: the tag v8.serialize writes says so (`"` for
 * one-byte, `c` after any padding for two-byte). For tests; it copies the text.
 */
export function heldOneByte(text: string): boolean {
  return serialize(text)[2] === 0x22;
}

/**
 * Pieces cut from `text`, each held one byte per character when it has no character beyond
 * Latin-1 itself: V8 keeps a slice of two-byte text two-byte, and escapeHtml passes a piece with
 * nothing to replace through as it is.
 */
export function piecesHeldNarrow<T extends { text: string }>(text: string, pieces: T[]): T[] {
  if (!BEYOND_LATIN1.test(text)) return pieces;
  return pieces.map((piece) => (BEYOND_LATIN1.test(piece.text) ? piece : { ...piece, text: narrowed(piece.text) }));
}

/** The first character beyond Latin-1 in `text` and where it is, or undefined. */
export function firstBeyondLatin1(text: string): { char: string; index: number } | undefined {
  const match = BEYOND_LATIN1.exec(text);
  return match ? { char: match[0], index: match.index } : undefined;
}
