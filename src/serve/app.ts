// The web console as a hono app: the triage queue with its filters, pages, bulk decisions and
// exports; the model page with its decisions; undo. Reads go through a read-only connection; the
// only write is ReviewWriter's INSERT INTO reviews on a second connection.
import fs from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { bodyLimit } from 'hono/body-limit';
import type { Store } from '../db/open.js';
import { UserError } from '../errors.js';
import { getModelDetail } from '../triage/model-detail.js';
import { parseModelRef } from '../triage/model-ref.js';
import { queuePosition } from '../triage/queue-position.js';
import { labelOf } from '../triage/labels.js';
import { COUNT_CAP, REVIEW_STATUSES, countTriage, parseTriageFilters, queryTriage, type ReviewStatus, type TriageFilterInput } from '../triage/triage.js';
import type { ReviewWriter } from '../triage/reviews.js';
import { ConsoleAuth, SESSION_COOKIE, newSecret, type Session } from './auth.js';
import { EXPORT_FORMATS, exportFileName, writeTriageExport, type ExportFormat } from './export.js';
import { filtersFrom } from './filter-query.js';
import { errorPage, layout, loginPage, modelHref, modelPage, queueHref, queuePage, type Viewer } from './pages.js';

const KEYBOARD_SCRIPT = fs.readFileSync(new URL('./assets/console.js', import.meta.url), 'utf8');
const DEFAULT_NEW_LINK_HINT = 'press Enter in the terminal running dfwatch serve';

export interface ConsoleAppOptions {
  /** A read-only connection. */
  readStore: Store;
  /**
   * A fresh read-only connection for one export, closed when the download ends: a streamed export
   * iterates for as long as the browser reads, and better-sqlite3 lets no other query use a
   * connection while it iterates.
   */
  openExportStore: () => Store;
  /** The only way the console writes. */
  reviews: ReviewWriter;
  auth: ConsoleAuth;
  /** Prefilled in the review forms until the session names its own reviewer ($DFWATCH_REVIEWER). */
  defaultReviewer: string;
  /**
   * Host headers accepted (e.g. "127.0.0.1:8787"), or null for any. On a loopback address this stops
   * DNS-rebinding pages from talking to the console under their own name.
   */
  allowedHosts: () => string[] | null;
  /** Completes "For a new one, …" on the login page: how the operator prints a new one-time link. */
  newLinkHint?: string;
  now?: () => Date;
  /** Where bugs are reported (the response shows no detail). */
  onInternalError?: (error: Error) => void;
}

type Env = { Variables: { styleNonce: string; credential: string; session: Session | null } };
type Status = 200 | 400 | 401 | 403 | 404 | 410 | 421 | 500;

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
    `default-src 'none'; script-src 'self'; style-src 'nonce-${styleNonce}'; img-src 'none'; connect-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
  );
  headers.set('X-Content-Type-Options', 'nosniff');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  // Pages name real people: keep them out of caches.
  headers.set('Cache-Control', 'no-store');
}

/** A form field as text ('' when absent or a file). */
function field(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
}

function checkedDecision(decision: string): ReviewStatus {
  if (!(REVIEW_STATUSES as readonly string[]).includes(decision)) throw new UserError(`decision must be one of: ${REVIEW_STATUSES.join(', ')}`);
  return decision as ReviewStatus;
}

export function createConsoleApp(options: ConsoleAppOptions): Hono<Env> {
  const { readStore, reviews, auth } = options;
  const now = options.now ?? (() => new Date());
  const newLinkHint = options.newLinkHint ?? DEFAULT_NEW_LINK_HINT;
  const idleMinutes = Math.round(auth.idleMs / 60_000);
  const app = new Hono<Env>();
  const viewerOf = (c: Context<Env>): Viewer | null =>
    c.get('credential') ? { csrfToken: auth.csrfTokenFor(c.get('credential')), isSession: c.get('session') !== null } : null;
  const page = (c: Context<Env>, title: string, body: Parameters<typeof layout>[2], status: Status = 200) =>
    c.html(layout(title, c.get('styleNonce'), body, viewerOf(c)), status);
  const login = (c: Context<Env>, message: string | null, status: Status) =>
    c.html(layout('Sign in', c.get('styleNonce'), loginPage({ message, newLinkHint })), status);
  const startSession = (c: Context<Env>, session: Session) =>
    setCookie(c, SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'Strict', path: '/' });
  const hasLiveSession = (c: Context<Env>) => 'session' in auth.useSession(getCookie(c, SESSION_COOKIE));
  /** The reviewer to prefill: the session's own, else the operator's default. */
  const reviewerOf = (c: Context<Env>) => c.get('session')?.reviewer ?? options.defaultReviewer;
  /** After a POST: a message for the next page (browser sessions), then a redirect. */
  const done = (c: Context<Env>, message: string, location: string) => {
    const session = c.get('session');
    if (session) session.flash = message;
    return c.redirect(location, 303);
  };

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
    const outcome = auth.redeemLoginNonce(c.req.param('nonce'));
    if ('session' in outcome) {
      startSession(c, outcome.session);
      return c.redirect('/', 303);
    }
    // Opening the link again in the browser it already signed in (a reload, a second tab) just goes on.
    if (hasLiveSession(c)) return c.redirect('/', 303);
    return outcome.problem === 'used'
      ? login(c, 'This sign-in link has already been used.', 410)
      : login(c, 'This sign-in link is not valid: it is mistyped, or a newer link replaced it.', 401);
  });
  app.get('/login', (c) => {
    if (hasLiveSession(c)) return c.redirect('/', 303);
    return login(c, c.req.query('bye') ? 'You are signed out.' : null, 200);
  });
  app.post('/login', async (c) => {
    if (isCrossSite(c)) return page(c, 'Refused', errorPage('cross-site request refused'), 403);
    const body = await c.req.parseBody();
    const session = typeof body.token === 'string' ? auth.loginWithToken(body.token) : null;
    if (!session) return login(c, 'Wrong token.', 401);
    startSession(c, session);
    return c.redirect('/', 303);
  });

  // Everything else needs a session cookie or the bearer token.
  app.use('*', async (c, next) => {
    const lookup = auth.useSession(getCookie(c, SESSION_COOKIE));
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/)?.[1];
    if ('session' in lookup) {
      c.set('credential', lookup.session.id);
      c.set('session', lookup.session);
    } else if (bearer && auth.isTokenValid(bearer)) {
      c.set('credential', bearer);
      c.set('session', null);
    } else {
      if (c.req.path.startsWith('/api/')) return c.json({ error: 'unauthorized' }, 401);
      if (lookup.problem === 'expired') {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return login(c, `Your session ended after ${idleMinutes} minute${idleMinutes === 1 ? '' : 's'} without activity.`, 401);
      }
      return login(c, null, 401);
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (isCrossSite(c)) return page(c, 'Refused', errorPage('cross-site request refused'), 403);
      // A bearer token cannot ride along on a cross-site request; a cookie can, so it needs the CSRF token.
      if (c.get('session')) {
        const body = await c.req.parseBody();
        const csrf = typeof body.csrf === 'string' ? body.csrf : undefined;
        if (!auth.isCsrfValid(c.get('credential'), csrf)) return page(c, 'Refused', errorPage('missing or wrong CSRF token'), 403);
      }
    }
    await next();
  });

  app.get('/console.js', (c) => c.body(KEYBOARD_SCRIPT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' }));

  app.get('/', (c) => {
    const input = filtersFrom((key) => c.req.query(key));
    const common = { filters: input, csrfToken: auth.csrfTokenFor(c.get('credential')), reviewer: reviewerOf(c), canUndo: c.get('session')?.canUndo ?? false };
    const notice = c.get('session')?.takeFlash() ?? null;
    try {
      const filters = parseTriageFilters(input);
      const { classifierVersion, rows } = queryTriage(readStore, filters);
      const total = classifierVersion === null ? 0 : countTriage(readStore, filters);
      return page(c, 'Triage queue', queuePage({ ...common, rows, total, page: filters.page, limit: filters.limit, classifierVersion, error: null, notice }));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return page(c, 'Triage queue', queuePage({ ...common, rows: [], total: 0, page: 1, limit: 50, classifierVersion: null, error: error.message, notice }), 400);
    }
  });

  app.get('/api/triage', (c) => {
    try {
      const filters = parseTriageFilters(filtersFrom((key) => c.req.query(key)));
      // Exact up to COUNT_CAP; past it "10000+".
      const total = countTriage(readStore, filters);
      c.header('X-Total-Count', total > COUNT_CAP ? `${COUNT_CAP}+` : String(total));
      return c.json(queryTriage(readStore, filters).rows);
    } catch (error) {
      if (error instanceof UserError) return c.json({ error: error.message }, 400);
      throw error;
    }
  });

  app.get('/export', (c) => {
    const format = c.req.query('format') ?? '';
    let filters;
    try {
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UserError(`format must be one of: ${EXPORT_FORMATS.join(', ')}`);
      filters = parseTriageFilters(filtersFrom((key) => c.req.query(key)));
    } catch (error) {
      if (error instanceof UserError) return page(c, 'Not exported', errorPage(error.message), 400);
      throw error;
    }
    const store = options.openExportStore();
    const out = new PassThrough();
    writeTriageExport({ store, filters, format: format as ExportFormat, out })
      .catch((error: Error) => {
        options.onInternalError?.(error);
        out.destroy(error);
      })
      .finally(() => {
        store.close();
        out.end();
      });
    return c.body(Readable.toWeb(out) as ReadableStream, 200, {
      'Content-Type': { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8', 'hma-url': 'text/plain; charset=utf-8', sha256: 'text/plain; charset=utf-8' }[format as ExportFormat],
      'Content-Disposition': `attachment; filename="${exportFileName(format as ExportFormat, now())}"`,
    });
  });

  app.get('/model', (c) => {
    const filters = filtersFrom((key) => c.req.query(key));
    try {
      const detail = getModelDetail(readStore, parseModelRef(c.req.query('ref') ?? ''));
      let position = null;
      try {
        position = queuePosition(readStore, parseTriageFilters(filters), detail.model.ref);
      } catch (error) {
        // A bad filter in the link only loses "next"; the model itself still shows.
        if (!(error instanceof UserError)) throw error;
      }
      return page(
        c,
        detail.model.name,
        modelPage({
          detail,
          filters,
          csrfToken: auth.csrfTokenFor(c.get('credential')),
          reviewer: reviewerOf(c),
          notice: c.get('session')?.takeFlash() ?? null,
          position,
          canUndo: c.get('session')?.canUndo ?? false,
        }),
      );
    } catch (error) {
      if (error instanceof UserError) return page(c, 'Not found', errorPage(error.message), 404);
      throw error;
    }
  });

  app.post('/review', async (c) => {
    const body = await c.req.parseBody();
    const filters = filtersFrom((key) => body[key]);
    try {
      const ref = parseModelRef(field(body, 'ref'));
      const decision = field(body, 'decision');
      let message: string;
      if (decision === 'skip') {
        message = `Skipped ${ref.platform}:${ref.platformId} (nothing recorded).`;
      } else {
        const review = reviews.record({ ref, decision: checkedDecision(decision), note: field(body, 'note') || null, reviewer: field(body, 'reviewer'), at: now().toISOString() });
        const session = c.get('session');
        session?.pushUndoStep([review.id]);
        if (session) session.reviewer = review.reviewer;
        message = `Recorded ${labelOf(review.decision)} for ${review.ref}.`;
      }
      const next = field(body, 'next');
      if (next) return done(c, message, modelHref(next, { ...filters, page: field(body, 'nextPage') || undefined }));
      return done(c, `${message} That was the last model in this queue.`, queueHref(filters));
    } catch (error) {
      if (error instanceof UserError) return page(c, 'Not recorded', errorPage(error.message), 400);
      throw error;
    }
  });

  app.post('/bulk', async (c) => {
    const body = await c.req.parseBody({ all: true });
    const filters = filtersFrom((key) => field(body, key) || undefined);
    try {
      const picked = body.ref;
      const refs = (Array.isArray(picked) ? picked : [picked]).filter((ref): ref is string => typeof ref === 'string' && ref !== '');
      if (refs.length === 0) throw new UserError('select at least one row (x, or the box at the start of a row)');
      const decision = checkedDecision(field(body, 'decision'));
      const at = now().toISOString();
      const recorded = reviews.recordAll(refs.map((ref) => ({ ref: parseModelRef(ref), decision, note: field(body, 'note') || null, reviewer: field(body, 'reviewer'), at })));
      const session = c.get('session');
      session?.pushUndoStep(recorded.map((review) => review.id));
      if (session && recorded[0]) session.reviewer = recorded[0].reviewer;
      return done(c, `Recorded ${labelOf(decision)} for ${recorded.length} models: ${recorded.map((review) => review.ref).join(', ')}.`, queueHref(filters));
    } catch (error) {
      if (error instanceof UserError) return page(c, 'Not recorded', errorPage(error.message), 400);
      throw error;
    }
  });

  app.post('/undo', async (c) => {
    const body = await c.req.parseBody();
    const filters: TriageFilterInput = filtersFrom((key) => body[key]);
    const session = c.get('session');
    if (!session) return page(c, 'Not undone', errorPage('undo works in a browser session: it takes back that session’s last decision'), 400);
    const step = session.popUndoStep();
    if (!step) return done(c, 'Nothing to undo.', queueHref(filters));
    try {
      const undone = reviews.undoAll(step.map((reviewId) => ({ reviewId, reviewer: session.reviewer ?? options.defaultReviewer, at: now().toISOString() })));
      const [only] = undone;
      if (undone.length === 1 && only) return done(c, `Undone: ${only.ref} is ${labelOf(only.decision)} again.`, modelHref(only.ref, filters));
      return done(c, `Undone: ${undone.length} decisions (${undone.map((review) => review.ref).join(', ')}).`, queueHref(filters));
    } catch (error) {
      if (error instanceof UserError) return done(c, error.message, queueHref(filters));
      throw error;
    }
  });

  app.post('/logout', (c) => {
    const session = c.get('session');
    if (session) auth.endSession(session.id);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login?bye=1', 303);
  });

  app.notFound((c) => page(c, 'Not found', errorPage('no such page'), 404));
  // A bug: reported to the operator, never shown to the browser.
  app.onError((error, c) => {
    options.onInternalError?.(error);
    return page(c, 'Error', errorPage('internal error'), 500);
  });
  return app;
}

