// The console in real headless Chromium (Debian's chromium, driven by playwright-core): log in with
// the one-time link, filter the queue, open a model, record a decision; crawled <script>/onerror
// payloads stay inert text. Installed by scripts/install-browser.sh (called from .ci/run); skipped
// only outside CI when Chromium is absent.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startConsole, type RunningConsole } from '../../src/serve/server.js';
import { openStore } from '../../src/db/open.js';
import { XSS_DESCRIPTION, buildTriageStore } from '../triage/fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const isCi = process.env.CI === 'true';
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium && !isCi) {
  process.stderr.write(`skipping the console browser tests: no ${CHROMIUM} (run scripts/install-browser.sh); in CI they must run\n`);
}

const TOKEN = 'browser-console-token-0123456789';

describe.skipIf(!hasChromium && !isCi)('web console in headless Chromium', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-serve-browser-'));
  const dbPath = path.join(directory, 'dfwatch.db');
  let running: RunningConsole;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    buildTriageStore(dbPath).close();
    running = await startConsole({ dbPath, host: '127.0.0.1', port: 0, token: TOKEN, defaultReviewer: 'browser-analyst' });
    context = await chromium.launchPersistentContext(path.join(directory, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
  });

  afterAll(async () => {
    await context?.close();
    await running?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('answers 401 before login', async () => {
    const response = await page.goto(running.url);
    expect(response?.status()).toBe(401);
    await expect(page.locator('h1').textContent()).resolves.toBe('dfwatch console');
  });

  it('logs in with the one-time link and shows the queue', async () => {
    await page.goto(running.loginUrl);
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.locator('#queue tbody tr').count()).resolves.toBe(5);
    const cookies = await context.cookies(running.url);
    expect(cookies).toEqual([expect.objectContaining({ name: 'dfwatch_session', httpOnly: true, sameSite: 'Strict' })]);
  });

  it('filters the queue', async () => {
    await page.selectOption('select[name="flag"]', 'ncii');
    await page.fill('input[name="target"]', 'jane');
    await page.selectOption('select[name="platform"]', 'civitai');
    await page.click('button[type="submit"]');
    const refs = await page.locator('#queue tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ref')));
    expect(refs).toEqual(['civitai:1', 'civitai:5']);
    expect(new URL(page.url()).searchParams.get('flag')).toBe('ncii');
  });

  it('opens a model and records a decision', async () => {
    await page.click('tr[data-ref="civitai:5"] td a');
    await expect(page.locator('#model-name').textContent()).resolves.toBe('Jane Doe reupload');
    await expect(page.locator('#status').textContent()).resolves.toBe('unreviewed');
    await expect(page.locator('#reuploads').textContent()).resolves.toContain('civitai:1');
    await page.fill('textarea[name="note"]', 'same file as civitai:1');
    await page.click('button[name="decision"][value="reported"]');
    await expect(page.locator('#status').textContent()).resolves.toBe('reported');
    await expect(page.locator('#reviews tbody').textContent()).resolves.toContain('same file as civitai:1');

    const store = openStore({ path: dbPath, readonly: true });
    try {
      const rows = store.sqlite
        .prepare(`SELECT decision, reviewer, note FROM reviews r JOIN models m ON m.id = r.model_id WHERE m.platform_id = '5'`)
        .all();
      expect(rows).toEqual([{ decision: 'reported', reviewer: 'browser-analyst', note: 'same file as civitai:1' }]);
    } finally {
      store.close();
    }
  });

  it('shows <script> and onerror= payloads as inert text', async () => {
    await page.goto(`${running.url}/model?ref=civitai%3A4`);
    await expect(page.locator('#description').textContent()).resolves.toBe(XSS_DESCRIPTION);
    await expect(page.locator('#model-name').textContent()).resolves.toBe('<img src=x onerror=alert(1)>Evil');
    expect(await page.title()).not.toContain('pwned');
    await expect(page.locator('img').count()).resolves.toBe(0);
    await expect(page.locator('script').count()).resolves.toBe(0);
    // The styles applied: the nonce matched the CSP, so the page is not a CSP violation.
    const margin = await page.evaluate(() => getComputedStyle(document.body).marginLeft);
    expect(margin).not.toBe('8px');
  });

  it('refuses a cross-site POST', async () => {
    // A page on another origin (localhost vs 127.0.0.1 are different sites) submits a review form.
    const attacker = `http://localhost:${new URL(running.url).port}/`;
    await page.route(`${attacker}attack`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form id="f" method="post" action="${running.url}/review"><input name="ref" value="civitai:4"><input name="decision" value="confirmed"><input name="reviewer" value="x"></form>`,
      }),
    );
    await page.goto(`${attacker}attack`);
    const [response] = await Promise.all([page.waitForResponse(`${running.url}/review`), page.evaluate(() => (document.getElementById('f') as HTMLFormElement).submit())]);
    expect([401, 403]).toContain(response.status());
    const store = openStore({ path: dbPath, readonly: true });
    try {
      const count = store.sqlite.prepare(`SELECT count(*) AS n FROM reviews r JOIN models m ON m.id = r.model_id WHERE m.platform_id = '4'`).get();
      expect(count).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });

  it('loaded nothing but the console itself and raised no script errors', () => {
    const origins = new Set(requests.map((url) => new URL(url).origin));
    expect([...origins].every((origin) => origin === running.url || origin === `http://localhost:${new URL(running.url).port}`)).toBe(true);
    expect(problems.filter((problem) => !problem.includes('401') && !problem.includes('403'))).toEqual([]);
  });
});
