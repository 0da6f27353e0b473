// report.html: one self-contained page. Inline CSS allowed by its hash, inline SVG charts, no
// scripts, no external requests (a strict Content-Security-Policy says so to the browser too), and
// every string HTML-escaped. The key findings come first, as cards that fit one screen.
import { createHash } from 'node:crypto';
import type { Chart } from './charts.js';
import { displayCell, escapeHtml } from './format.js';
import type { Section } from './outline.js';
import { correctedText, NAMES_WARNING, type ReportTable } from './tables.js';
import type { KeyFindings } from '../stats/types.js';

export interface HtmlInput {
  sections: Section[];
  tables: Map<string, ReportTable>;
  charts: Map<string, Chart>;
  keyFindings: KeyFindings;
  isRedacted: boolean;
}

const STYLE = `
body { font: 15px/1.5 Helvetica, Arial, sans-serif; color: #1b1f24; margin: 1.5rem auto; max-width: 76rem; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin: 0 0 .3rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; } h3 { margin-top: 1.6rem; }
#key-findings h2 { margin-top: 1rem; } p.lede { margin: .3rem 0; color: #57606a; }
.banner { background: #fff1e5; border-left: 4px solid #bc4c00; padding: .4rem .8rem; margin: .6rem 0; }
.banner p { margin: .2rem 0; }
.findings { display: grid; grid-template-columns: repeat(auto-fill, minmax(22rem, 1fr)); gap: .6rem; margin: .6rem 0; }
.finding { border: 1px solid #d0d7de; border-radius: 6px; padding: .45rem .7rem; }
.finding h3 { margin: 0; font-size: .85rem; color: #57606a; font-weight: 600; text-transform: uppercase; letter-spacing: .02em; }
.finding .value { font-size: 1.45rem; font-weight: 700; margin: .1rem 0; line-height: 1.2; }
.finding p { margin: .1rem 0; font-size: 12.5px; line-height: 1.35; }
.finding .study { color: #1b1f24; } .finding .corrected { color: #0550ae; } .finding .definition { color: #57606a; }
.table-wrap { overflow-x: auto; max-width: 100%; margin: .5rem 0 1rem; }
.table-wrap::-webkit-scrollbar { height: 10px; } .table-wrap::-webkit-scrollbar-thumb { background: #8c959f; border-radius: 5px; }
.table-wrap::-webkit-scrollbar-track { background: #eaeef2; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; vertical-align: top; }
th { background: #f6f8fa; text-align: left; } td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { white-space: nowrap; } td.long { white-space: normal; overflow-wrap: anywhere; min-width: 16rem; max-width: 28rem; }
p.warning { background: #fff8c5; border-left: 4px solid #d4a72c; padding: .4rem .7rem; }
p.description, p.notes { color: #57606a; } p.csv { font-size: 12px; color: #57606a; }
figure { margin: 1.2rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: #57606a; max-width: 44rem; }
`;

/** Text cells longer than this wrap. */
const LONG_CELL = 32;

function renderTable(table: ReportTable, isRedacted: boolean): string {
  const parts = [`<h3 id="${escapeHtml(table.id)}">${escapeHtml(table.title)}</h3>`];
  if (table.namesIndividuals && !isRedacted) parts.push(`<p class="warning">${escapeHtml(NAMES_WARNING)}</p>`);
  if (table.description) parts.push(`<p class="description">${escapeHtml(table.description)}</p>`);
  if (table.rows.length === 0) {
    parts.push('<p><em>No rows.</em></p>');
    return parts.join('\n');
  }
  const head = table.columns.map((column) => `<th scope="col">${escapeHtml(column.label)}</th>`).join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr>${table.columns
          .map((column) => {
            const cell = displayCell(column.kind, row[column.key] ?? null);
            // Short text stays on one line (dates, names of platforms); long text wraps anywhere within a bounded width.
            const kind = column.kind !== 'text' ? 'number' : cell.length > LONG_CELL ? 'text long' : 'text';
            return `<td class="${kind}">${escapeHtml(cell)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  // The wrapper scrolls sideways with a visible scroll bar when a table is wider than the page.
  parts.push(`<div class="table-wrap" tabindex="0" role="region" aria-label="${escapeHtml(table.title)} (scrolls sideways)">\n<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>\n</div>`);
  parts.push(`<p class="csv"><a href="csv/${escapeHtml(table.id)}.csv">Data (CSV)</a></p>`);
  return parts.join('\n');
}

function renderKeyFindings(keyFindings: KeyFindings): string {
  const hasGold = keyFindings.correction !== null;
  const cards = keyFindings.findings.map((finding) => {
    const corrected = correctedText(finding, hasGold);
    return [
      `<div class="finding" data-finding="${escapeHtml(finding.id)}">`,
      `<h3>${escapeHtml(finding.label)}</h3>`,
      `<p class="value">${escapeHtml(finding.text)}</p>`,
      corrected ? `<p class="corrected">Corrected for classifier error: ${escapeHtml(corrected)}</p>` : '',
      finding.study ? `<p class="study">Deepfakes on Demand: ${escapeHtml(finding.study)}</p>` : '',
      `<p class="definition">${escapeHtml(finding.definition)}</p>`,
      '</div>',
    ]
      .filter(Boolean)
      .join('');
  });
  return `<div class="findings">\n${cards.join('\n')}\n</div>\n<p class="csv"><a href="csv/key-findings.csv">Data (CSV)</a> · <a href="stats.json">All figures (JSON)</a></p>`;
}

function renderChart(chart: Chart): string {
  // The SVG comes from vega's renderer, which escapes its text; the data in it is counts, fixed labels and pseudonyms.
  return (
    `<figure id="chart-${escapeHtml(chart.id)}">` +
    `<div role="img" aria-label="${escapeHtml(chart.alt)}">${chart.svg}</div>` +
    `<figcaption>What this shows: ${escapeHtml(chart.caption)} <a href="charts/${escapeHtml(chart.id)}.csv">Chart data (CSV)</a></figcaption>` +
    '</figure>'
  );
}

export function renderHtml(input: HtmlInput): string {
  const styleHash = createHash('sha256').update(STYLE).digest('base64');
  // No script-src at all: default-src 'none' forbids scripts, frames, fonts, images and fetches.
  const policy = `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const body: string[] = [];
  input.sections.forEach((section, index) => {
    const heading = index === 0 ? 'h1' : 'h2';
    body.push(`<section id="${escapeHtml(section.id)}">\n<${heading}>${escapeHtml(section.title)}</${heading}>`);
    if (section.banner && section.banner.length > 0) {
      body.push(`<div class="banner" role="note">${section.banner.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</div>`);
    }
    if (section.lede) body.push(`<p class="lede">${escapeHtml(section.lede)}</p>`);
    if (section.hasKeyFindings) {
      body.push(renderKeyFindings(input.keyFindings));
      for (const paragraph of section.paragraphs) body.push(`<p class="notes">${escapeHtml(paragraph)}</p>`);
    } else {
      for (const paragraph of section.paragraphs) body.push(`<p>${escapeHtml(paragraph)}</p>`);
    }
    for (const id of section.chartIds) {
      const chart = input.charts.get(id);
      if (chart) body.push(renderChart(chart));
    }
    for (const id of section.tableIds) {
      const table = input.tables.get(id);
      if (table) body.push(renderTable(table, input.isRedacted));
    }
    body.push('</section>');
  });
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dfwatch report</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
