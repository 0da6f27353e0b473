// The charts show the data they are given: share bars as long as the shares (never stretched to
// 100%), different bars for different data, counts labelled in plain units, no names without --redact.
import { describe, expect, test } from 'vitest';
import { renderCharts, type Chart } from '../../src/report/charts.js';
import { computeStats } from '../../src/stats/stats.js';
import type { ShareRow, Stats } from '../../src/stats/types.js';
import { Pseudonymizer, redactStats } from '../../src/report/pseudonyms.js';
import { buildChangingWorld } from '../stats/changing-world.js';

const PLOT_WIDTH = 560;

/** Each bar's aria-label and width in SVG units (vega draws a bar as "M x,y h width v height …"). */
function bars(chart: Chart): Map<string, number> {
  const found = new Map<string, number>();
  for (const match of chart.svg.matchAll(/<path aria-label="([^"]*)" role="graphics-symbol" aria-roledescription="bar" d="M[-\d.]+,[-\d.]+h([\d.]+)/g)) {
    found.set(match[1]!.replace(/&amp;/g, '&'), Number(match[2]));
  }
  return found;
}

function withGenderShares(stats: Stats, female: number, male: number): Stats {
  const rows: ShareRow[] = [
    { scope: 'civitai', dimension: 'gender', value: 'female', models: female, share: female / (female + male), downloadsLifetime: 0 },
    { scope: 'civitai', dimension: 'gender', value: 'male', models: male, share: male / (female + male), downloadsLifetime: 0 },
  ];
  return { ...stats, shares: [...stats.shares.filter((row) => row.dimension !== 'gender'), ...rows] };
}

describe('share charts', async () => {
  const stats = computeStats(buildChangingWorld());
  const chartOf = async (input: Stats, id: string) => (await renderCharts(input)).find((chart) => chart.id === id)!;

  test('draw each bar as long as its share of the platform, and differ when the data differ', async () => {
    const even = bars(await chartOf(withGenderShares(stats, 5, 5), 'share-gender'));
    const skewed = bars(await chartOf(withGenderShares(stats, 9, 1), 'share-gender'));
    expect(even.get('female, civitai: 50.0% of person-targeting models (5)')).toBeCloseTo(0.5 * PLOT_WIDTH, 6);
    expect(even.get('male, civitai: 50.0% of person-targeting models (5)')).toBeCloseTo(0.5 * PLOT_WIDTH, 6);
    expect(skewed.get('female, civitai: 90.0% of person-targeting models (9)')).toBeCloseTo(0.9 * PLOT_WIDTH, 6);
    expect(skewed.get('male, civitai: 10.0% of person-targeting models (1)')).toBeCloseTo(0.1 * PLOT_WIDTH, 6);
  });

  test('show both platforms and their combined share, each against its own total', async () => {
    const chart = bars(await chartOf(stats, 'share-baseFamily'));
    for (const row of stats.shares.filter((candidate) => candidate.dimension === 'baseFamily')) {
      const platform = row.scope === 'all' ? 'both' : row.scope;
      const width = [...chart].find(([label]) => label.startsWith(`${row.value}, ${platform}: `))?.[1];
      expect(width, `${row.value} ${platform}`).toBeCloseTo(row.share * PLOT_WIDTH, 6);
    }
  });

  test('never stack to 100%', async () => {
    for (const chart of await renderCharts(stats)) expect(chart.svg, chart.id).not.toMatch(/normalize/);
  });
});

describe('every chart', async () => {
  const stats = computeStats(buildChangingWorld());
  const charts = await renderCharts(stats);

  test('has a title, a caption, alt text with its figures, and its data', () => {
    expect(charts.map((chart) => chart.id)).toEqual([
      'share-gender', 'share-nciiLevel', 'share-baseFamily', 'share-modelType', 'monthly-new', 'cumulative-downloads', 'top-targets', 'removals-reuploads', 'top-creators',
    ]);
    for (const chart of charts) {
      expect(chart.title.length, chart.id).toBeGreaterThan(10);
      expect(chart.caption.length, chart.id).toBeGreaterThan(20);
      expect(chart.alt, chart.id).toMatch(/\d/);
      expect(chart.data.length, chart.id).toBeGreaterThan(0);
    }
  });

  test('labels count axes in plain units: 1.5k, 2M, never "0M"', async () => {
    const cumulative = charts.find((chart) => chart.id === 'cumulative-downloads')!;
    const labels = [...cumulative.svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
    expect(labels).toContain('Downloads (lifetime, cumulative)');
    expect(labels.filter((label) => /^0[kM]$/.test(label!))).toEqual([]);
    expect(labels).toEqual(expect.arrayContaining(['0', '1k']));
  });

  test('name targets by rank without --redact, by pseudonym with it', async () => {
    const plain = charts.find((chart) => chart.id === 'top-targets')!;
    expect(plain.data.map((row) => row.target)).toContain('#1 (female, private)');
    expect(plain.svg).not.toMatch(/Jane|Alice|Bob/);
    const redacted = (await renderCharts(redactStats(stats, new Pseudonymizer('a-long-enough-test-secret')), true)).find((chart) => chart.id === 'top-targets')!;
    expect(String(redacted.data[0]!.target)).toMatch(/^#1 target-[0-9a-f]{12}$/);
  });
});
