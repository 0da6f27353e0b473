// report.html in headless Chromium (Debian's chromium package): no console errors (a CSP violation is
// one), no request but the page itself, and charts that render at a readable size with visible text.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { chromium } from 'playwright-core';
import { writeReport } from '../../src/report/report.js';
import { buildChangingWorld } from '../stats/changing-world.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-report-browser-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe.skipIf(!fs.existsSync(CHROMIUM))('report.html in headless Chromium', () => {
  test('opens without console errors or network requests and shows readable charts', async () => {
    await writeReport(buildChangingWorld(), { outDir: directory });
    const pageUrl = pathToFileURL(path.join(directory, 'report.html')).href;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(pageUrl, { waitUntil: 'load' });

      expect(problems).toEqual([]);
      expect(requests).toEqual([pageUrl]);

      const charts = await page.locator('figure svg').evaluateAll((svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          const texts = [...svg.querySelectorAll('text')].filter((text) => text.getBoundingClientRect().width > 0).map((text) => text.textContent ?? '');
          const marks = svg.querySelectorAll('path[fill]:not([fill="none"]), rect').length;
          return { width: box.width, height: box.height, texts, marks };
        }),
      );
      expect(charts).toHaveLength(5);
      for (const chart of charts) {
        expect(chart.width).toBeGreaterThan(300);
        expect(chart.height).toBeGreaterThan(100);
        expect(chart.marks).toBeGreaterThan(1);
        expect(chart.texts.length).toBeGreaterThan(3);
      }
      expect(charts.some((chart) => chart.texts.includes('New person-targeting models per month'))).toBe(true);

      // The screenshot of a chart is not blank: it holds many distinct colours (bars, axes, text).
      const screenshot = await page.locator('#chart-monthly-new').screenshot({ path: path.join(directory, 'monthly-new.png') });
      expect(screenshot.length).toBeGreaterThan(5_000);
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
      expect(colours).toBeGreaterThan(20);
    } finally {
      await browser.close();
    }
  });
});
