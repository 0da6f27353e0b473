// The HTTP layer every crawler shares: undici with keep-alive, one deadline per request (headers and
// body), a concurrency queue and a start pacer per origin, and one retry loop. The client is bound
// to one origin: it refuses any URL elsewhere, so credentials can only reach the configured host.
// Platform quirks (Civitai's header-less 429s, the Hub's RateLimit windows) live in small
// RateLimitPolicy functions, not in the loop.
import diagnostics from 'node:diagnostics_channel';
import { Agent, request, type Dispatcher } from 'undici';
import PQueue from 'p-queue';
import { redact } from '../secrets.js';
import { ApiError, AuthError, ChallengeError, InvalidResponseError, NetworkError, OriginError, RateLimitedError, RegionBlockedError, ResponseTooLargeError } from './http-errors.js';
import { sleepMs, StartPacer } from './pacer.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  limit: number;
  /** First backoff step; doubles each retry, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After or reset longer than this is capped to it. */
  maxRetryAfterMs: number;
  /** Retries for connection failures (refused, DNS); lower, so an unreachable host fails fast. */
  connectLimit: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  limit: 8,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 15 * 60_000,
  connectLimit: 3,
};

/** Reads a platform's rate-limit headers: milliseconds until requests may resume, or null. */
export type RateLimitPolicy = (response: { status: number; headers: Headers }) => number | null;

export type HttpEvent =
  | { type: 'request'; url: string }
  | { type: 'response'; url: string; status: number; ms: number }
  | { type: 'retry'; url: string; attempt: number; delayMs: number; reason: string }
  | { type: 'pause'; host: string; untilMs: number; reason: string };

export interface HttpClientOptions {
  /** Names dfwatch and a contact, e.g. "dfwatch/0.1 (+mailto:you@example.org)". */
  userAgent: string;
  /** Requests in flight per host at most. */
  concurrency: number;
  /** Requests started per second per host; 0 means no limit. */
  rps: number;
  /**
   * The only origin (scheme, host, port) requests may go to; any other URL is refused with an
   * OriginError before a byte is sent. Required when credentials are given.
   */
  origin?: string;
  /** Headers naming the caller (Authorization), sent only to `origin`; registered as secrets by the caller. */
  credentials?: { headers: Record<string, string>; name: string };
  /** Deadline for one attempt, from sending the request to the last byte of the body. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  rateLimitPolicy?: RateLimitPolicy;
  /** Largest body read; a larger one is an error (protects memory from a hostile or broken server). */
  maxBodyBytes?: number;
  onEvent?: (event: HttpEvent) => void;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

export interface HttpResponse<T> {
  url: string;
  status: number;
  headers: Headers;
  body: T;
}

/** Answers worth another try. 403 and 451 are not: a 403 is retried only as a challenge page. */
const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524]);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** Retry-After in either form (seconds, or an HTTP date) as milliseconds from now, or null. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** A Cloudflare-style challenge: the header Cloudflare sets, or an HTML page where the API was asked. */
function isChallenge(status: number, headers: Headers, text: string, expectsJson: boolean): boolean {
  if (headers.get('cf-mitigated')?.toLowerCase() === 'challenge') return true;
  const isHtml = (headers.get('content-type') ?? '').includes('text/html') || /^\s*<(?:!doctype html|html)/i.test(text) || (expectsJson && /<html[\s>]/i.test(text.slice(0, 4096)));
  // An HTML 404 is still "not found"; on a success, 403, 429 or 5xx it is the edge talking, not the API.
  return isHtml && ((expectsJson && status < 300) || status === 403 || status === 429 || status >= 500);
}

/** One failed attempt that another may fix; `final` builds the error thrown when retries run out. */
class RetryableError extends Error {
  constructor(
    readonly reason: string,
    readonly delayHintMs: number | null,
    readonly final: (attempts: number) => Error,
    readonly isConnectFailure = false,
  ) {
    super(reason);
  }
}

interface Expectation {
  /** The caller asked for JSON: an HTML body is a challenge page, and the body must parse. */
  json: boolean;
  /** Read at most this much and keep it (a card); without it a larger body is an error. */
  truncateAt?: number;
  /** Extra request headers (a Range); never credentials, which credentialHeaders alone adds. */
  headers?: Record<string, string>;
  /** A 3xx with a Location is an answer, not an error: the caller decides where (and whether) to follow it. */
  acceptRedirect?: boolean;
  /** Bytes the caller needs, once the body's first bytes tell (a length prefix); the read stops there. */
  neededBytes?: (prefix: Buffer) => number | null;
}

export interface GetBytesOptions {
  maxBytes: number;
  /** Inclusive, as in HTTP. */
  range?: { start: number; end: number };
  /** Return a redirect (status 3xx, its Location in the headers) instead of failing on it. */
  acceptRedirect?: boolean;
  /** Stop reading as soon as this many bytes arrived, once the prefix tells (never more than maxBytes). */
  neededBytes?: (prefix: Buffer) => number | null;
}

export class HttpClient {
  private readonly agent: Agent;
  private readonly queues = new Map<string, PQueue>();
  private readonly pacers = new Map<string, StartPacer>();
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly origin: string | null;
  private readonly timeoutMs: number;
  readonly stats = { requests: 0, retries: 0, errors: 0, bytes: 0 };

  constructor(private readonly options: HttpClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? sleepMs;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.origin = options.origin === undefined ? null : new URL(options.origin).origin;
    if (options.credentials && this.origin === null) throw new Error('HttpClient: credentials need an origin to be bound to');
    // Fail at construction, not on the first request, for a rate no pacer can keep.
    new StartPacer({ rps: options.rps, now: this.now, sleep: this.sleep });
    this.timeoutMs = Math.min(options.timeoutMs ?? 60_000, 2 ** 31 - 1);
    diagnostics.subscribe('undici:client:sendHeaders', this.onSendHeaders);
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: Math.max(1, options.concurrency),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      connect: { timeout: Math.min(this.timeoutMs, 15_000) },
    });
  }

  /**
   * undici reports when a request's headers are written to the socket: the start a server sees.
   * The pacer books starts before the request is dispatched; a new connection (or a busy event loop)
   * can delay the real start, so the pacer also hears when each request actually went out.
   */
  private readonly onSendHeaders = (message: unknown): void => {
    const origin = (message as { request?: { origin?: unknown } }).request?.origin;
    if (origin === undefined) return;
    let key: string;
    try {
      key = new URL(String(origin)).origin;
    } catch {
      return;
    }
    this.pacers.get(key)?.markSent(this.now());
  };

  /** Whether requests carry credentials (a token the platform may refuse). */
  get hasCredentials(): boolean {
    return this.options.credentials !== undefined;
  }

  /** GET a JSON document, retrying every transient failure; the body is parsed but not validated. */
  getJson(url: string): Promise<HttpResponse<unknown>> {
    return this.get(url, { json: true }, (text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        const reason = `invalid JSON (${(error as Error).message})`;
        throw new RetryableError('invalid JSON', null, () => new InvalidResponseError(url, reason, text.slice(0, 2000)));
      }
    });
  }

  /** GET a text document (a model card), cut at maxBytes. */
  getText(url: string, maxBytes: number): Promise<HttpResponse<string>> {
    return this.get(url, { json: false, truncateAt: maxBytes }, (text) => text);
  }

  /**
   * GET raw bytes (a Range of a file, a sidecar), never reading past maxBytes: a server that
   * ignores the Range and sends a whole file is cut off there. `range` is inclusive, as in HTTP.
   */
  getBytes(url: string, options: GetBytesOptions): Promise<HttpResponse<Buffer>> {
    const headers = options.range ? { range: `bytes=${options.range.start}-${options.range.end}` } : undefined;
    const expectation: Expectation = { json: false, truncateAt: options.maxBytes, headers, acceptRedirect: options.acceptRedirect, neededBytes: options.neededBytes };
    return this.get(url, expectation, (_text, raw) => raw);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.onIdle()));
    diagnostics.unsubscribe('undici:client:sendHeaders', this.onSendHeaders);
    await this.agent.close();
  }

  /** The URL as the client will request it, or an OriginError: another origin, or credentials inside it. */
  private checkTarget(url: string): URL {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new OriginError(url, this.origin ?? '(none)', 'a request URL that does not parse');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new OriginError(url, this.origin ?? 'http(s)', 'a request URL');
    if (target.username !== '' || target.password !== '') throw new OriginError(`${target.protocol}//${target.host}${target.pathname}`, this.origin ?? target.origin, 'a request URL with credentials in it');
    if (this.origin !== null && target.origin !== this.origin) throw new OriginError(url, this.origin, 'a request URL');
    return target;
  }

  private queueFor(origin: string): { queue: PQueue; pacer: StartPacer } {
    let queue = this.queues.get(origin);
    let pacer = this.pacers.get(origin);
    if (!queue || !pacer) {
      queue = new PQueue({ concurrency: Math.max(1, this.options.concurrency) });
      pacer = new StartPacer({ rps: this.options.rps, now: this.now, sleep: this.sleep });
      this.queues.set(origin, queue);
      this.pacers.set(origin, pacer);
    }
    return { queue, pacer };
  }

  private async get<T>(url: string, expectation: Expectation, parse: (text: string, raw: Buffer) => T): Promise<HttpResponse<T>> {
    const target = this.checkTarget(url);
    const { queue, pacer } = this.queueFor(target.origin);
    for (let attempt = 0; ; attempt++) {
      try {
        // The concurrency slot first, then the start: a request never waits for a slot after its start was booked.
        return (await queue.add(async () => {
          await pacer.acquire();
          return this.attempt(url, target, expectation, parse, pacer);
        })) as HttpResponse<T>;
      } catch (error) {
        if (!(error instanceof RetryableError)) {
          this.stats.errors++;
          throw error;
        }
        const limit = error.isConnectFailure ? this.retry.connectLimit : this.retry.limit;
        if (attempt >= limit) {
          this.stats.errors++;
          throw error.final(attempt + 1);
        }
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
        const jittered = backoff / 2 + this.random() * (backoff / 2);
        const delayMs = error.delayHintMs !== null ? Math.min(error.delayHintMs, this.retry.maxRetryAfterMs) : jittered;
        this.stats.retries++;
        this.options.onEvent?.({ type: 'retry', url: redact(url), attempt: attempt + 1, delayMs, reason: error.reason });
        if (error.delayHintMs !== null) this.pauseHost(pacer, target.host, delayMs, error.reason);
        else await this.sleep(delayMs);
      }
    }
  }

  private pauseHost(pacer: StartPacer, host: string, delayMs: number, reason: string): void {
    const until = this.now() + delayMs;
    // When many in-flight requests hit the same limit, the latest deadline wins; earlier ones don't shorten it.
    if (pacer.pauseUntil(until)) this.options.onEvent?.({ type: 'pause', host, untilMs: until, reason });
  }

  private async attempt<T>(url: string, target: URL, expectation: Expectation, parse: (text: string, raw: Buffer) => T, pacer: StartPacer): Promise<HttpResponse<T>> {
    this.stats.requests++;
    this.options.onEvent?.({ type: 'request', url: redact(url) });
    const started = this.now();
    // One deadline for the whole attempt: a server that drips its body a byte at a time is cut off too.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    try {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method: 'GET',
          dispatcher: this.agent,
          signal: deadline.signal,
          headers: { 'user-agent': this.options.userAgent, accept: expectation.json ? 'application/json' : 'text/plain, */*', ...expectation.headers, ...this.credentialHeaders(target) },
        });
      } catch (error) {
        const code = deadline.signal.aborted ? `timeout after ${this.timeoutMs} ms` : errorCode(error);
        const isConnectFailure = CONNECT_CODES.has(code);
        throw new RetryableError(`network: ${code}`, null, (attempts) => new NetworkError(url, code, isConnectFailure, attempts), isConnectFailure);
      }
      const headers = toHeaders(response.headers);
      const status = response.statusCode;
      const maxBytes = expectation.truncateAt ?? this.options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const declared = Number(headers.get('content-length'));
      if (expectation.truncateAt === undefined && Number.isFinite(declared) && declared > maxBytes) {
        response.body.destroy();
        throw new ResponseTooLargeError(url, maxBytes);
      }
      let raw: Buffer;
      try {
        raw = await readBody(response.body, maxBytes, expectation.truncateAt !== undefined, expectation.neededBytes);
      } catch (error) {
        if (error instanceof BodyTooLarge) throw new ResponseTooLargeError(url, maxBytes);
        // A connection reset, a body cut short mid-transfer, or the deadline.
        const code = deadline.signal.aborted ? `timeout after ${this.timeoutMs} ms` : `body read failed (${errorCode(error)})`;
        throw new RetryableError(`body: ${code}`, null, (attempts) => new NetworkError(url, code, false, attempts));
      }
      this.stats.bytes += raw.length;
      this.options.onEvent?.({ type: 'response', url: redact(url), status, ms: this.now() - started });
      return this.interpret(url, target, { status, headers, raw }, expectation, parse, pacer);
    } finally {
      clearTimeout(timer);
    }
  }

  /** What an answer that arrived whole means: a result, a retry, or a permanent error. */
  private interpret<T>(url: string, target: URL, answer: { status: number; headers: Headers; raw: Buffer }, expectation: Expectation, parse: (text: string, raw: Buffer) => T, pacer: StartPacer): HttpResponse<T> {
    const { status, headers, raw } = answer;
    const text = raw.toString('utf8');
    if (status === 451) throw new RegionBlockedError(url, text.slice(0, 2000));
    if (isChallenge(status, headers, text, expectation.json)) {
      throw new RetryableError(`challenge page (HTTP ${status})`, null, (attempts) => new ChallengeError(status, url, text.slice(0, 2000), attempts));
    }
    const policyDelay = this.options.rateLimitPolicy?.({ status, headers }) ?? null;
    const isRedirect = expectation.acceptRedirect === true && status >= 300 && status < 400 && headers.has('location');
    if ((status >= 200 && status < 300) || isRedirect) {
      // A policy may also ask to pause after a success (the window's last request was just spent).
      if (policyDelay !== null && policyDelay > 0) this.pauseHost(pacer, target.host, Math.min(policyDelay, this.retry.maxRetryAfterMs), 'rate limit window exhausted');
      return { url, status, headers, body: parse(text, raw) };
    }
    if (status === 401 && this.options.credentials) throw new AuthError(status, url, text.slice(0, 2000), this.options.credentials.name);
    if (RETRY_STATUS.has(status)) {
      const hint = policyDelay ?? parseRetryAfter(headers.get('retry-after'), this.now());
      const final = status === 429 ? (attempts: number) => new RateLimitedError(url, text.slice(0, 2000), hint, attempts) : () => new ApiError(status, url, text);
      throw new RetryableError(`HTTP ${status}`, hint, final);
    }
    throw new ApiError(status, url, text);
  }

  private credentialHeaders(target: URL): Record<string, string> {
    // checkTarget already refused other origins; this second check keeps a token from ever riding along elsewhere.
    return this.options.credentials && target.origin === this.origin ? this.options.credentials.headers : {};
  }
}

function errorCode(error: unknown): string {
  const candidate = error as { code?: string; cause?: { code?: string }; name?: string };
  return candidate.code ?? candidate.cause?.code ?? candidate.name ?? 'unknown';
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(key, item);
    else headers.set(key, value);
  }
  return headers;
}

class BodyTooLarge extends Error {}

/**
 * Reads at most maxBytes (more is an error, or cut when `truncate`). With `neededBytes`, the read
 * also stops, and the connection is dropped, once the body's prefix says how much is needed and that
 * much has arrived: a server that ignores a Range never sends more than that into memory.
 */
async function readBody(body: Dispatcher.ResponseData['body'], maxBytes: number, truncate: boolean, neededBytes?: (prefix: Buffer) => number | null): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let needed: number | null = null;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (neededBytes && needed === null) needed = neededBytes(Buffer.concat([...chunks, buffer]));
    if (needed !== null && needed < maxBytes && size >= needed) {
      body.destroy();
      chunks.push(buffer.subarray(0, buffer.length - (size - needed)));
      break;
    }
    if (size > maxBytes) {
      body.destroy();
      if (!truncate) throw new BodyTooLarge();
      chunks.push(buffer.subarray(0, buffer.length - (size - maxBytes)));
      break;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
