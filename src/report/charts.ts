// The report's charts: Vega-Lite specs compiled and rendered to SVG in Node (vega's headless View,
// no canvas, no browser), then inlined into report.html. Charts never name an individual: creators
// appear as ranks only. Data is inlined in the spec, so rendering makes no requests.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Stats } from '../stats/types.js';

export interface Chart {
  id: string;
  title: string;
  /** Standalone-in-HTML SVG markup (no xmlns URLs, no scripts). */
  svg: string;
}

const PLATFORM_COLORS = { domain: ['civitai', 'huggingface'], range: ['#1f6feb', '#d97706'] };
const WIDTH = 560;

const CONFIG = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' as const },
  view: { stroke: null },
};

async function render(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // Inline SVG in HTML needs no namespace declarations; dropping them keeps the page free of URLs.
    return svg.replace(/\s+xmlns(:xlink)?="[^"]*"/g, '');
  } finally {
    view.finalize();
  }
}

function monthDate(month: string): string {
  return `${month}-01`;
}

export async function renderCharts(stats: Stats): Promise<Chart[]> {
  const hasClassifier = stats.filters.classifierVersion !== null;
  const population = hasClassifier ? 'person-targeting models' : 'models (nothing classified yet)';
  const charts: { id: string; title: string; spec: TopLevelSpec }[] = [];
  const months = stats.monthly.filter((row) => row.scope !== 'all' && row.month !== 'unknown');

  if (months.length > 0) {
    const title = `New ${population} per month`;
    charts.push({
      id: 'monthly-new',
      title,
      spec: {
        title,
        width: WIDTH,
        height: 220,
        config: CONFIG,
        data: { values: months.map((row) => ({ date: monthDate(row.month), platform: row.scope, models: hasClassifier ? row.newPersonTargeting : row.newModels })) },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'date', type: 'temporal', timeUnit: 'yearmonth', title: 'Month created' },
          y: { field: 'models', type: 'quantitative', title: 'New models', stack: 'zero', axis: { tickMinStep: 1 } },
          color: { field: 'platform', type: 'nominal', scale: PLATFORM_COLORS, title: 'Platform' },
        },
      },
    });
    const cumulativeTitle = `Cumulative lifetime downloads of ${population}, by month created`;
    charts.push({
      id: 'cumulative-downloads',
      title: cumulativeTitle,
      spec: {
        title: cumulativeTitle,
        width: WIDTH,
        height: 220,
        config: CONFIG,
        data: {
          values: months.map((row) => ({
            date: monthDate(row.month),
            platform: row.scope,
            downloads: hasClassifier ? row.cumulativePersonTargetingDownloadsLifetime : row.cumulativeDownloadsLifetime,
          })),
        },
        mark: { type: 'line', point: true, interpolate: 'step-after' },
        encoding: {
          x: { field: 'date', type: 'temporal', timeUnit: 'yearmonth', title: 'Month created' },
          y: { field: 'downloads', type: 'quantitative', title: 'Downloads', axis: { format: '~s' } },
          color: { field: 'platform', type: 'nominal', scale: PLATFORM_COLORS, title: 'Platform' },
        },
      },
    });
  }

  for (const [dimension, label] of [
    ['gender', 'Target gender'],
    ['baseFamily', 'Base-model family'],
  ] as const) {
    const rows = stats.shares.filter((row) => row.dimension === dimension && row.scope !== 'all');
    if (rows.length === 0) continue;
    const title = `${label} among person-targeting models`;
    charts.push({
      id: `share-${dimension}`,
      title,
      spec: {
        title,
        width: WIDTH,
        config: CONFIG,
        data: { values: rows.map((row) => ({ value: row.value, platform: row.scope, models: row.models })) },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'value', type: 'nominal', title: label, sort: '-x' },
          x: { field: 'models', type: 'quantitative', title: 'Models', stack: 'normalize', axis: { format: '%' } },
          color: { field: 'platform', type: 'nominal', scale: PLATFORM_COLORS, title: 'Platform' },
        },
      },
    });
  }

  if (stats.topCreators.length > 0) {
    const title = hasClassifier ? 'Top creators by person-targeting models (ranks, not names)' : 'Top creators by models (ranks, not names)';
    charts.push({
      id: 'top-creators',
      title,
      spec: {
        title,
        width: WIDTH,
        config: CONFIG,
        data: {
          values: stats.topCreators.map((row) => ({
            creator: `#${row.rank}`,
            rank: row.rank,
            platform: row.platform,
            models: hasClassifier ? row.personTargetingModels : row.models,
          })),
        },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'creator', type: 'ordinal', title: 'Creator rank', sort: { field: 'rank', order: 'ascending' } },
          x: { field: 'models', type: 'quantitative', title: 'Models', axis: { tickMinStep: 1 } },
          color: { field: 'platform', type: 'nominal', scale: PLATFORM_COLORS, title: 'Platform' },
        },
      },
    });
  }

  const rendered: Chart[] = [];
  for (const chart of charts) rendered.push({ id: chart.id, title: chart.title, svg: await render(chart.spec) });
  return rendered;
}
