// Fault plans for the replay servers: scripted faults for exact tests, seeded random ones for soaks.

import type { ServerResponse } from 'node:http';
import { seededRandom } from '../random.js';

// Re-exported: the replay servers and their tests have always taken it from here.
export { seededRandom };

export type Fault =
  | { kind: 'rate-limit'; retryAfterSeconds?: number }
  | { kind: 'server-error'; status: number }
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'truncate-json' }
  | { kind: 'html' }
  /** Cloudflare's challenge: 403 or 503, `cf-mitigated: challenge`, a "Just a moment..." page. */
  | { kind: 'challenge'; status: 403 | 503 }
  | { kind: 'slow'; ms: number };

export interface FaultRequest {
  kind: 'list' | 'model' | 'other';
  /** The cursor (or id) the request is for. */
  key: string;
  /** 1 for the first request with this key, 2 for its first retry, … */
  attempt: number;
  /** How many listing pages were answered before this request. */
  pageIndex: number;
}

export interface FaultPlan {
  /** Faults by listing page index: served on the first attempt at that page only. */
  onPage?: Record<number, Fault>;
  /** Probability per request of a random fault (seeded), for soaks. */
  randomRate?: number;
  seed?: number;
  /** Random faults draw from these kinds. */
  randomKinds?: Fault[];
  duplicateAcrossPages?: boolean;
  /** Page indexes on which the "limit+1" bug drops an item from the listing. */
  skipItemOnPages?: number[];
}

const randoms = new WeakMap<FaultPlan, () => number>();

export function decideFault(plan: FaultPlan | undefined, request: FaultRequest): Fault | null {
  if (!plan) return null;
  if (request.kind === 'list' && request.attempt === 1) {
    const scripted = plan.onPage?.[request.pageIndex];
    if (scripted) return scripted;
  }
  if (plan.randomRate && plan.randomKinds?.length) {
    let random = randoms.get(plan);
    if (!random) {
      random = seededRandom(plan.seed ?? 1);
      randoms.set(plan, random);
    }
    if (random() < plan.randomRate) return plan.randomKinds[Math.floor(random() * plan.randomKinds.length)] ?? null;
  }
  return null;
}

/**
 * Serves the faults that break the transport or the body, the same on every replay server: a reset,
 * a body cut mid-transfer, a body that arrives whole but is not valid JSON, and the edge's challenge
 * page (both platforms sit behind Cloudflare). Returns false for the others, which each server
 * answers in its platform's own way.
 */
export function writeTransportFault(fault: Fault, res: ServerResponse, body: string): boolean {
  switch (fault.kind) {
    case 'reset':
      res.socket?.destroy();
      return true;
    case 'truncate': {
      const bytes = Buffer.from(body);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': bytes.length });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      res.socket?.destroy();
      return true;
    }
    case 'truncate-json': {
      // A proxy cut the body and fixed the length.
      const cut = body.slice(0, Math.floor(body.length / 2));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(cut) });
      res.end(cut);
      return true;
    }
    case 'challenge': {
      const page = '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body>Enable JavaScript and cookies to continue</body></html>';
      res.writeHead(fault.status, { 'content-type': 'text/html; charset=UTF-8', 'cf-mitigated': 'challenge', 'content-length': Buffer.byteLength(page) });
      res.end(page);
      return true;
    }
    default:
      return false;
  }
}
