// The report's charts: Vega-Lite specs compiled and rendered to SVG in Node (vega's headless View,
// no canvas, no browser), then inlined into report.html. Each chart carries what a reader needs
// beside it: a title, axis units, one line on what it shows, alt text, and its data as CSV. Charts
// never name an individual: creators appear as ranks, targets as ranks or (with --redact) pseudonyms.
// Shares are drawn as shares (0–100% axes, one bar per value and platform), never stretched to 100%.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ShareDimension, Stats } from '../stats/types.js';
import type { Cell } from './tables.js';

export interface Chart {
  id: string;
  title: string;
  /** One line: what the chart shows. */
  caption: string;
  /** Text alternative for screen readers: the chart's figures in words. */
  alt: string;
  /** The plotted rows, written as charts/<id>.csv. */
  data: Record<string, Cell>[];
  /** Standalone-in-HTML SVG markup (no xmlns URLs, no scripts). */
  svg: string;
}

interface ChartDraft extends Omit<Chart, 'svg'> {
  spec: TopLevelSpec;
}

const PLATFORM_COLORS = { domain: ['civitai', 'huggingface'], range: ['#1f6feb', '#d97706'] };
/** Share charts add both platforms together as "both". */
const SCOPE_COLORS = { domain: [...PLATFORM_COLORS.domain, 'both'], range: [...PLATFORM_COLORS.range, '#57606a'] };
const WIDTH = 560;

const CONFIG = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' as const },
  view: { stroke: null },
};

/** Axis labels for counts: 1.2M, 450k, 900 (d3's "~s" prints a tick of 0.4M as "400m" or rounds small ticks to "0M"). */
const COUNT_LABELS = "datum.value >= 1e6 ? format(datum.value / 1e6, '.3~r') + 'M' : datum.value >= 1e3 ? format(datum.value / 1e3, '.3~r') + 'k' : format(datum.value, ',')";

const integer = new Intl.NumberFormat('en-US');
const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

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

const SHARE_CHARTS: { dimension: ShareDimension; label: string; caption: string }[] = [
  { dimension: 'gender', label: 'Target gender', caption: 'Who the person-targeting models depict: the share of them by the target\'s gender, per platform.' },
  { dimension: 'nciiLevel', label: 'NCII level', caption: 'How many person-targeting models show or promise sexual imagery of the person (explicit) or sexualise without that (suggestive).' },
  { dimension: 'baseFamily', label: 'Base-model family', caption: 'Which image generators the person-targeting models are built on.' },
  { dimension: 'modelType', label: 'Model type', caption: 'How person-targeting models are packaged: LoRA adapters, full checkpoints, embeddings.' },
];

function shareCharts(stats: Stats): ChartDraft[] {
  const platforms = new Set(stats.shares.filter((row) => row.scope !== 'all').map((row) => row.scope));
  // With two platforms the combined share is drawn too, as "both".
  const rowsOf = (dimension: ShareDimension) =>
    stats.shares
      .filter((row) => row.dimension === dimension && (row.scope !== 'all' || platforms.size > 1))
      .map((row) => ({ value: row.value, platform: row.scope === 'all' ? 'both' : row.scope, share: row.share, models: row.models }));
  const drafts: ChartDraft[] = [];
  for (const { dimension, label, caption } of SHARE_CHARTS) {
    const rows = rowsOf(dimension);
    if (rows.length === 0) continue;
    const title = `${label} of person-targeting models (share)`;
    const data = rows.map((row) => ({ ...row, description: `${row.value}, ${row.platform}: ${percent(row.share)} of person-targeting models (${integer.format(row.models)})` }));
    drafts.push({
      id: `share-${dimension}`,
      title,
      caption,
      alt: `Bar chart, ${title}: ${data.map((row) => row.description).join('; ')}.`,
      data: rows,
      spec: {
        title,
        width: WIDTH,
        config: CONFIG,
        data: { values: data },
        encoding: {
          y: { field: 'value', type: 'nominal', title: label, sort: { field: 'share', op: 'max', order: 'descending' } },
          yOffset: { field: 'platform', sort: SCOPE_COLORS.domain },
          x: { field: 'share', type: 'quantitative', title: 'Share of the platform\'s person-targeting models (%)', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
          color: { field: 'platform', type: 'nominal', scale: SCOPE_COLORS, title: 'Platform' },
        },
        layer: [
          { mark: { type: 'bar' }, encoding: { description: { field: 'description' } } },
          { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10, color: '#1b1f24' }, encoding: { text: { field: 'share', type: 'quantitative', format: '.1%' } } },
        ],
      },
    });
  }
  return drafts;
}

function timeCharts(stats: Stats, population: string, hasClassifier: boolean): ChartDraft[] {
  const months = stats.monthly.filter((row) => row.scope !== 'all' && row.month !== 'unknown');
  if (months.length === 0) return [];
  const newRows = months.map((row) => ({ month: row.month, platform: row.scope, models: hasClassifier ? row.newPersonTargeting : row.newModels }));
  const cumulativeRows = months.map((row) => ({
    month: row.month,
    platform: row.scope,
    downloads: hasClassifier ? row.cumulativePersonTargetingDownloadsLifetime : row.cumulativeDownloadsLifetime,
  }));
  const last = (platform: string) => cumulativeRows.filter((row) => row.platform === platform).at(-1);
  const platforms = [...new Set(months.map((row) => row.scope))];
  const newTitle = `New ${population} per month, by platform`;
  const cumulativeTitle = `Cumulative lifetime downloads of ${population}, by month created`;
  return [
    {
      id: 'monthly-new',
      title: newTitle,
      caption: `How fast ${population} appear: models created each month (Civitai: earliest version), stacked by platform.`,
      alt: `Bar chart, ${newTitle}, ${months[0]!.month} to ${months.at(-1)!.month}: ${platforms.map((platform) => `${platform} ${integer.format(newRows.filter((row) => row.platform === platform).reduce((sum, row) => sum + row.models, 0))} in all`).join(', ')}.`,
      data: newRows,
      spec: {
        title: newTitle,
        width: WIDTH,
        height: 220,
        config: CONFIG,
        data: { values: newRows.map((row) => ({ ...row, date: monthDate(row.month) })) },
        mark: { type: 'bar' },
        encoding: {
          x: { field: 'date', type: 'temporal', timeUnit: 'yearmonth', title: 'Month created' },
          y: { field: 'models', type: 'quantitative', title: 'New models (count)', stack: 'zero', axis: { tickMinStep: 1, labelExpr: COUNT_LABELS } },
          color: { field: 'platform', type: 'nominal', scale: PLATFORM_COLORS, title: 'Platform' },
        },
      },
    },
    {
      id: 'cumulative-downloads',
      title: cumulativeTitle,
      caption: `Where the downloads sit: lifetime downloads (at the latest snapshot) of the ${population} created up to each month.`,
      alt: `Line chart, ${cumulativeTitle}: ${platforms.map((platform) => `${platform} reaches ${integer.format(last(platform)?.downloads ?? 0)}`).join(', ')}.`,
      data: cumulativeRows,
      spec: {
        title: cumulativeTitle,
        width: WIDTH,
        height: 220,
        config: CONFIG,
        data: { values: cumulativeRows.map((row) => ({ ...row, date: monthDate(row.month) })) },
        mark: { type: 'line', point: true, interpolate: 'step-after' },
        encoding: {
          x: { field: 'date', type: 'temporal', timeUnit: 'yearmonth', title: 'Month created' },
          y: { field: 'downloads', type: 'quantitative', title: 'Downloads (lifetime, cumulative)', axis: { labelExpr: COUNT_LABELS } },
          color: { field: 'platform', type: 'nominal', scale: PLATFORM_COLORS, title: 'Platform' },
        },
      },
    },
  ];
}

/** A horizontal bar chart of counts, one bar per row in rank order. */
function rankedBars(options: { title: string; rows: Record<string, Cell>[]; y: Record<string, unknown>; x: Record<string, unknown>; color: Record<string, unknown> }): TopLevelSpec {
  return {
    title: options.title,
    width: WIDTH,
    config: CONFIG,
    data: { values: options.rows },
    mark: { type: 'bar' },
    encoding: { y: options.y, x: options.x, color: options.color },
  } as TopLevelSpec;
}

function topTargetsChart(stats: Stats, isRedacted: boolean): ChartDraft[] {
  if (stats.topTargets.length === 0) return [];
  // Without --redact a chart must not name anyone: targets appear as ranks with gender and fame.
  const rows = stats.topTargets.map((row) => ({
    target: isRedacted ? `#${row.rank} ${row.target}` : `#${row.rank} (${row.gender}, ${row.fame})`,
    rank: row.rank,
    gender: row.gender,
    models: row.models,
    downloadsLifetime: row.downloadsLifetime,
  }));
  const title = `Most targeted people: person-targeting models per target${isRedacted ? ' (pseudonyms)' : ' (ranks, not names)'}`;
  return [
    {
      id: 'top-targets',
      title,
      caption: 'How concentrated the targeting is: the people with the most models made of them, with their gender.',
      alt: `Bar chart, ${title}: ${rows.map((row) => `${row.target} ${row.models} models`).join('; ')}.`,
      data: rows,
      spec: rankedBars({
        title,
        rows,
        y: { field: 'target', type: 'ordinal', title: 'Target', sort: { field: 'rank', order: 'ascending' }, axis: { labelLimit: 260 } },
        x: { field: 'models', type: 'quantitative', title: 'Person-targeting models (count)', axis: { tickMinStep: 1 } },
        color: { field: 'gender', type: 'nominal', title: 'Gender', scale: { domain: ['female', 'male', 'unknown', 'mixed'], range: ['#8250df', '#1a7f37', '#8c959f', '#bf8700'] } },
      }),
    },
  ];
}

function removalsChart(stats: Stats, hasClassifier: boolean): ChartDraft[] {
  const group = hasClassifier ? (person: number, all: number) => [{ kind: 'person-targeting', count: person }, { kind: 'other', count: all - person }] : (_: number, all: number) => [{ kind: 'all', count: all }];
  const rows = [
    ...stats.removals
      .filter((row) => row.scope === 'all' && row.reason !== 'any')
      .flatMap((row) => group(row.personTargeting, row.models).map((part) => ({ category: `Removed: ${row.reason}`, ...part }))),
    ...stats.reuploads.summary.flatMap((row) => group(row.personTargetingPairs, row.pairs).map((part) => ({ category: `Re-uploaded: ${row.direction}`, ...part }))),
  ].filter((row) => row.count > 0);
  if (rows.length === 0) return [];
  const title = 'Removals and re-uploads';
  return [
    {
      id: 'removals-reuploads',
      title,
      caption: 'What platforms took down (models removed, by reason) and what came back (pairs of models sharing a file, by direction).',
      alt: `Bar chart, ${title}: ${rows.map((row) => `${row.category}, ${row.kind}: ${row.count}`).join('; ')}.`,
      data: rows,
      spec: {
        title,
        width: WIDTH,
        config: CONFIG,
        data: { values: rows },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'category', type: 'nominal', title: null, axis: { labelLimit: 260 } },
          x: { field: 'count', type: 'quantitative', title: 'Count (removed models; re-upload pairs)', stack: 'zero', axis: { tickMinStep: 1 } },
          color: { field: 'kind', type: 'nominal', title: 'Models', scale: { domain: ['person-targeting', 'other', 'all'], range: ['#cf222e', '#8c959f', '#57606a'] } },
        },
      },
    },
  ];
}

function topCreatorsChart(stats: Stats, hasClassifier: boolean): ChartDraft[] {
  if (stats.topCreators.length === 0) return [];
  const title = hasClassifier ? 'Top creators by person-targeting models (ranks, not names)' : 'Top creators by models (ranks, not names)';
  const rows = stats.topCreators.map((row) => ({ creator: `#${row.rank}`, rank: row.rank, platform: row.platform, models: hasClassifier ? row.personTargetingModels : row.models }));
  return [
    {
      id: 'top-creators',
      title,
      caption: 'Who makes them: the accounts with the most models, by rank.',
      alt: `Bar chart, ${title}: ${rows.map((row) => `${row.creator} (${row.platform}) ${row.models}`).join('; ')}.`,
      data: rows,
      spec: rankedBars({
        title,
        rows,
        y: { field: 'creator', type: 'ordinal', title: 'Creator rank', sort: { field: 'rank', order: 'ascending' } },
        x: { field: 'models', type: 'quantitative', title: 'Models (count)', axis: { tickMinStep: 1 } },
        color: { field: 'platform', type: 'nominal', scale: PLATFORM_COLORS, title: 'Platform' },
      }),
    },
  ];
}

export async function renderCharts(stats: Stats, isRedacted = false): Promise<Chart[]> {
  const hasClassifier = stats.filters.classifierVersion !== null;
  const population = hasClassifier ? 'person-targeting models' : 'models (nothing classified yet)';
  const drafts = [
    ...shareCharts(stats),
    ...timeCharts(stats, population, hasClassifier),
    ...topTargetsChart(stats, isRedacted),
    ...removalsChart(stats, hasClassifier),
    ...topCreatorsChart(stats, hasClassifier),
  ];
  const rendered: Chart[] = [];
  for (const { spec, ...chart } of drafts) rendered.push({ ...chart, svg: await render(spec) });
  return rendered;
}
