import { nestHeadings, renderMarkdown } from '../../src/lib/markdown';

describe('headings of stored Markdown under a page heading', () => {
  it('moves the highest heading one level below the container and keeps the others in order', () => {
    const html = renderMarkdown('## Top\n\n### Middle\n\n#### Low');
    expect(nestHeadings(html, 3)).toMatch(/<h4>Top<\/h4>\s*<h5>Middle<\/h5>\s*<h6>Low<\/h6>/);
  });

  it('lifts headings that start too deep, and never goes below h6', () => {
    expect(nestHeadings(renderMarkdown('#### Only'), 1)).toMatch(/^<h2>Only<\/h2>/);
    expect(nestHeadings(renderMarkdown('## A\n\n### B\n\n#### C'), 4)).toMatch(/<h5>A<\/h5>\s*<h6>B<\/h6>\s*<h6>C<\/h6>/);
  });

  it('leaves text without headings, and escaped heading tags in code, as they are', () => {
    const html = renderMarkdown('Plain `<h2>` text.');
    expect(nestHeadings(html, 3)).toBe(html);
  });
});
