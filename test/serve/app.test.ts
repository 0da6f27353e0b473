// The console in-process (hono's app.request): access control, headers, escaping, reviews, undo and exports.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { ReviewWriter } from '../../src/triage/reviews.js';
import { ConsoleAuth } from '../../src/serve/auth.js';
import { createConsoleApp } from '../../src/serve/app.js';
import { SHARED_SHA, buildTriageStore, modelIdOf } from '../triage/fixture.js';

const TOKEN = 'test-console-token-0123456789';
const HOST = '127.0.0.1:8787';
const ORIGIN = `http://${HOST}`;

let store: Store;
let auth: ConsoleAuth;
let app: ReturnType<typeof createConsoleApp>;
let directory: string;
let clock: number;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-serve-app-'));
  const dbPath = path.join(directory, 'dfwatch.db');
  store = buildTriageStore(dbPath);
  clock = 0;
  auth = new ConsoleAuth({ token: TOKEN, idleMs: 60_000, now: () => clock });
  app = createConsoleApp({
    readStore: store,
    openExportStore: () => openStore({ path: dbPath, readonly: true }),
    reviews: new ReviewWriter(store),
    auth,
    defaultReviewer: 'ana',
    allowedHosts: () => [HOST],
    now: () => new Date('2026-03-01T00:00:00.000Z'),
  });
});
afterEach(() => {
  store.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

function request(path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (!headers.has('host')) headers.set('host', HOST);
  return app.request(`${ORIGIN}${path}`, { ...init, headers });
}

async function login(): Promise<string> {
  const response = await request(`/login/${auth.loginNonce}`);
  expect(response.status).toBe(303);
  const cookie = response.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return cookie.split(';')[0]!;
}

function reviewForm(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams({ ref: 'civitai:4', decision: 'confirmed', reviewer: 'ana', note: 'seen', ...fields });
}

async function csrfFor(cookie: string): Promise<string> {
  const body = await (await request('/model?ref=civitai%3A4', { headers: { cookie } })).text();
  return body.match(/name="csrf" value="([^"]+)"/)![1]!;
}

const reviewCount = () => (store.sqlite.prepare('SELECT count(*) AS n FROM reviews WHERE model_id = ?').get(modelIdOf(store, '4')) as { n: number }).n;

describe('access', () => {
  it.each(['/', '/model?ref=civitai%3A1', '/api/triage', '/nowhere'])('answers %s with 401 without a credential', async (path) => {
    const response = await request(path);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('Jane Doe');
  });

  it('answers 401 to a wrong cookie or bearer token', async () => {
    expect((await request('/', { headers: { cookie: 'dfwatch_session=forged' } })).status).toBe(401);
    expect((await request('/api/triage', { headers: { authorization: 'Bearer wrong-token' } })).status).toBe(401);
  });

  it('lets the login link work once, then serves the queue to the session', async () => {
    const cookie = await login();
    const response = await request('/', { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('data-ref="civitai:1"');
  });

  it('answers a used login link with how to get a new one, not a bare 401', async () => {
    const cookie = await login();
    const again = await request(`/login/${auth.loginNonce}`);
    expect(again.status).toBe(410);
    const text = await again.text();
    expect(text).toContain('This sign-in link has already been used.');
    expect(text).toContain('For a new one, press Enter in the terminal running dfwatch serve');
    expect(text).toContain('name="token"');
    // The browser the link signed in just goes on to the queue.
    const sameBrowser = await request(`/login/${auth.loginNonce}`, { headers: { cookie } });
    expect([sameBrowser.status, sameBrowser.headers.get('location')]).toEqual([303, '/']);
  });

  it('ends a session after the idle time and says so', async () => {
    const cookie = await login();
    clock = 30_000;
    expect((await request('/', { headers: { cookie } })).status).toBe(200);
    clock = 90_001;
    const expired = await request('/', { headers: { cookie } });
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('Your session ended after 1 minute without activity.');
  });

  it('logs out with the CSRF token; the cookie then opens nothing', async () => {
    const cookie = await login();
    const csrf = await csrfFor(cookie);
    const response = await request('/logout', { method: 'POST', body: new URLSearchParams({ csrf }), headers: { cookie, 'sec-fetch-site': 'same-origin' } });
    expect([response.status, response.headers.get('location')]).toEqual([303, '/login?bye=1']);
    expect((await request('/', { headers: { cookie } })).status).toBe(401);
  });

  it('signs in with the token from the login form', async () => {
    const form = new URLSearchParams({ token: TOKEN });
    const response = await request('/login', { method: 'POST', body: form, headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin' } });
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toMatch(/^dfwatch_session=/);
    const wrong = await request('/login', { method: 'POST', body: new URLSearchParams({ token: 'nope' }) });
    expect(wrong.status).toBe(401);
  });

  it('accepts the bearer token for scripts', async () => {
    const response = await request('/api/triage?flag=ncii', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { ref: string }[]).map((row) => row.ref)).toEqual(['civitai:1', 'civitai:5', 'huggingface:bob/jane-flux']);
  });

  it('refuses a Host it does not serve (DNS rebinding)', async () => {
    const response = await request('/', { headers: { host: 'attacker.example:8787', authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(421);
  });
});

describe('headers', () => {
  it('sends a strict CSP and the other protective headers on every answer', async () => {
    for (const response of [await request('/'), await request('/', { headers: { cookie: await login() } })]) {
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/style-src 'nonce-[\w-]+'/);
      expect(csp).toMatch(/form-action 'self'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      // The only script is the console's own keyboard file.
      expect(csp).toMatch(/script-src 'self';/);
      expect(csp).not.toMatch(/unsafe/);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('uses a fresh style nonce per response, matching the page', async () => {
    const cookie = await login();
    const one = await request('/', { headers: { cookie } });
    const two = await request('/', { headers: { cookie } });
    const nonceOf = (response: Response) => response.headers.get('content-security-policy')!.match(/'nonce-([\w-]+)'/)![1];
    expect(nonceOf(one)).not.toBe(nonceOf(two));
    expect(await one.text()).toContain(`<style nonce="${nonceOf(one)}">`);
  });
});

describe('escaping', () => {
  it('shows crawled HTML and script as inert text', async () => {
    const cookie = await login();
    const model = await (await request('/model?ref=civitai%3A4', { headers: { cookie } })).text();
    const queue = await (await request('/', { headers: { cookie } })).text();
    for (const body of [model, queue]) {
      expect(body).not.toContain('<img src=x');
      expect(body).not.toContain('<b>Evil</b>');
      expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;Evil');
    }
    expect(model).not.toContain('<script>');
    expect(model).toContain('&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;');
    expect(model).not.toMatch(/<img/);
  });
});

describe('reviews', () => {
  it('records a decision posted with the CSRF token and redirects to the model', async () => {
    const cookie = await login();
    const csrf = await csrfFor(cookie);
    const response = await request('/review', {
      method: 'POST',
      body: reviewForm({ csrf }),
      headers: { cookie, origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const row = store.sqlite.prepare('SELECT decision, note, reviewer, created_at AS createdAt FROM reviews WHERE model_id = ?').get(modelIdOf(store, '4'));
    expect(row).toEqual({ decision: 'confirmed', note: 'seen', reviewer: 'ana', createdAt: '2026-03-01T00:00:00.000Z' });
  });

  it('accepts what Chromium sends for its own form under no-referrer: Origin null, Sec-Fetch-Site same-origin', async () => {
    const cookie = await login();
    const csrf = await csrfFor(cookie);
    const response = await request('/review', { method: 'POST', body: reviewForm({ csrf }), headers: { cookie, origin: 'null', 'sec-fetch-site': 'same-origin' } });
    expect(response.status).toBe(303);
    expect(reviewCount()).toBe(1);
  });

  it('refuses a POST without the CSRF token', async () => {
    const cookie = await login();
    const response = await request('/review', { method: 'POST', body: reviewForm({}), headers: { cookie, origin: ORIGIN } });
    expect(response.status).toBe(403);
    expect(reviewCount()).toBe(0);
  });

  it('refuses a cross-site POST even with a valid CSRF token', async () => {
    const cookie = await login();
    const csrf = await csrfFor(cookie);
    const attempts: Record<string, string>[] = [
      { cookie, origin: 'https://attacker.example' },
      { cookie, 'sec-fetch-site': 'cross-site' },
      { cookie, 'sec-fetch-site': 'same-site', origin: ORIGIN },
      { cookie, origin: 'null' },
    ];
    for (const headers of attempts) {
      const response = await request('/review', { method: 'POST', body: reviewForm({ csrf }), headers });
      expect(response.status).toBe(403);
    }
    expect(reviewCount()).toBe(0);
  });

  it('rejects an unknown decision or model with a 400 and records nothing', async () => {
    const cookie = await login();
    const csrf = await csrfFor(cookie);
    const headers = { cookie, origin: ORIGIN };
    expect((await request('/review', { method: 'POST', body: reviewForm({ csrf, decision: 'delete' }), headers })).status).toBe(400);
    expect((await request('/review', { method: 'POST', body: reviewForm({ csrf, ref: 'civitai:999' }), headers })).status).toBe(400);
    expect((await request('/review', { method: 'POST', body: reviewForm({ csrf, reviewer: ' ' }), headers })).status).toBe(400);
    expect(reviewCount()).toBe(0);
  });
});

describe('filters', () => {
  it('answers a bad filter with 400 and the message', async () => {
    const cookie = await login();
    const response = await request('/?since=someday', { headers: { cookie } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('--since: expected a date');
  });
});

describe('the queue', () => {
  it('shows the total, pages, words for labels and thousands separators', async () => {
    const cookie = await login();
    const body = await (await request('/?limit=2&page=2', { headers: { cookie } })).text();
    expect(body).toContain('<strong id="count">3–4 of 5</strong>');
    expect(body).toMatch(/<a rel="prev" href="\/\?limit=2">/);
    expect(body).toMatch(/<a rel="next" href="\/\?limit=2&amp;page=3">/);
    expect(body).toContain('<td class="status">False positive</td>');
    const first = await (await request('/', { headers: { cookie } })).text();
    expect(first).toContain('<td class="n">1,500</td><td class="n">+500</td><td class="n"></td>');
    expect(first).toContain('<option value="false_positive">False positive</option>');
    expect(first).toContain('Lifetime downloads</th><th class="n">Gained (lifetime)</th><th class="n">Last 30 days');
  });
});

describe('decisions', () => {
  async function post(cookie: string, pathName: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [key, value] of Object.entries(fields)) for (const item of [value].flat()) body.append(key, item);
    body.set('csrf', await csrfFor(cookie));
    return request(pathName, { method: 'POST', body, headers: { cookie, 'sec-fetch-site': 'same-origin' } });
  }
  const decisions = () =>
    store.sqlite
      .prepare(`SELECT m.platform_id AS id, r.decision, r.reviewer, r.undoes_review_id IS NOT NULL AS isUndo FROM reviews r JOIN models m ON m.id = r.model_id WHERE r.created_at >= '2026-03' ORDER BY r.id`)
      .all();

  it('opens the next model of the queue after a decision, keeping the filters', async () => {
    const cookie = await login();
    const modelBody = await (await request('/model?ref=civitai%3A5&status=unreviewed', { headers: { cookie } })).text();
    expect(modelBody).toContain('model 1 of 3 in this queue');
    expect(modelBody).toContain('name="next" value="huggingface:bob/jane-flux"');
    const response = await post(cookie, '/review', { ref: 'civitai:5', decision: 'confirmed', reviewer: 'bo', next: 'huggingface:bob/jane-flux', nextPage: '1', status: 'unreviewed' });
    expect(response.headers.get('location')).toBe('/model?ref=huggingface%3Abob%2Fjane-flux&status=unreviewed');
    const next = await (await request(response.headers.get('location')!, { headers: { cookie } })).text();
    expect(next).toContain('Recorded Confirmed for civitai:5.');
    // The session remembers the reviewer.
    expect(next).toContain('name="reviewer" value="bo"');
    expect(decisions()).toEqual([{ id: '5', decision: 'confirmed', reviewer: 'bo', isUndo: 0 }]);
  });

  it('records nothing on skip', async () => {
    const cookie = await login();
    const response = await post(cookie, '/review', { ref: 'civitai:5', decision: 'skip', reviewer: 'bo', next: 'civitai:4' });
    expect(response.headers.get('location')).toBe('/model?ref=civitai%3A4');
    expect(decisions()).toEqual([]);
  });

  it('decides selected rows at once with one note, and undoes them as one step', async () => {
    const cookie = await login();
    const response = await post(cookie, '/bulk', { ref: ['civitai:4', 'civitai:5'], decision: 'false_positive', note: 'fan art', reviewer: 'bo', flag: 'person' });
    expect(response.headers.get('location')).toBe('/?flag=person');
    expect(store.sqlite.prepare(`SELECT count(*) AS n FROM reviews WHERE note = 'fan art'`).get()).toEqual({ n: 2 });
    const queue = await (await request('/?flag=person', { headers: { cookie } })).text();
    expect(queue).toContain('Recorded False positive for 2 models: civitai:4, civitai:5.');
    const undo = await post(cookie, '/undo', { flag: 'person' });
    expect(undo.headers.get('location')).toBe('/?flag=person');
    expect(decisions()).toEqual([
      { id: '4', decision: 'false_positive', reviewer: 'bo', isUndo: 0 },
      { id: '5', decision: 'false_positive', reviewer: 'bo', isUndo: 0 },
      { id: '4', decision: 'unreviewed', reviewer: 'bo', isUndo: 1 },
      { id: '5', decision: 'unreviewed', reviewer: 'bo', isUndo: 1 },
    ]);
    const nothing = await post(cookie, '/undo', {});
    expect(nothing.status).toBe(303);
    expect(await (await request('/', { headers: { cookie } })).text()).toContain('Nothing to undo.');
  });

  it('refuses a bulk decision with no row selected', async () => {
    const cookie = await login();
    const response = await post(cookie, '/bulk', { decision: 'confirmed', reviewer: 'bo' });
    expect(response.status).toBe(400);
    expect(decisions()).toEqual([]);
  });
});

describe('exports', () => {
  it.each([
    ['csv', 'text/csv; charset=utf-8', /^ref,platform,platformId,name,creator,url,downloadsLifetime,downloads30d,growth,/],
    ['jsonl', 'application/x-ndjson; charset=utf-8', /^\{"ref":"civitai:1",/],
    ['hma-url', 'text/plain; charset=utf-8', /^url https:\/\/civitai\.com\/models\/1\nurl https:\/\/civitai\.com\/models\/5\n/],
  ])('streams the whole filter (every page) as %s', async (format, type, start) => {
    const cookie = await login();
    const response = await request(`/export?format=${format}&flag=ncii&limit=1&page=2`, { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="dfwatch-triage-2026-03-01T00-00-00\./);
    const text = await response.text();
    expect(text).toMatch(start);
    expect(text.trim().split('\n')).toHaveLength(format === 'csv' ? 4 : 3);
  });

  it('lists the SHA256 of the filtered models’ files', async () => {
    const response = await request('/export?format=sha256&flag=ncii', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect((await response.text()).trim().split('\n')).toEqual([SHARED_SHA.toLowerCase(), 'bobjaneflux'.padEnd(64, 'c')]);
  });

  it('refuses an unknown format', async () => {
    const response = await request('/export?format=xlsx', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(400);
  });
});
