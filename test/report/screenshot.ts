// Writes the README's picture of the report's first screen: runs `dfwatch demo`, reports its
// database again with the held-out gold set (when the real records archive is beside the checkout,
// so the picture shows corrected intervals), opens report.html in headless Chromium at 1280×900
// and saves what a reader sees before scrolling.
//   node bin/run-ts.js test/report/screenshot.ts docs/report-first-screen.png
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { runDemoReport } from './demo-report.js';
import { runCli } from '../helpers/cli.js';

const RECORDS = '../shared/civitai-2023-dev.jsonl.gz';

const target = process.argv[2] ?? 'docs/report-first-screen.png';
const demo = await runDemoReport();
if (fs.existsSync(RECORDS)) {
  const gold = ['--gold', 'data/gold/civitai-2023-heldout.jsonl', '--gold-records', RECORDS];
  const result = await runCli(['--db', demo.dbPath, 'report', '--out', demo.outDir, ...gold]);
  if (result.code !== 0) throw new Error(result.stderr);
}
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
