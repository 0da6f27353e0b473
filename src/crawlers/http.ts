// The HTTP layer every crawler shares: undici with keep-alive and timeouts, one p-queue per host for
// concurrency and requests per second, and one retry loop. Platform quirks (Civitai's header-less
// 429s, the Hub's RateLimit windows) live in small RateLimitPolicy functions, not in the loop.
import { Agent, request, type Dispatcher } from 'undici';
import PQueue from 'p-queue';
import { redact } from '../secrets.js';

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
  /** Headers sent with every request (Authorization). Their values are registered as secrets by the caller. */
  headers?: Record<string, string>;
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

/** The server answered with an error status that retrying will not fix (or retries ran out). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
  ) {
    super(redact(`HTTP ${status} from ${url}: ${body.slice(0, 200).replace(/\s+/g, ' ')}`));
  }
}

/** The host could not be reached at all (refused, DNS, unroutable) after the connect retries. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly url: string,
    readonly code: string,
  ) {
    super(redact(`cannot reach ${new URL(url).host} (${code})`));
  }
}

/** The body was not what the API promises (HTML challenge, truncated JSON, wrong shape) after retries. */
export class InvalidResponseError extends Error {
  override name = 'InvalidResponseError';
  constructor(
    readonly url: string,
    readonly reason: string,
    readonly raw: string,
  ) {
    super(redact(`invalid response from ${url}: ${reason}`));
  }
}

const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524]);
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Retry-After in either form (seconds, or an HTTP date) as milliseconds from now, or null. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

class RetryableError extends Error {
  constructor(
    readonly reason: string,
    readonly delayHintMs: number | null,
    readonly final: Error,
    readonly isConnectFailure = false,
  ) {
    super(reason);
  }
}

export class HttpClient {
  private readonly agent: Agent;
  private readonly queues = new Map<string, PQueue>();
  /** Per host: no request starts before this time (a 429's Retry-After or a closed window). */
  private readonly pausedUntil = new Map<string, number>();
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  readonly stats = { requests: 0, retries: 0, errors: 0, bytes: 0 };

  constructor(private readonly options: HttpClientOptions) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    const timeout = options.timeoutMs ?? 60_000;
    this.agent = new Agent({
      keepAliveTimeout: 30_000,
      connections: Math.max(1, options.concurrency),
      headersTimeout: timeout,
      bodyTimeout: timeout,
      connect: { timeout: Math.min(timeout, 15_000) },
    });
  }

  /** GET a JSON document, retrying every transient failure; the body is parsed but not validated. */
  getJson(url: string): Promise<HttpResponse<unknown>> {
    return this.get(url, (text, response) => {
      const contentType = response.headers.get('content-type') ?? '';
      const start = text.trimStart();
      if (contentType.includes('text/html') || start.startsWith('<')) {
        // Cloudflare answers some requests with an HTML challenge page instead of JSON.
        throw new RetryableError('HTML instead of JSON', null, new InvalidResponseError(url, 'HTML page instead of JSON', text.slice(0, 2000)));
      }
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new RetryableError('invalid JSON', null, new InvalidResponseError(url, `invalid JSON (${(error as Error).message})`, text.slice(0, 2000)));
      }
    });
  }

  /** GET a text document (a model card), cut at maxBytes. */
  getText(url: string, maxBytes: number): Promise<HttpResponse<string>> {
    return this.get(url, (text) => text.slice(0, maxBytes), maxBytes);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.onIdle()));
    await this.agent.close();
  }

  private queueFor(host: string): PQueue {
    let queue = this.queues.get(host);
    if (!queue) {
      const { concurrency, rps } = this.options;
      queue =
        rps > 0
          ? new PQueue({ concurrency: Math.max(1, concurrency), intervalCap: 1, interval: Math.max(1, Math.round(1000 / rps)) })
          : new PQueue({ concurrency: Math.max(1, concurrency) });
      this.queues.set(host, queue);
    }
    return queue;
  }

  private async get<T>(url: string, parse: (text: string, response: HttpResponse<string>) => T, truncateAt?: number): Promise<HttpResponse<T>> {
    const host = new URL(url).host;
    const queue = this.queueFor(host);
    for (let attempt = 0; ; attempt++) {
      try {
        return (await queue.add(() => this.attempt(url, host, parse, truncateAt))) as HttpResponse<T>;
      } catch (error) {
        if (!(error instanceof RetryableError)) throw error;
        const limit = error.isConnectFailure ? this.retry.connectLimit : this.retry.limit;
        if (attempt >= limit) {
          this.stats.errors++;
          throw error.final;
        }
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
        const jittered = backoff / 2 + this.random() * (backoff / 2);
        const delayMs = error.delayHintMs !== null ? Math.min(error.delayHintMs, this.retry.maxRetryAfterMs) : jittered;
        this.stats.retries++;
        this.options.onEvent?.({ type: 'retry', url: redact(url), attempt: attempt + 1, delayMs, reason: error.reason });
        if (error.delayHintMs !== null) this.pauseHost(host, delayMs, error.reason);
        else await this.sleep(delayMs);
      }
    }
  }

  private pauseHost(host: string, delayMs: number, reason: string): void {
    const until = this.now() + delayMs;
    // When many in-flight requests hit the same limit, the latest deadline wins; earlier ones don't shorten it.
    if ((this.pausedUntil.get(host) ?? 0) < until) {
      this.pausedUntil.set(host, until);
      this.options.onEvent?.({ type: 'pause', host, untilMs: until, reason });
    }
  }

  private async waitForHost(host: string): Promise<void> {
    for (;;) {
      const wait = (this.pausedUntil.get(host) ?? 0) - this.now();
      if (wait <= 0) return;
      await this.sleep(wait);
    }
  }

  private async attempt<T>(url: string, host: string, parse: (text: string, response: HttpResponse<string>) => T, truncateAt?: number): Promise<HttpResponse<T>> {
    await this.waitForHost(host);
    this.stats.requests++;
    this.options.onEvent?.({ type: 'request', url: redact(url) });
    const started = this.now();
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'GET',
        dispatcher: this.agent,
        headers: { 'user-agent': this.options.userAgent, accept: 'application/json', ...this.options.headers },
      });
    } catch (error) {
      const code = errorCode(error);
      const isConnectFailure = CONNECT_CODES.has(code);
      throw new RetryableError(`network: ${code}`, null, isConnectFailure ? new NetworkError(url, code) : new InvalidResponseError(url, `network error ${code}`, ''), isConnectFailure);
    }
    const headers = toHeaders(response.headers);
    let text: string;
    try {
      text = await readBody(response.body, truncateAt ?? this.options.maxBodyBytes ?? 64 * 1024 * 1024, truncateAt !== undefined);
    } catch (error) {
      // A connection reset or a body cut short mid-transfer.
      throw new RetryableError(`body: ${errorCode(error)}`, null, new InvalidResponseError(url, `body read failed (${errorCode(error)})`, ''));
    }
    this.stats.bytes += text.length;
    const status = response.statusCode;
    this.options.onEvent?.({ type: 'response', url: redact(url), status, ms: this.now() - started });
    const policyDelay = this.options.rateLimitPolicy?.({ status, headers }) ?? null;
    if (status >= 200 && status < 300) {
      // A policy may also ask to pause after a success (the window's last request was just spent).
      if (policyDelay !== null && policyDelay > 0) this.pauseHost(host, Math.min(policyDelay, this.retry.maxRetryAfterMs), 'rate limit window exhausted');
      const raw: HttpResponse<string> = { url, status, headers, body: text };
      return { url, status, headers, body: parse(text, raw) };
    }
    if (RETRY_STATUS.has(status)) {
      const hint = policyDelay ?? parseRetryAfter(headers.get('retry-after'), this.now());
      throw new RetryableError(`HTTP ${status}`, hint, new ApiError(status, url, text));
    }
    throw new ApiError(status, url, text);
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

async function readBody(body: Dispatcher.ResponseData['body'], maxBytes: number, truncate: boolean): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) {
      if (truncate) {
        chunks.push(buffer.subarray(0, buffer.length - (size - maxBytes)));
        body.destroy();
        break;
      }
      body.destroy();
      throw Object.assign(new Error(`body larger than ${maxBytes} bytes`), { code: 'BODY_TOO_LARGE' });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
