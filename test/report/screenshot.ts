// Writes the README's picture of the report's first screen: runs `dfwatch demo`, opens its
// report.html in headless Chromium at 1280×900 and saves what a reader sees before scrolling.
//   node bin/run-ts.js test/report/screenshot.ts docs/report-first-screen.png
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runDemoReport } from './demo-report.js';

const target = process.argv[2] ?? 'docs/report-first-screen.png';
const demo = await runDemoReport();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(pathToFileURL(path.join(demo.outDir, 'report.html')).href, { waitUntil: 'load' });
  await page.screenshot({ path: target });
  process.stderr.write(`wrote ${target}\n`);
} finally {
  await browser.close();
  demo.cleanUp();
}
