import { Parser } from 'htmlparser2';

const BLOCKS = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'blockquote', 'pre', 'table', 'section', 'article', 'header', 'footer', 'hr',
]);
const SKIPPED = new Set(['script', 'style', 'iframe', 'img', 'video', 'noscript', 'template']);

/**
 * Civitai descriptions are HTML written by uploaders. dfwatch keeps them as plain text with the
 * spacing a reader would see ("<p>a</p><p>b</p>" is "a\n\nb", not "ab"), so word rules and people
 * reading the store see the same words. The text stays untrusted: escape it wherever it is shown.
 * htmlparser2's event parser reads the HTML without building a tree: the same events a tree would be
 * built from (implied and void closes included), at a fraction of the time and garbage (issue 13;
 * test/crawlers/html-text.test.ts checks the text equals a tree walk's on the real records).
 */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  if (!/[<&]/.test(html)) return html.trim() || null;
  const out: string[] = [];
  // Depth inside skipped elements (an <img> inside an <iframe> still closes back to the iframe).
  let skipped = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (skipped > 0 || SKIPPED.has(name)) skipped++;
        else if (name === 'br') out.push('\n');
        else if (BLOCKS.has(name)) out.push('\n');
      },
      onclosetag(name) {
        if (skipped > 0) skipped--;
        else if (BLOCKS.has(name)) out.push('\n');
      },
      ontext(text) {
        if (skipped === 0) out.push(text);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  const text = out
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text || null;
}
