import { decodeHTML } from 'entities';
import { renderMarkdown } from '../../src/lib/markdown';
import { escapeHtml, heldOneByte, oneByteHtml, oneByteJson, oneByteTemplate } from '../../src/lib/one-byte-html';

const BEYOND_LATIN1 = /[\u0100-\u{10FFFF}]/u;
const WORDS = 'It’s fine – really… “yes” 😀 café · 12 °C';

describe('one-byte HTML', () => {
  it('escapes text as EJS does, and writes characters beyond Latin-1 as references', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&#34;x&#34;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
    expect(escapeHtml(WORDS)).toBe('It&#8217;s fine &#8211; really&#8230; &#8220;yes&#8221; &#128512; café · 12 °C');
    expect(decodeHTML(escapeHtml(WORDS))).toBe(WORDS);
    // Replacing in two-byte text leaves V8 holding the result two-byte unless it is narrowed.
    expect(heldOneByte(WORDS)).toBe(false);
    expect(heldOneByte(escapeHtml(WORDS))).toBe(true);
    expect(heldOneByte(oneByteHtml(`<p>${WORDS}</p>`))).toBe(true);
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(0)).toBe('0');
  });

  it('leaves HTML alone apart from those characters, Latin-1 included', () => {
    expect(oneByteHtml('<p>café · naïve</p>')).toBe('<p>café · naïve</p>');
    expect(oneByteHtml('<p title="’">It’s 😀</p>')).toBe('<p title="&#8217;">It&#8217;s &#128512;</p>');
  });

  it('changes a template’s text but not the code in its tags', () => {
    const source = `<h1>Today’s week</h1><%= 'Tom’s' %><% if (a) { %>– <%- b %><% } %>\n<%# a note – kept %>`;
    const out = oneByteTemplate(source);
    expect(out).toBe(`<h1>Today&#8217;s week</h1><%= 'Tom’s' %><% if (a) { %>&#8211; <%- b %><% } %>\n<%# a note – kept %>`);
    expect(oneByteTemplate('<p><%= x %></p>')).toBe('<p><%= x %></p>');
  });

  it('writes JSON for a script element with \\u escapes that parse back to the same value', () => {
    const json = oneByteJson(JSON.stringify({ name: WORDS }));
    expect(json).not.toMatch(BEYOND_LATIN1);
    expect(json).toContain('It\\u2019s');
    expect(heldOneByte(json)).toBe(true);
    expect(JSON.parse(json)).toEqual({ name: WORDS });
  });

  it('stores Markdown as HTML of the same text, with the typographer’s quotes and dashes as references', () => {
    const html = renderMarkdown(`It's "kind" -- and *calm* 😀 café`);
    expect(html).not.toMatch(BEYOND_LATIN1);
    expect(heldOneByte(html)).toBe(true);
    expect(html).toBe('<p>It&#8217;s &#8220;kind&#8221; &#8211; and <em>calm</em> &#128512; café</p>\n');
  });
});
