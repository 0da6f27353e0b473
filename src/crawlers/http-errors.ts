// The HTTP error taxonomy both crawlers share. Each class says what happened at the boundary; what
// it means for one lookup is decided in lookup-failure.ts, and what it means for the process (the
// message and exit code) in crawlFailure() below, which cli.ts and `dfwatch run` both call.
import { ExitCode } from '../exit-codes.js';
import { redact } from '../secrets.js';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}

/** The server answered with an error status that retrying will not fix (or retries ran out). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly url: string,
    readonly body: string,
    message = `HTTP ${status} from ${url}: ${body.slice(0, 200).replace(/\s+/g, ' ')}`,
  ) {
    super(redact(message));
  }
}

/** 429 after every retry; retryAfterMs is what the server last asked for (null: it did not say). */
export class RateLimitedError extends ApiError {
  override name = 'RateLimitedError';
  constructor(
    url: string,
    body: string,
    readonly retryAfterMs: number | null,
    attempts: number,
  ) {
    super(429, url, body, `${hostOf(url)} kept answering 429 Too Many Requests (${attempts} tries) for ${url}: lower --rps or try later`);
  }
}

/** An edge (Cloudflare) challenge page instead of the API, after every retry. */
export class ChallengeError extends ApiError {
  override name = 'ChallengeError';
  constructor(status: number, url: string, body: string, attempts: number) {
    super(
      status,
      url,
      body,
      `${hostOf(url)} answered with a browser challenge page instead of the API (HTTP ${status}, ${attempts} tries): ` +
        'its edge is screening automated traffic from this network; try again later, lower --rps, set --contact, or use an API key',
    );
  }
}

/** 451: the platform refuses the whole region this request comes from. Never retried. */
export class RegionBlockedError extends ApiError {
  override name = 'RegionBlockedError';
  constructor(url: string, body: string) {
    super(451, url, body, `${hostOf(url)} blocks requests from this region (HTTP 451 REGION_BLOCKED): the crawl has to run from a network in a region the platform serves`);
  }
}

/** 401 (or a refused token check) while a token was sent: the token is wrong, expired or revoked. */
export class AuthError extends ApiError {
  override name = 'AuthError';
  constructor(status: number, url: string, body: string, tokenName: string) {
    super(status, url, body, `${hostOf(url)} refused ${tokenName} (HTTP ${status}): renew the token, or unset ${tokenName} to crawl anonymously; nothing was marked removed`);
  }
}

/** The host could not be reached, or the connection failed (reset, timeout) after the retries. */
export class NetworkError extends Error {
  override name = 'NetworkError';
  constructor(
    readonly url: string,
    readonly code: string,
    /** Refused, DNS or unroutable: nothing else on this host will work either. */
    readonly isUnreachable: boolean,
    attempts = 1,
  ) {
    super(redact(isUnreachable ? `cannot reach ${hostOf(url)} (${code})` : `connection to ${hostOf(url)} failed: ${code} (${attempts} tries) for ${url}`));
  }
}

/** The body was not what the API promises (truncated JSON, wrong shape) after retries. */
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

/** A body over the size cap: a permanent error for this request (downloading it again would not help). */
export class ResponseTooLargeError extends Error {
  override name = 'ResponseTooLargeError';
  constructor(
    readonly url: string,
    readonly maxBytes: number,
  ) {
    super(redact(`response from ${url} is larger than ${maxBytes} bytes`));
  }
}

/** A URL the crawler was handed or built points outside the platform's configured origin. */
export class OriginError extends Error {
  override name = 'OriginError';
  constructor(
    readonly url: string,
    readonly expectedOrigin: string,
    what: string,
  ) {
    super(redact(`${what} points outside ${expectedOrigin} (${url.slice(0, 300)}): refusing to follow it`));
  }
}

/** An id from the API or the store that cannot name a model (`/127.0.0.2/x`, `../x`): it never becomes a path. */
export class InvalidModelIdError extends Error {
  override name = 'InvalidModelIdError';
  constructor(
    readonly platform: string,
    readonly id: string,
  ) {
    super(redact(`not a ${platform} model id: ${JSON.stringify(id.slice(0, 200))}`));
  }
}

/** The exit code and message for an error that ended a crawl, or null when it is not a crawl failure. */
export function crawlFailure(error: unknown): { code: ExitCode; message: string } | null {
  if (error instanceof AuthError) return { code: ExitCode.userError, message: error.message };
  if (error instanceof RegionBlockedError) return { code: ExitCode.accessRefused, message: error.message };
  if (error instanceof NetworkError) return { code: ExitCode.networkUnreachable, message: error.message };
  if (error instanceof ApiError || error instanceof InvalidResponseError || error instanceof ResponseTooLargeError || error instanceof OriginError || error instanceof InvalidModelIdError) {
    return { code: ExitCode.apiFailure, message: error.message };
  }
  return null;
}
