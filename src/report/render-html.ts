// report.html: one self-contained page. Inline CSS allowed by its hash, inline SVG charts, no
// scripts, no external requests (a strict Content-Security-Policy says so to the browser too), and
// every string HTML-escaped.
import { createHash } from 'node:crypto';
import type { Chart } from './charts.js';
import { displayCell, escapeHtml } from './format.js';
import type { Section } from './outline.js';
import { NAMES_WARNING, type ReportTable } from './tables.js';

export interface HtmlInput {
  sections: Section[];
  tables: Map<string, ReportTable>;
  charts: Map<string, Chart>;
  isRedacted: boolean;
}

const STYLE = `
body { font: 15px/1.5 Helvetica, Arial, sans-serif; color: #1b1f24; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; } h3 { margin-top: 1.6rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: 13px; display: block; overflow-x: auto; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; vertical-align: top; }
th { background: #f6f8fa; text-align: left; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
p.warning { background: #fff8c5; border-left: 4px solid #d4a72c; padding: .4rem .7rem; }
p.description { color: #57606a; } p.csv { font-size: 12px; color: #57606a; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
`;

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
          .map((column) => `<td${column.kind === 'text' ? '' : ' class="number"'}>${escapeHtml(displayCell(column.kind, row[column.key] ?? null))}</td>`)
          .join('')}</tr>`,
    )
    .join('\n');
  parts.push(`<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`);
  parts.push(`<p class="csv">CSV: csv/${escapeHtml(table.id)}.csv</p>`);
  return parts.join('\n');
}

export function renderHtml(input: HtmlInput): string {
  const styleHash = createHash('sha256').update(STYLE).digest('base64');
  // No script-src at all: default-src 'none' forbids scripts, frames, fonts, images and fetches.
  const policy = `default-src 'none'; style-src 'sha256-${styleHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const body: string[] = [];
  input.sections.forEach((section, index) => {
    const heading = index === 0 ? 'h1' : 'h2';
    body.push(`<section>\n<${heading}>${escapeHtml(section.title)}</${heading}>`);
    for (const paragraph of section.paragraphs) body.push(`<p>${escapeHtml(paragraph)}</p>`);
    for (const id of section.chartIds) {
      const chart = input.charts.get(id);
      // The SVG comes from vega's renderer, which escapes its text; the data in it is counts and fixed labels.
      if (chart) body.push(`<figure id="chart-${escapeHtml(chart.id)}" role="img" aria-label="${escapeHtml(chart.title)}">${chart.svg}</figure>`);
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
