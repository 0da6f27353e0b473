// The web console as a hono app: the triage queue with its filters, the model page and review
// buttons. Reads go through a read-only connection; the only write is ReviewWriter's INSERT INTO
// reviews on a second connection.
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { bodyLimit } from 'hono/body-limit';
import type { Store } from '../db/open.js';
import { UserError } from '../errors.js';
import { getModelDetail } from '../triage/model-detail.js';
import { parseModelRef } from '../triage/model-ref.js';
import { REVIEW_DECISIONS, parseTriageFilters, queryTriage, type ReviewDecision, type TriageFilterInput } from '../triage/triage.js';
import type { ReviewWriter } from '../triage/reviews.js';
import { ConsoleAuth, SESSION_COOKIE, newSecret } from './auth.js';
import { errorPage, layout, loginPage, modelHref, modelPage, queuePage } from './pages.js';

export interface ConsoleAppOptions {
  /** A read-only connection. */
  readStore: Store;
  /** The only way the console writes. */
  reviews: ReviewWriter;
  auth: ConsoleAuth;
  /** Prefilled in the review form ($DFWATCH_REVIEWER). */
  defaultReviewer: string;
  /**
   * Host headers accepted (e.g. "127.0.0.1:8787"), or null for any. On a loopback address this stops
   * DNS-rebinding pages from talking to the console under their own name.
   */
  allowedHosts: () => string[] | null;
  now?: () => Date;
  /** Where bugs are reported (the response shows no detail). */
  onInternalError?: (error: Error) => void;
}

type Env = { Variables: { styleNonce: string; credential: string; isSession: boolean } };

const FILTER_KEYS = ['platform', 'flag', 'since', 'grown', 'minDownloads', 'gender', 'fame', 'base', 'creator', 'target', 'status', 'sort', 'limit'] as const;

function filterInput(c: Context<Env>): TriageFilterInput {
  const input: TriageFilterInput = {};
  for (const key of FILTER_KEYS) {
    const value = c.req.query(key);
    if (value !== undefined) input[key] = value;
  }
  return input;
}

/**
 * A POST from another site. Sec-Fetch-Site, where the browser sends it, decides. Otherwise Origin
 * must be ours. Under Referrer-Policy: no-referrer Chromium sends `Origin: null` even for our own
 * forms, so a null Origin passes only with Sec-Fetch-Site: same-origin.
 */
function isCrossSite(c: Context<Env>): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site !== undefined) return site !== 'same-origin';
  const origin = c.req.header('origin');
  return origin !== undefined && origin !== new URL(c.req.url).origin;
}

function securityHeaders(headers: Headers, styleNonce: string): void {
  headers.set(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'nonce-${styleNonce}'; img-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  // Pages name real people: keep them out of caches.
  headers.set('Cache-Control', 'no-store');
}

export function createConsoleApp(options: ConsoleAppOptions): Hono<Env> {
  const { readStore, reviews, auth } = options;
  const now = options.now ?? (() => new Date());
  const app = new Hono<Env>();
  const page = (c: Context<Env>, title: string, body: Parameters<typeof layout>[2], status: 200 | 400 | 401 | 403 | 404 | 421 | 500 = 200) =>
    c.html(layout(title, c.get('styleNonce'), body), status);
  const startSession = (c: Context<Env>, session: string) =>
    setCookie(c, SESSION_COOKIE, session, { httpOnly: true, sameSite: 'Strict', path: '/' });

  app.use('*', async (c, next) => {
    const styleNonce = newSecret(16);
    c.set('styleNonce', styleNonce);
    const allowed = options.allowedHosts();
    if (allowed && !allowed.includes(c.req.header('host') ?? '')) {
      c.res = await page(c, 'Refused', errorPage('unknown host name'), 421);
    } else {
      await next();
    }
    securityHeaders(c.res.headers, styleNonce);
  });
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('request too large', 413) }));

  // Public: the one-time link and the token form.
  app.get('/login/:nonce', (c) => {
    const session = auth.redeemLoginNonce(c.req.param('nonce'));
    if (!session) return page(c, 'Sign in', loginPage('This login link is wrong or was already used.'), 401);
    startSession(c, session);
    return c.redirect('/', 303);
  });
  app.get('/login', (c) => page(c, 'Sign in', loginPage(null)));
  app.post('/login', async (c) => {
    if (isCrossSite(c)) return page(c, 'Refused', errorPage('cross-site request refused'), 403);
    const body = await c.req.parseBody();
    const session = typeof body.token === 'string' ? auth.loginWithToken(body.token) : null;
    if (!session) return page(c, 'Sign in', loginPage('Wrong token.'), 401);
    startSession(c, session);
    return c.redirect('/', 303);
  });

  // Everything else needs a session cookie or the bearer token.
  app.use('*', async (c, next) => {
    const session = getCookie(c, SESSION_COOKIE);
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/)?.[1];
    if (session && auth.isSessionValid(session)) {
      c.set('credential', session);
      c.set('isSession', true);
    } else if (bearer && auth.isTokenValid(bearer)) {
      c.set('credential', bearer);
      c.set('isSession', false);
    } else {
      if (c.req.path.startsWith('/api/')) return c.json({ error: 'unauthorized' }, 401);
      return page(c, 'Sign in', loginPage(null), 401);
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (isCrossSite(c)) return page(c, 'Refused', errorPage('cross-site request refused'), 403);
      // A bearer token cannot ride along on a cross-site request; a cookie can, so it needs the CSRF token.
      if (c.get('isSession')) {
        const body = await c.req.parseBody();
        const csrf = typeof body.csrf === 'string' ? body.csrf : undefined;
        if (!auth.isCsrfValid(session as string, csrf)) return page(c, 'Refused', errorPage('missing or wrong CSRF token'), 403);
      }
    }
    await next();
  });

  app.get('/', (c) => {
    const input = filterInput(c);
    try {
      const { classifierVersion, rows } = queryTriage(readStore, parseTriageFilters(input));
      return page(c, 'Triage queue', queuePage({ filters: input, rows, classifierVersion, error: null }));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return page(c, 'Triage queue', queuePage({ filters: input, rows: [], classifierVersion: null, error: error.message }), 400);
    }
  });

  app.get('/api/triage', (c) => {
    try {
      return c.json(queryTriage(readStore, parseTriageFilters(filterInput(c))).rows);
    } catch (error) {
      if (error instanceof UserError) return c.json({ error: error.message }, 400);
      throw error;
    }
  });

  app.get('/model', (c) => {
    try {
      const detail = getModelDetail(readStore, parseModelRef(c.req.query('ref') ?? ''));
      const notice = c.req.query('recorded') ? `Recorded: ${detail.status}.` : null;
      return page(c, detail.model.name, modelPage({ detail, csrfToken: auth.csrfTokenFor(c.get('credential')), defaultReviewer: options.defaultReviewer, notice }));
    } catch (error) {
      if (error instanceof UserError) return page(c, 'Not found', errorPage(error.message), 404);
      throw error;
    }
  });

  app.post('/review', async (c) => {
    const body = await c.req.parseBody();
    const text = (key: string) => (typeof body[key] === 'string' ? (body[key] as string) : '');
    try {
      const ref = parseModelRef(text('ref'));
      const decision = text('decision');
      if (!(REVIEW_DECISIONS as readonly string[]).includes(decision)) throw new UserError(`decision must be one of: ${REVIEW_DECISIONS.join(', ')}`);
      reviews.record({ ref, decision: decision as ReviewDecision, note: text('note') || null, reviewer: text('reviewer'), at: now().toISOString() });
      return c.redirect(`${modelHref(`${ref.platform}:${ref.platformId}`)}&recorded=1`, 303);
    } catch (error) {
      if (error instanceof UserError) return page(c, 'Not recorded', errorPage(error.message), 400);
      throw error;
    }
  });

  app.post('/logout', (c) => {
    if (c.get('isSession')) auth.endSession(c.get('credential'));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  app.notFound((c) => page(c, 'Not found', errorPage('no such page'), 404));
  // A bug: reported to the operator, never shown to the browser.
  app.onError((error, c) => {
    options.onInternalError?.(error);
    return page(c, 'Error', errorPage('internal error'), 500);
  });
  return app;
}
