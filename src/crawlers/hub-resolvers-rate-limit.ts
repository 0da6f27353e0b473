// The Hub's "resolvers" quota (file downloads through /{repo}/resolve/…) is a bucket of its own,
// with its own RateLimit / RateLimit-Policy entries (API-NOTES.md, "re-uploads and archives"):
//   RateLimit: "resolvers";r=12;t=40    RateLimit-Policy: "fixed window";"resolvers";q=3000;w=300
// dfwatch reads sidecars and headers with a separate HTTP client (its own pacer) whose policy
// listens to that bucket only, so spending it never pauses the API walk and vice versa.
import type { RateLimitPolicy } from './http.js';
import { parseRateLimit } from './huggingface-rate-limit.js';

export const RESOLVERS_BUCKET = 'resolvers';

/**
 * Quotas per 5 minutes (Sept 2025): anonymous 3,000, free account 5,000. Paced at ~80% of that,
 * so the window is not spent in normal running; the policy below handles the rest.
 */
export const RESOLVERS_ANONYMOUS_RPS = 8;
export const RESOLVERS_TOKEN_RPS = 14;

export interface BucketPolicyOptions {
  /** What one second of the server's `t` means in milliseconds; tests shrink it. */
  secondMs?: number;
  /** Requests the client may have in flight at once. */
  concurrency?: number;
}

/**
 * Milliseconds to wait, or null: once the bucket has no more requests left than the client may
 * have in flight, or after a 429 naming the bucket, until its window resets (t + 1 s). An unnamed
 * entry counts as this bucket's (a mirror that names none); another bucket's entry is ignored.
 */
export function bucketRateLimitPolicy(bucket: string, options: BucketPolicyOptions = {}): RateLimitPolicy {
  const secondMs = options.secondMs ?? 1000;
  const othersInFlight = Math.max(0, (options.concurrency ?? 1) - 1);
  return ({ status, headers }) => {
    const entries = parseRateLimit(headers.get('ratelimit')).filter((entry) => (entry.name === null || entry.name === bucket) && entry.resetSeconds !== null);
    const relevant = entries.filter((entry) => status === 429 || (entry.remaining !== null && entry.remaining <= othersInFlight));
    if (relevant.length === 0) return null;
    return (Math.max(...relevant.map((entry) => entry.resetSeconds ?? 0)) + 1) * secondMs;
  };
}
