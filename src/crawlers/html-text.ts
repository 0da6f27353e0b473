import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';

const BLOCKS = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'blockquote', 'pre', 'table', 'section', 'article', 'header', 'footer', 'hr',
]);
const SKIPPED = new Set(['script', 'style', 'iframe', 'img', 'video', 'noscript', 'template']);

/** Appends a node's text, with a line break around block elements and for <br>. */
function collect(node: AnyNode, out: string[]): void {
  if (node.type === 'text') {
    out.push(node.data);
    return;
  }
  if (node.type !== 'tag') return;
  const name = node.name.toLowerCase();
  if (SKIPPED.has(name)) return;
  if (name === 'br') {
    out.push('\n');
    return;
  }
  const isBlock = BLOCKS.has(name);
  if (isBlock) out.push('\n');
  for (const child of node.children) collect(child, out);
  if (isBlock) out.push('\n');
}

/**
 * Civitai descriptions are HTML written by uploaders. dfwatch keeps them as plain text with the
 * spacing a reader would see ("<p>a</p><p>b</p>" is "a\n\nb", not "ab"), so word rules and people
 * reading the store see the same words. The text stays untrusted: escape it wherever it is shown.
 * cheerio parses (its htmlparser2 mode, several times faster than parse5); the tree is walked
 * directly because cheerio's jQuery-style edits cost more than the parse itself.
 */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  if (!/[<&]/.test(html)) return html.trim() || null;
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const out: string[] = [];
  for (const node of $.root()[0]?.children ?? []) collect(node, out);
  const text = out
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text || null;
}
