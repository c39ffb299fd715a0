import { convert } from 'html-to-text';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } }));

/**
 * Rendered Markdown as plain text, for where HTML cannot go (a PDF): paragraphs and list bullets
 * kept, emphasis marks dropped, a link's address after its words unless they are the address.
 */
export function htmlToPlainText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [...HEADINGS, { selector: 'a', options: { hideLinkHrefIfSameAsText: true } }, { selector: 'table', format: 'dataTable' }],
  }).trim();
}
