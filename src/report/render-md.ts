// report.md: the outline as GitHub-flavoured Markdown. Charts are linked SVG files next to it, each
// with its caption and data; every cell and paragraph goes through escapeMarkdown.
import type { Chart } from './charts.js';
import { displayCell, escapeMarkdown } from './format.js';
import type { Section } from './outline.js';
import { NAMES_WARNING, type ReportTable } from './tables.js';

export interface MarkdownInput {
  sections: Section[];
  tables: Map<string, ReportTable>;
  charts: Map<string, Chart>;
  /** The key findings as a table (drawn as cards in HTML). */
  keyFindings: ReportTable;
  isRedacted: boolean;
}

function renderTable(table: ReportTable, isRedacted: boolean, isTitled = true): string[] {
  const lines = isTitled ? [`### ${escapeMarkdown(table.title)}`, ''] : [];
  if (table.namesIndividuals && !isRedacted) lines.push(`> **${escapeMarkdown(NAMES_WARNING)}**`, '');
  if (table.description) lines.push(escapeMarkdown(table.description), '');
  if (table.rows.length === 0) return [...lines, '_No rows._', ''];
  lines.push(`| ${table.columns.map((column) => escapeMarkdown(column.label)).join(' | ')} |`);
  lines.push(`| ${table.columns.map((column) => (column.kind === 'text' ? '---' : '---:')).join(' | ')} |`);
  for (const row of table.rows) {
    lines.push(`| ${table.columns.map((column) => escapeMarkdown(displayCell(column.kind, row[column.key] ?? null))).join(' | ')} |`);
  }
  lines.push('', `[Data (CSV)](csv/${table.id}.csv)`, '');
  return lines;
}

function renderChart(chart: Chart): string[] {
  return [`![${escapeMarkdown(chart.alt)}](charts/${chart.id}.svg)`, '', `What this shows: ${escapeMarkdown(chart.caption)} [Chart data (CSV)](charts/${chart.id}.csv)`, ''];
}

export function renderMarkdown(input: MarkdownInput): string {
  const lines: string[] = [];
  input.sections.forEach((section, index) => {
    lines.push(`${index === 0 ? '#' : '##'} ${escapeMarkdown(section.title)}`, '');
    for (const warning of section.banner ?? []) lines.push(`> **Coverage:** ${escapeMarkdown(warning)}`, '');
    if (section.lede) lines.push(escapeMarkdown(section.lede), '');
    if (section.hasKeyFindings) lines.push(...renderTable(input.keyFindings, input.isRedacted, false));
    for (const paragraph of section.paragraphs) lines.push(escapeMarkdown(paragraph), '');
    for (const id of section.chartIds) {
      const chart = input.charts.get(id);
      if (chart) lines.push(...renderChart(chart));
    }
    for (const id of section.tableIds) {
      const table = input.tables.get(id);
      if (table) lines.push(...renderTable(table, input.isRedacted));
    }
  });
  return lines.join('\n');
}
