// The event-parser text extraction (src/crawlers/html-text.ts) against the tree walk it replaced
// (cheerio's DOM, kept here as the reference): the same text for every real 2023 description and
// for HTML written to trip a parser up, so the change moves no classifier decision.
import * as cheerio from 'cheerio';
import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/crawlers/html-text.js';
import { hasRealRecords, loadRealRecords } from '../helpers/real-records.js';

const BLOCKS = new Set(['p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'blockquote', 'pre', 'table', 'section', 'article', 'header', 'footer', 'hr']);
const SKIPPED = new Set(['script', 'style', 'iframe', 'img', 'video', 'noscript', 'template']);

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

function treeWalkText(html: string | null | undefined): string | null {
  if (!html) return null;
  if (!/[<&]/.test(html)) return html.trim() || null;
  const $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const out: string[] = [];
  for (const node of $.root()[0]!.children) collect(node, out);
  const text = out
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text || null;
}

const TRICKY = [
  '<p>first</p><p>second<br>third</p>',
  '<p>a &amp; b &lt;c&gt; &nbsp;d&#39;s &#x1F600; &bogus; &amp</p>',
  '<p>unclosed <b>bold <i>both</p> after',
  '<div><p>nested<div>implied close</div></p></div>',
  '</p>stray close</br>stray br</div>',
  '<script>alert("<p>x</p>")</script><style>p { color: red }</style>kept',
  '<iframe src="x"><p>inside iframe</p><img src=y>still inside</iframe>after iframe',
  '<img src="a.png" alt="alt text">image<video><source src=v>fallback</video>',
  '<noscript><p>ns</p></noscript><template><p>tpl</p></template>visible',
  '<!-- a comment <p>x</p> --><![CDATA[cdata text]]><?xml version="1.0"?><!DOCTYPE html>text',
  '<UL><LI>Upper</LI><Li>Mixed</lI></UL><H1>Head</H1><HR>rule',
  '<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>',
  '<pre>  keep\n\n\n\n  spacing  </pre>',
  'text with < lone angle and & lone amp',
  '<p>\u00a0\u00a0spaced\t\tout\u00a0</p>',
  '<p><br/><br/><br/></p><p></p><p>after blanks</p>',
  '<a href="https://x">link <b>text</b></a><span>inline</span><em>em</em>',
  '<svg><text>svg text</text></svg><math><mi>x</mi></math>',
  '<textarea><p>raw</p></textarea><title>t<b>itle</title>',
  '<p>unterminated <b',
  '<<p>>double<</p>>',
];

describe('htmlToText', () => {
  it('gives the tree walk\'s text for HTML written to trip a parser up', () => {
    for (const html of TRICKY) expect(htmlToText(html), html).toBe(treeWalkText(html));
  });

  it.runIf(hasRealRecords)('gives the tree walk\'s text for every real 2023 description and version description', () => {
    let compared = 0;
    for (const record of loadRealRecords()) {
      const versions = (record.modelVersions as { description?: string | null }[] | undefined) ?? [];
      for (const html of [record.description as string | null | undefined, ...versions.map((version) => version.description)]) {
        expect(htmlToText(html)).toBe(treeWalkText(html));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(4422);
  });
});
