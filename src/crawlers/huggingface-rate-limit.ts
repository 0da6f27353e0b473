// The Hub's rate limits: fixed windows (5 minutes) per IP or token, announced in IETF-draft
// structured headers (API-NOTES.md, "Rate limits"):
//   RateLimit: "api";r=0;t=55                              r = requests left, t = seconds to reset
//   RateLimit-Policy: "fixed window";"api";q=500;w=300     q = quota, w = window in seconds
// Detecting the limit lives here; the retry loop in http.ts decides what to do with the delay.
import type { RateLimitPolicy } from './http.js';

export interface RateLimitEntry {
  /** The bucket name ("api", "resolvers", …) or null when unnamed. */
  name: string | null;
  remaining: number | null;
  resetSeconds: number | null;
}

export interface RateLimitPolicyEntry {
  name: string | null;
  quota: number | null;
  windowSeconds: number | null;
}

function parseParams(item: string): { labels: string[]; params: Map<string, string> } {
  const labels: string[] = [];
  const params = new Map<string, string>();
  for (const part of item.split(';')) {
    const trimmed = part.trim();
    if (trimmed === '') continue;
    const equals = trimmed.indexOf('=');
    if (equals === -1) labels.push(trimmed.replace(/^"(.*)"$/, '$1'));
    else params.set(trimmed.slice(0, equals).trim().toLowerCase(), trimmed.slice(equals + 1).trim().replace(/^"(.*)"$/, '$1'));
  }
  return { labels, params };
}

function number(value: string | undefined): number | null {
  if (value === undefined) return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : null;
}

/** Splits a structured-field list on commas outside quotes. */
function splitList(header: string): string[] {
  return header.match(/(?:[^,"]|"[^"]*")+/g)?.map((item) => item.trim()).filter(Boolean) ?? [];
}

/** Reads `RateLimit: "api";r=0;t=55` (one entry per bucket); unknown shapes give no entries. */
export function parseRateLimit(header: string | null): RateLimitEntry[] {
  if (!header) return [];
  return splitList(header)
    .map((item) => {
      const { labels, params } = parseParams(item);
      return { name: labels[0] ?? null, remaining: number(params.get('r')), resetSeconds: number(params.get('t')) };
    })
    .filter((entry) => entry.remaining !== null || entry.resetSeconds !== null);
}

/** Reads `RateLimit-Policy: "fixed window";"api";q=500;w=300`. */
export function parseRateLimitPolicy(header: string | null): RateLimitPolicyEntry[] {
  if (!header) return [];
  return splitList(header)
    .map((item) => {
      const { labels, params } = parseParams(item);
      const name = labels.find((label) => !/window/i.test(label)) ?? null;
      return { name, quota: number(params.get('q')), windowSeconds: number(params.get('w')) };
    })
    .filter((entry) => entry.quota !== null || entry.windowSeconds !== null);
}

export interface HubRateLimitOptions {
  /** What one second of the server's `t` means in milliseconds; tests shrink it. */
  secondMs?: number;
  /** Requests the client may have in flight at once (its concurrency); default 1. */
  concurrency?: number;
}

/**
 * Milliseconds to wait, or null: after a 429, until the closed window resets (t + 1 s, the extra
 * second absorbing clock skew and the rounding of t); after any answer whose bucket has no more
 * requests left than the client may already have in flight, the same. Those in-flight requests
 * then spend the last slots, and none lands inside a window the server has closed.
 */
export function huggingfaceRateLimitPolicy(options: HubRateLimitOptions = {}): RateLimitPolicy {
  const secondMs = options.secondMs ?? 1000;
  const othersInFlight = Math.max(0, (options.concurrency ?? 1) - 1);
  return ({ status, headers }) => {
    const entries = parseRateLimit(headers.get('ratelimit'));
    const exhausted = entries.filter((entry) => entry.remaining !== null && entry.remaining <= othersInFlight && entry.resetSeconds !== null);
    // A 429 whose header still shows requests left is about another bucket: wait for the longest reset.
    const relevant = exhausted.length > 0 ? exhausted : status === 429 ? entries.filter((entry) => entry.resetSeconds !== null) : [];
    if (relevant.length === 0) return null;
    const resetSeconds = Math.max(...relevant.map((entry) => entry.resetSeconds ?? 0));
    return (resetSeconds + 1) * secondMs;
  };
}
