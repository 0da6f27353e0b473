// `dfwatch report --out DIR`: report.md, a self-contained report.html, stats.json, one CSV per table
// (csv/) and the charts as SVG files with their data as CSV (charts/, linked from both reports). With a pseudonymizer every
// output is rendered from the redacted statistics, so no name can leak through one format only.
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from '../db/open.js';
import { UserError } from '../errors.js';
import { renderCharts } from './charts.js';
import { toCsv } from './format.js';
import { buildOutline } from './outline.js';
import { redactStats, type Pseudonymizer } from './pseudonyms.js';
import { renderHtml } from './render-html.js';
import { renderMarkdown } from './render-md.js';
import { computeStats, type ComputeStatsOptions } from '../stats/stats.js';
import type { Stats } from '../stats/types.js';
import { buildTables, keyFindingsTable } from './tables.js';

export interface ReportOptions extends ComputeStatsOptions {
  outDir: string;
  /** Replace target, creator and model names with keyed pseudonyms (--redact). */
  pseudonymizer?: Pseudonymizer;
}

export interface ReportResult {
  stats: Stats;
  /** Paths written, relative to outDir. */
  files: string[];
}

/** Renders every output from statistics already computed (and redacted, if asked). */
export async function renderReportFiles(stats: Stats, isRedacted: boolean): Promise<Map<string, string>> {
  const tables = buildTables(stats);
  const charts = await renderCharts(stats, isRedacted);
  const sections = buildOutline(stats, isRedacted);
  const tableMap = new Map(tables.map((table) => [table.id, table]));
  const chartMap = new Map(charts.map((chart) => [chart.id, chart]));
  const files = new Map<string, string>();
  files.set('report.md', renderMarkdown({ sections, tables: tableMap, charts: chartMap, keyFindings: keyFindingsTable(stats), isRedacted }));
  files.set('report.html', renderHtml({ sections, tables: tableMap, charts: chartMap, keyFindings: stats.keyFindings, isRedacted }));
  files.set('stats.json', JSON.stringify({ ...stats, isRedacted }, null, 2) + '\n');
  for (const table of tables) files.set(`csv/${table.id}.csv`, toCsv(table.columns.map((column) => column.key), table.rows));
  for (const chart of charts) {
    files.set(`charts/${chart.id}.svg`, `<svg xmlns="http://www.w3.org/2000/svg"${chart.svg.slice('<svg'.length)}`);
    files.set(`charts/${chart.id}.csv`, toCsv(Object.keys(chart.data[0] ?? {}), chart.data));
  }
  return files;
}

export async function writeReport(store: Store, options: ReportOptions): Promise<ReportResult> {
  const computed = computeStats(store, options);
  const stats = options.pseudonymizer ? redactStats(computed, options.pseudonymizer) : computed;
  const files = await renderReportFiles(stats, options.pseudonymizer !== undefined);
  try {
    for (const [relative, content] of files) {
      const target = path.join(options.outDir, relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  } catch (error) {
    throw new UserError(`cannot write the report to ${options.outDir}: ${(error as Error).message}`);
  }
  return { stats, files: [...files.keys()] };
}
