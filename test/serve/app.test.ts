// The console in-process (hono's app.request): access control, headers, escaping and reviews.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { ReviewWriter } from '../../src/triage/reviews.js';
import { ConsoleAuth } from '../../src/serve/auth.js';
import { createConsoleApp } from '../../src/serve/app.js';
import { buildTriageStore, modelIdOf } from '../triage/fixture.js';

const TOKEN = 'test-console-token-0123456789';
const HOST = '127.0.0.1:8787';
const ORIGIN = `http://${HOST}`;

let store: Store;
let auth: ConsoleAuth;
let app: ReturnType<typeof createConsoleApp>;

beforeEach(() => {
  store = buildTriageStore();
  auth = new ConsoleAuth(TOKEN);
  app = createConsoleApp({
    readStore: store,
    reviews: new ReviewWriter(store),
    auth,
    defaultReviewer: 'ana',
    allowedHosts: () => [HOST],
    now: () => new Date('2026-03-01T00:00:00.000Z'),
  });
});
afterEach(() => store.close());

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
  return cookie.split(';')[0];
}

function reviewForm(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams({ ref: 'civitai:4', decision: 'confirmed', reviewer: 'ana', note: 'seen', ...fields });
}

async function csrfFor(cookie: string): Promise<string> {
  const body = await (await request('/model?ref=civitai%3A4', { headers: { cookie } })).text();
  return body.match(/name="csrf" value="([^"]+)"/)![1];
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
    expect((await request(`/login/${auth.loginNonce}`)).status).toBe(401);
    const response = await request('/', { headers: { cookie } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('data-ref="civitai:1"');
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
      expect(csp).not.toMatch(/script-src|unsafe/);
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
    expect(response.headers.get('location')).toBe('/model?ref=civitai%3A4&recorded=1');
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
