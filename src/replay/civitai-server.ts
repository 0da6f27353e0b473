// A local stand-in for Civitai's /api/v1/models on 127.0.0.1, used by the tests, the benchmark and
// `dfwatch demo`. It speaks the real shape (items + metadata.nextCursor, keyset cursors, nsfw=true
// needed for anything but PG) and misbehaves the way the real API does when asked to (API-NOTES.md):
// 429s with and without Retry-After, 5xx, connection resets, truncated bodies, Cloudflare HTML pages,
// short and empty pages with a cursor, items repeated across pages and the "limit+1" skip bug.
import { listenOnLoopback } from './listen.js';
import http from 'node:http';
import { type FaultPlan, decideFault, type Fault, writeTransportFault } from './faults.js';

/** The models the server holds, in listing order (ascending id, like sort=Oldest). */
export interface CivitaiSource {
  size(): number;
  id(index: number): number;
  item(index: number): Record<string, unknown>;
}

export function arraySource(items: Record<string, unknown>[]): CivitaiSource & { items: Record<string, unknown>[] } {
  const sorted = [...items].sort((a, b) => Number(a.id) - Number(b.id));
  const at = (index: number) => {
    const item = sorted[index];
    if (item === undefined) throw new RangeError(`no item at ${index}`);
    return item;
  };
  return { items: sorted, size: () => sorted.length, id: (index) => Number(at(index).id), item: at };
}

export interface FakeCivitaiOptions {
  source: CivitaiSource;
  faults?: FaultPlan;
  /** Largest page served whatever the client asks (the API caps limit at 100). */
  maxLimit?: number;
  /** Ids answered 404 by /models/:id and left out of listings. */
  removedIds?: Set<number>;
  /** Milliseconds added before each listing answer (a slow API). */
  latencyMs?: number;
  /** Ids hidden from the listing but still served by /models/:id (poi models after the 2025 ban). */
  hiddenFromListIds?: Set<number>;
}

export interface FakeCivitaiStats {
  requests: number;
  listRequests: number;
  modelRequests: number;
  inFlight: number;
  maxInFlight: number;
  /** The cursor of every listing request that got a full answer (null: the first page). */
  cursorsServed: (string | null)[];
  /** Listing requests per cursor, answered or not. */
  cursorsRequested: Map<string, number>;
  faults: Record<string, number>;
  /** Requests that arrived while a Retry-After the server sent had not yet elapsed. */
  requestsDuringPause: number;
  authorizationHeaders: string[];
  userAgents: Set<string>;
  /** When each request arrived (ms since the epoch), answered or not: what a platform measures --rps by. */
  requestTimes: number[];
  /** GET /api/v1/model-versions/by-hash/:hash requests, per hash asked. */
  byHashRequests: Map<string, number>;
}

export interface FakeCivitaiServer {
  url: string;
  stats: FakeCivitaiStats;
  options: FakeCivitaiOptions;
  close(): Promise<void>;
}

function lowerBound(source: CivitaiSource, id: number): number {
  let low = 0;
  let high = source.size();
  while (low < high) {
    const middle = (low + high) >> 1;
    if (source.id(middle) < id) low = middle + 1;
    else high = middle;
  }
  return low;
}

interface HashEntry {
  item: Record<string, unknown>;
  version: Record<string, unknown>;
}

/** Every file hash (SHA256, AutoV2) of the source's versions, uppercase → its model and version. */
function hashIndex(source: CivitaiSource): Map<string, HashEntry> {
  const index = new Map<string, HashEntry>();
  for (let position = 0; position < source.size(); position++) {
    const item = source.item(position);
    const versions = Array.isArray(item.modelVersions) ? (item.modelVersions as Record<string, unknown>[]) : [];
    for (const version of versions) {
      const files = Array.isArray(version.files) ? (version.files as { hashes?: Record<string, unknown> }[]) : [];
      for (const file of files) for (const hash of Object.values(file.hashes ?? {})) if (typeof hash === 'string') index.set(hash.toUpperCase(), { item, version });
    }
  }
  return index;
}

/**
 * /api/v1/model-versions/by-hash answers: the version with `modelId` and `model{name,type,nsfw,poi}`;
 * 404 for removed models and for poi models (hidden from the public API since May 2025).
 */
function byHashAnswer(entry: HashEntry | undefined, removedIds: Set<number> | undefined): Record<string, unknown> | null {
  if (!entry || entry.item.poi === true || removedIds?.has(Number(entry.item.id))) return null;
  const { item, version } = entry;
  return { ...version, modelId: item.id, model: { name: item.name, type: item.type, nsfw: item.nsfw, poi: item.poi ?? false } };
}

function isPgOnly(item: Record<string, unknown>): boolean {
  return item.nsfw !== true && (typeof item.nsfwLevel !== 'number' || item.nsfwLevel <= 1);
}

export async function startFakeCivitai(options: FakeCivitaiOptions): Promise<FakeCivitaiServer> {
  const stats: FakeCivitaiStats = {
    requests: 0,
    listRequests: 0,
    modelRequests: 0,
    inFlight: 0,
    maxInFlight: 0,
    cursorsServed: [],
    cursorsRequested: new Map(),
    faults: {},
    requestsDuringPause: 0,
    authorizationHeaders: [],
    userAgents: new Set(),
    requestTimes: [],
    byHashRequests: new Map(),
  };
  let pausedUntil = 0;

  /** Built on the first by-hash request. */
  let hashes: Map<string, HashEntry> | undefined;
  const send = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  };

  const applyFault = (fault: Fault, res: http.ServerResponse, body: string): boolean => {
    stats.faults[fault.kind] = (stats.faults[fault.kind] ?? 0) + 1;
    switch (fault.kind) {
      case 'rate-limit': {
        const headers: Record<string, string> = {};
        if (fault.retryAfterSeconds !== undefined) {
          headers['retry-after'] = String(fault.retryAfterSeconds);
          pausedUntil = Date.now() + fault.retryAfterSeconds * 1000;
        }
        send(res, 429, { error: 'Too Many Requests' }, headers);
        return true;
      }
      case 'server-error':
        send(res, fault.status, { error: 'Internal Server Error' });
        return true;
      case 'reset':
      case 'truncate':
      case 'truncate-json':
      case 'challenge':
        return writeTransportFault(fault, res, body);
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>');
        return true;
      case 'slow':
        return false;
    }
  };

  const listing = (url: URL) => {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 100) || 100, options.maxLimit ?? 100);
    const types = url.searchParams.getAll('types');
    const isNsfwAllowed = url.searchParams.get('nsfw') === 'true';
    const cursor = url.searchParams.get('cursor');
    const source = options.source;
    let index = cursor === null ? 0 : lowerBound(source, Number(cursor));
    const items: Record<string, unknown>[] = [];
    const listed = (position: number): Record<string, unknown> | null => {
      const id = source.id(position);
      if (options.removedIds?.has(id) || options.hiddenFromListIds?.has(id)) return null;
      const item = source.item(position);
      if (types.length > 0 && !types.includes(String(item.type))) return null;
      if (!isNsfwAllowed && !isPgOnly(item)) return null;
      return item;
    };
    // Duplicates across pages: the last item of the previous page shows up again on this one.
    if (options.faults?.duplicateAcrossPages && index > 0) {
      const repeated = listed(index - 1);
      if (repeated) items.push(repeated);
    }
    // Like the real API, filtering happens after the SQL limit: a page can be short, even empty.
    const end = Math.min(source.size(), index + limit);
    for (; index < end; index++) {
      const item = listed(index);
      if (item) items.push(item);
    }
    const metadata: Record<string, unknown> = {};
    if (index < source.size()) {
      metadata.nextCursor = String(source.id(index));
      const next = new URL(url);
      next.searchParams.set('cursor', String(source.id(index)));
      metadata.nextPage = next.toString();
    }
    return { items, metadata };
  };

  const server = http.createServer(async (req, res) => {
    stats.requestTimes.push(Date.now());
    stats.requests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    res.on('close', () => stats.inFlight--);
    if (Date.now() < pausedUntil) stats.requestsDuringPause++;
    if (req.headers.authorization) stats.authorizationHeaders.push(req.headers.authorization);
    if (req.headers['user-agent']) stats.userAgents.add(req.headers['user-agent']);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET') return send(res, 405, { error: 'Method not allowed' });

    if (url.pathname === '/api/v1/models') {
      stats.listRequests++;
      const cursor = url.searchParams.get('cursor');
      const key = cursor ?? '(first)';
      const seen = (stats.cursorsRequested.get(key) ?? 0) + 1;
      stats.cursorsRequested.set(key, seen);
      const limitParam = Number(url.searchParams.get('limit') ?? 100);
      if (!Number.isInteger(limitParam) || limitParam < 1 || limitParam > 200) {
        return send(res, 400, { error: `Invalid limit: ${url.searchParams.get('limit')}` });
      }
      const page = listing(url);
      const fault = decideFault(options.faults, { kind: 'list', key, attempt: seen, pageIndex: stats.cursorsServed.length });
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
      const pageIndex = stats.cursorsServed.length;
      // Civitai's open bug: the item at limit+1 of some pages never shows up in the listing.
      if (options.faults?.skipItemOnPages?.includes(pageIndex) && page.items.length > 1) page.items.splice(1, 1);
      const body = JSON.stringify(page);
      if (fault && applyFault(fault, res, body)) return;
      stats.cursorsServed.push(cursor);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }

    const byHash = /^\/api\/v1\/model-versions\/by-hash\/([0-9A-Fa-f]{8,64})$/.exec(url.pathname)?.[1];
    if (byHash !== undefined) {
      const hash = byHash.toUpperCase();
      stats.byHashRequests.set(hash, (stats.byHashRequests.get(hash) ?? 0) + 1);
      hashes ??= hashIndex(options.source);
      const answer = byHashAnswer(hashes.get(hash), options.removedIds);
      return answer ? send(res, 200, answer) : send(res, 404, { error: 'Model not found' });
    }

    const match = /^\/api\/v1\/models\/(\d+)$/.exec(url.pathname);
    if (match) {
      stats.modelRequests++;
      if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
      const id = Number(match[1]);
      const fault = decideFault(options.faults, { kind: 'model', key: String(id), attempt: 1, pageIndex: -1 });
      const index = lowerBound(options.source, id);
      const isKnown = index < options.source.size() && options.source.id(index) === id && !options.removedIds?.has(id);
      if (!isKnown) return send(res, 404, { error: `No model with id ${id}` });
      const body = JSON.stringify(options.source.item(index));
      if (fault && applyFault(fault, res, body)) return;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    send(res, 404, { error: 'Not found' });
  });
  server.keepAliveTimeout = 5000;
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    stats,
    options,
    close: listener.close,
  };
}
