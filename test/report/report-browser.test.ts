// The demo's report.html in headless Chromium (Debian's chromium package): key findings first, on
// the first screen, with the figures `dfwatch stats --json` gives for the same database; share bars
// as long as the shares; every chart rendered, captioned, with alt text and its CSV; no console
// errors (a CSP violation is one) and no request but the page itself.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runDemoReport, type DemoReport } from './demo-report.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The share charts' plot width in SVG units (WIDTH in src/report/charts.ts). */
const PLOT_WIDTH = 560;

let demo: DemoReport;
beforeAll(async () => {
  demo = await runDemoReport();
}, 120_000);
afterAll(() => demo?.cleanUp());

describe('the demo data', () => {
  test('gives every chart something to show', () => {
    const values = (dimension: string) => demo.stats.shares.filter((row) => row.scope === 'all' && row.dimension === dimension).map((row) => row.value);
    expect(values('gender')).toEqual(expect.arrayContaining(['female', 'male']));
    expect(values('fame').length).toBeGreaterThanOrEqual(4);
    expect(values('modelType').length).toBeGreaterThanOrEqual(3);
    // Explicit and none today; suggestive too once the classifier grades NCII (issue 14).
    expect(values('nciiLevel').length).toBeGreaterThanOrEqual(2);
    expect(demo.stats.removals.find((row) => row.scope === 'all' && row.reason === 'any')!.personTargeting).toBeGreaterThan(0);
    expect(demo.stats.reuploads.summary[0]!.personTargetingPairs).toBeGreaterThan(0);
    // Each platform's growth is measured from its own first snapshot, so the Hub's is not lost.
    const hub = demo.stats.growth.rows.find((row) => row.scope === 'huggingface' && row.population === 'person-targeting')!;
    expect(hub.downloadsGained).toBeGreaterThan(0);
  });
});

describe.skipIf(!fs.existsSync(CHROMIUM))('the demo report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];
  let pageUrl: string;

  beforeAll(async () => {
    pageUrl = pathToFileURL(path.join(demo.outDir, 'report.html')).href;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pageUrl, { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  test('opens without console errors or network requests', () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([pageUrl]);
  });

  test('shows the key findings first, on the first screen, with the figures of stats --json', async () => {
    const order = await page.locator('body > section').evaluateAll((sections) => sections.map((section) => section.id));
    expect(order.slice(0, 2)).toEqual(['top', 'key-findings']);
    // Nothing but the title, the generated line and the banner comes before the findings.
    expect(await page.locator('#top figure, #top table').count()).toBe(0);
    const box = (await page.locator('#key-findings .findings').boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(900);

    const values = Object.fromEntries(
      await page.locator('.finding').evaluateAll((cards) => cards.map((card) => [card.getAttribute('data-finding'), card.querySelector('.value')!.textContent!])),
    ) as Record<string, string>;
    const number = (text: string) => Number(text.replace(/,/g, ''));
    const { stats } = demo;
    const all = stats.personTargeting.find((row) => row.scope === 'all')!;
    const share = (dimension: string, value: string) => stats.shares.find((row) => row.scope === 'all' && row.dimension === dimension && row.value === value)?.models ?? 0;
    const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;

    expect(number(values.personTargeting!)).toBe(all.classifier);
    expect(number(values.downloadsLifetime!)).toBe(all.downloadsLifetime);
    expect(number(values.downloadsGained!)).toBe(stats.growth.rows.find((row) => row.scope === 'all' && row.population === 'person-targeting')!.downloadsGained);
    expect(values.womenShare).toBe(percent(share('gender', 'female'), share('gender', 'female') + share('gender', 'male')));
    expect(values.nciiExplicitShare).toBe(`${percent(all.nciiExplicit, all.classifier)} (${all.nciiExplicit} models)`);
    expect(values.loraShare).toBe(percent(share('modelType', 'LORA') + share('modelType', 'LoCon') + share('modelType', 'DoRA'), all.classifier));
    const platforms = stats.personTargeting.filter((row) => row.scope !== 'all').map((row) => `${row.scope} ${row.classifier}`);
    expect(values.platforms).toBe(platforms.join(', '));
    const removed = stats.removals.find((row) => row.scope === 'all' && row.reason === 'any')!.personTargeting;
    const pairs = stats.reuploads.summary.reduce((sum, row) => sum + row.personTargetingPairs, 0);
    expect(values.removals).toBe(`${removed} removed; ${pairs} re-upload pairs`);
  });

  test('draws every share bar as long as its share', async () => {
    const bars = await page.locator('figure[id^="chart-share-"]').evaluateAll((figures) =>
      figures.flatMap((figure) => {
        const svg = figure.querySelector('svg')!;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...figure.querySelectorAll('path[aria-roledescription="bar"]')].map((bar) => ({
          chart: figure.id.replace('chart-share-', ''),
          label: bar.getAttribute('aria-label')!,
          width: /h([\d.]+)/.exec(bar.getAttribute('d')!)![1]!,
          renderedWidth: bar.getBoundingClientRect().width / scale,
        }));
      }),
    );
    expect(new Set(bars.map((bar) => bar.chart))).toEqual(new Set(['gender', 'nciiLevel', 'baseFamily', 'modelType']));
    for (const bar of bars) {
      const [, value, platform] = /^(.+), (civitai|huggingface|both): /.exec(bar.label)!;
      const scope = platform === 'both' ? 'all' : platform;
      const row = demo.stats.shares.find((candidate) => candidate.dimension === bar.chart && candidate.scope === scope && candidate.value === value)!;
      expect(Number(bar.width), bar.label).toBeCloseTo(row.share * PLOT_WIDTH, 3);
      expect(bar.renderedWidth, bar.label).toBeCloseTo(row.share * PLOT_WIDTH, 0);
    }
  });

  test('renders every chart readably, with a caption, alt text and its CSV', async () => {
    const charts = await page.locator('figure').evaluateAll((figures) =>
      figures.map((figure) => {
        const svg = figure.querySelector('svg')!;
        const box = svg.getBoundingClientRect();
        return {
          id: figure.id,
          width: box.width,
          height: box.height,
          texts: [...svg.querySelectorAll('text')].filter((text) => text.getBoundingClientRect().width > 0).map((text) => text.textContent ?? ''),
          alt: figure.querySelector('[role="img"]')?.getAttribute('aria-label') ?? '',
          caption: figure.querySelector('figcaption')?.textContent ?? '',
          csv: figure.querySelector('figcaption a')?.getAttribute('href') ?? '',
        };
      }),
    );
    expect(charts.map((chart) => chart.id).sort()).toEqual(
      ['cumulative-downloads', 'monthly-new', 'removals-reuploads', 'share-baseFamily', 'share-gender', 'share-modelType', 'share-nciiLevel', 'top-creators', 'top-targets'].map((id) => `chart-${id}`),
    );
    for (const chart of charts) {
      expect(chart.width, chart.id).toBeGreaterThan(300);
      expect(chart.height, chart.id).toBeGreaterThan(80);
      expect(chart.texts.length, chart.id).toBeGreaterThan(3);
      expect(chart.alt, chart.id).toMatch(/chart, .+: .+\d/);
      expect(chart.caption, chart.id).toMatch(/^What this shows: .{20,}/);
      expect(fs.existsSync(path.join(demo.outDir, chart.csv)), chart.csv).toBe(true);
      // Axis labels read as numbers with units, never a run of "0M" ticks.
      expect(chart.texts.filter((text) => text === '0M'), chart.id).toEqual([]);
    }

    // Each chart's screenshot is not blank: it holds many distinct colours (bars, axes, text).
    for (const chart of charts) {
      const screenshot = await page.locator(`#${chart.id} svg`).screenshot();
      const colours = await page.evaluate(async (png) => {
        const image = new Image();
        image.src = `data:image/png;base64,${png}`;
        await image.decode();
        const canvas = new OffscreenCanvas(image.width, image.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(image, 0, 0);
        const pixels = context.getImageData(0, 0, image.width, image.height).data;
        const seen = new Set<number>();
        for (let index = 0; index < pixels.length; index += 4) seen.add((pixels[index]! << 16) | (pixels[index + 1]! << 8) | pixels[index + 2]!);
        return seen.size;
      }, screenshot.toString('base64'));
      expect(colours, chart.id).toBeGreaterThan(20);
    }
  });

  test('lets a wide table scroll inside its own box instead of overflowing the page', async () => {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const wrap = await page.locator('#crawl-runs ~ .table-wrap').first().evaluate((element) => getComputedStyle(element).overflowX);
    expect(wrap).toBe('auto');
  });
});
