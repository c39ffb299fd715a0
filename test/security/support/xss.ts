import { Parser } from 'htmlparser2';

/**
 * Script tags, event handlers, javascript: and data: URLs (raw, mixed case, entity-encoded,
 * with whitespace), SVG and MathML tricks, broken and nested markup, and Markdown link tricks.
 */
export const XSS_PAYLOADS: string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)"',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="0" y="20">x</text></a></svg>',
  '<body onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
  '<a href="&#106;avascript:alert(1)">entity</a>',
  '<a href="java&#x09;script:alert(1)">tab</a>',
  '<a href="  javascript:alert(1)">spaces</a>',
  '<a href=javascript&colon;alert(1)>colon entity</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '[click](javascript:alert(1))',
  '[upper](JAVASCRIPT:alert(1))',
  '[entity](&#106;avascript:alert(1))',
  '[spaced]( javascript:alert(1) )',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![img](x" onerror="alert(1))',
  '[ref link][r]\n\n[r]: javascript:alert(1)',
  '<javascript:alert(1)>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '</textarea><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '<div style="background:url(javascript:alert(1))">style</div>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<details open ontoggle=alert(1)>',
  '<input autofocus onfocus=alert(1)>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><button>go</button></form>',
  '<button formaction="javascript:alert(1)">go</button>',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<<script>script>alert(1)<</script>/script>',
  '<scr<script>ipt>alert(1)</script>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<img src=`x`onerror=alert(1)>',
  '`<script>alert(1)</script>` and ```\n<script>alert(1)</script>\n```',
];

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'codebase', 'cite']);
const FORBIDDEN_ELEMENTS = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base']);
// The app's own scripts: files it serves itself, never inline.
const OWN_SCRIPT = /^\/(static\/js\/[\w.-]+\.js|socket\.io\/socket\.io\.js)$/;

function dangerousUrl(value: string): boolean {
  // Browsers ignore whitespace and control characters inside a scheme.
  // eslint-disable-next-line no-control-regex
  const squeezed = value.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  return squeezed.startsWith('javascript:') || squeezed.startsWith('vbscript:') || squeezed.startsWith('data:text/html') || squeezed.startsWith('data:image/svg');
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Every way the HTML could run script; an empty list means the page is inert. */
export function scriptableParts(html: string): string[] {
  const problems: string[] = [];
  let inScript = false;
  // A JSON data block (schema.org data for search engines) is never run; it must hold only JSON.
  let dataBlock: string | undefined;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'script' && attribs.type === 'application/ld+json' && !attribs.src) {
          dataBlock = '';
        } else if (name === 'script') {
          inScript = true;
          if (!attribs.src || !OWN_SCRIPT.test(attribs.src)) problems.push(`<script${attribs.src ? ` src="${attribs.src}"` : ''}>`);
        }
        if (FORBIDDEN_ELEMENTS.has(name)) problems.push(`<${name}>`);
        if (name === 'meta' && attribs['http-equiv']) problems.push(`<meta http-equiv="${attribs['http-equiv']}">`);
        for (const [attr, value] of Object.entries(attribs)) {
          if (/^on/i.test(attr)) problems.push(`<${name} ${attr}="${value}">`);
          if (attr === 'srcdoc') problems.push(`<${name} srcdoc>`);
          if (URL_ATTRIBUTES.has(attr) && dangerousUrl(value)) problems.push(`<${name} ${attr}="${value}">`);
          if (attr === 'style' && /javascript:|expression\(/i.test(value)) problems.push(`<${name} style="${value}">`);
        }
      },
      ontext(text) {
        if (dataBlock !== undefined) dataBlock += text;
        else if (inScript && text.trim()) problems.push(`inline script: ${text.trim().slice(0, 60)}`);
      },
      onclosetag(name) {
        if (name !== 'script') return;
        if (dataBlock !== undefined && !isJson(dataBlock)) problems.push(`data block that is not JSON: ${dataBlock.trim().slice(0, 60)}`);
        inScript = false;
        dataBlock = undefined;
      },
    },
    { decodeEntities: true, lowerCaseAttributeNames: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return problems;
}
