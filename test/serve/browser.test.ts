// The console in real headless Chromium (Debian's chromium, driven by playwright-core): log in with
// the one-time link, then work the queue with the keyboard alone (filter, open, decide, undo, bulk,
// export); crawled <script>/onerror payloads stay inert text. Installed by scripts/install-browser.sh (called from .ci/run); skipped
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
  let reviewsBefore: number;
  const problems: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    const store = buildTriageStore(dbPath);
    reviewsBefore = (store.sqlite.prepare('SELECT max(id) AS id FROM reviews').get() as { id: number }).id;
    store.close();
    running = await startConsole({ dbPath, host: '127.0.0.1', port: 0, token: TOKEN, defaultReviewer: 'browser-analyst' });
    context = await chromium.launchPersistentContext(path.join(directory, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      acceptDownloads: true,
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

  it('drives the queue with the keyboard only: filter, open, decide three, undo one, bulk-decide two, export CSV', async () => {
    const queueRefs = () => page.locator('#queue tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-ref')));
    const modelRef = () => page.locator('input[name="ref"]').getAttribute('value');
    const keyAndLoad = async (key: string) => {
      await Promise.all([page.waitForEvent('load'), page.keyboard.press(key)]);
    };

    // Filter: `/` focuses the first filter (platform), typing picks "Civitai", Enter in a field submits.
    await page.keyboard.press('/');
    await page.keyboard.press('c');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await keyAndLoad('Enter');
    expect(new URL(page.url()).searchParams.get('platform')).toBe('civitai');
    expect(await queueRefs()).toEqual(['civitai:1', 'civitai:5', 'civitai:3', 'civitai:4']);
    await expect(page.locator('#count').textContent()).resolves.toBe('1–4 of 4');

    // Open the highlighted first row, then decide three models; each decision opens the next one.
    await keyAndLoad('Enter');
    expect(await modelRef()).toBe('civitai:1');
    await keyAndLoad('c');
    expect(await modelRef()).toBe('civitai:5');
    await expect(page.locator('[role="status"]').textContent()).resolves.toBe('Recorded Confirmed for civitai:1.');
    await keyAndLoad('f');
    expect(await modelRef()).toBe('civitai:3');
    await keyAndLoad('c');
    expect(await modelRef()).toBe('civitai:4');

    // Undo the last decision: back on civitai:3, whose status is its earlier one again.
    await keyAndLoad('u');
    expect(await modelRef()).toBe('civitai:3');
    await expect(page.locator('#status').textContent()).resolves.toBe('False positive');
    await expect(page.locator('#reviews tbody tr').last().textContent()).resolves.toContain('(undo)');

    // Back to the queue; select two rows (j moves, x selects), one note for both, f decides them.
    await keyAndLoad('b');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('j');
    await page.keyboard.press('x');
    await page.keyboard.press('n');
    await page.keyboard.type('fan art, not a real person');
    await page.keyboard.press('Escape');
    await keyAndLoad('f');
    await expect(page.locator('[role="status"]').textContent()).resolves.toBe('Recorded False positive for 2 models: civitai:3, civitai:4.');
    await expect(page.locator('tr[data-ref="civitai:4"] td.status').textContent()).resolves.toBe('False positive');

    // Export the filter as CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('e')]);
    const csv = fs.readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^ref,platform,platformId,name,/);
    expect(csv.slice(1).map((line) => line.split(',')[0])).toEqual(['civitai:1', 'civitai:5', 'civitai:3', 'civitai:4']);
    expect(csv.slice(1).map((line) => line.split(',')[18])).toEqual(['confirmed', 'false_positive', 'false_positive', 'false_positive']);

    const store = openStore({ path: dbPath, readonly: true });
    try {
      const events = store.sqlite
        .prepare(
          `SELECT m.platform_id AS model, r.decision, r.reviewer, r.note, r.undoes_review_id IS NOT NULL AS isUndo
           FROM reviews r JOIN models m ON m.id = r.model_id WHERE r.id > ? ORDER BY r.id`,
        )
        .all(reviewsBefore);
      expect(events).toEqual([
        { model: '1', decision: 'confirmed', reviewer: 'browser-analyst', note: null, isUndo: 0 },
        { model: '5', decision: 'false_positive', reviewer: 'browser-analyst', note: null, isUndo: 0 },
        { model: '3', decision: 'confirmed', reviewer: 'browser-analyst', note: null, isUndo: 0 },
        { model: '3', decision: 'false_positive', reviewer: 'browser-analyst', note: null, isUndo: 1 },
        { model: '3', decision: 'false_positive', reviewer: 'browser-analyst', note: 'fan art, not a real person', isUndo: 0 },
        { model: '4', decision: 'false_positive', reviewer: 'browser-analyst', note: 'fan art, not a real person', isUndo: 0 },
      ]);
    } finally {
      store.close();
    }
  });

  it('records a decision from the model page form and shows reuploads', async () => {
    await page.goto(`${running.url}/model?ref=civitai%3A5`);
    await expect(page.locator('#reuploads').textContent()).resolves.toContain('civitai:1');
    await page.fill('textarea[name="note"]', 'same file as civitai:1');
    await page.click('button[name="decision"][value="reported"]');
    // Opened without filters, the model sits in the default queue: its next model opens.
    await expect(page.locator('input[name="ref"]').getAttribute('value')).resolves.toBe('huggingface:bob/jane-flux');
    await expect(page.locator('[role="status"]').textContent()).resolves.toBe('Recorded Reported for civitai:5.');
    await page.goto(`${running.url}/model?ref=civitai%3A5`);
    await expect(page.locator('#status').textContent()).resolves.toBe('Reported');
    await expect(page.locator('#reviews tbody').textContent()).resolves.toContain('same file as civitai:1');
  });

  it('logs out, and the used one-time link then explains how to get a new one', async () => {
    await page.click('nav button');
    expect(new URL(page.url()).pathname).toBe('/login');
    await expect(page.locator('[role="alert"]').textContent()).resolves.toBe('You are signed out.');
    const response = await page.goto(running.loginUrl);
    expect(response?.status()).toBe(410);
    await expect(page.locator('body').textContent()).resolves.toContain('For a new one, press Enter in the terminal running dfwatch serve');
    await page.goto(running.newLoginUrl());
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('shows <script> and onerror= payloads as inert text', async () => {
    await page.goto(`${running.url}/model?ref=civitai%3A4`);
    await expect(page.locator('#description').textContent()).resolves.toBe(XSS_DESCRIPTION);
    await expect(page.locator('#model-name').textContent()).resolves.toBe('<img src=x onerror=alert(1)>Evil');
    expect(await page.title()).not.toContain('pwned');
    await expect(page.locator('img').count()).resolves.toBe(0);
    // The one script is the console's own file; nothing inline.
    await expect(page.locator('script').evaluateAll((scripts) => scripts.map((script) => [script.getAttribute('src'), script.textContent]))).resolves.toEqual([['/console.js', '']]);
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
      const count = store.sqlite.prepare(`SELECT count(*) AS n FROM reviews WHERE reviewer = 'x'`).get();
      expect(count).toEqual({ n: 0 });
    } finally {
      store.close();
    }
  });

  it('loaded nothing but the console itself and raised no script errors', () => {
    const origins = new Set(requests.map((url) => new URL(url).origin));
    expect([...origins].every((origin) => origin === running.url || origin === `http://localhost:${new URL(running.url).port}`)).toBe(true);
    expect(problems.filter((problem) => !/\b(401|403|410)\b/.test(problem))).toEqual([]);
  });
});
