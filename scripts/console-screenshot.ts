// Takes the README's screenshot of the web console (docs/console.png) from a demo database:
//   npx dfwatch demo --keep            # prints the demo database's path
//   node bin/run-ts.js scripts/console-screenshot.ts /tmp/dfwatch-demo-…/demo.db docs/console.png
// Serves the console on 127.0.0.1 with a throw-away token and drives Debian's Chromium
// (/usr/bin/chromium) with playwright-core, the same way test/serve/browser.test.ts does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startConsole } from '../src/serve/server.js';
import { newSecret } from '../src/serve/auth.js';

const [dbPath, outPath = 'docs/console.png'] = process.argv.slice(2);
if (!dbPath) {
  process.stderr.write('usage: console-screenshot.ts DEMO.db [OUT.png]\n');
  process.exit(2);
}
// A copy, so the decisions made for the picture stay out of the demo database.
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-screenshot-'));
const copy = path.join(directory, 'demo.db');
fs.copyFileSync(dbPath, copy);
const running = await startConsole({ dbPath: copy, host: '127.0.0.1', port: 0, token: newSecret(), defaultReviewer: 'analyst' });
const context = await chromium.launchPersistentContext(path.join(directory, 'profile'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1440, height: 900 },
  deviceScaleFactor: 1,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(running.loginUrl);
  // A session's worth of work: two decisions by keyboard, then the queue with two rows selected.
  await page.goto(`${running.url}/?flag=person&limit=25`);
  for (const key of ['Enter', 'c', 'f']) await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('b')]);
  for (const key of ['j', 'j', 'x', 'j', 'x']) await page.keyboard.press(key);
  await page.evaluate(() => window.scrollTo(0, 0));
  fs.mkdirSync(path.dirname(outPath), { recursive: true });
  await page.screenshot({ path: outPath });
  process.stdout.write(`wrote ${outPath}\n`);
} finally {
  await context.close();
  await running.close();
  fs.rmSync(directory, { recursive: true, force: true });
}
