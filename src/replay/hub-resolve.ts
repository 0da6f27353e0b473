// The replay Hub's resolve path (`/{repo}/resolve/{revision}/{path}`): file contents for archive
// repos, with `Accept-Ranges: bytes` and single-range answers (206), counted against a "resolvers"
// fixed window of its own with the Hub's RateLimit headers. It counts what it sends, so tests can
// check that sidecars and headers were read without the weights and that no request arrived in a
// window it had closed.
import type http from 'node:http';

/** A file's bytes, generated on demand (a 150 MB LoRA is never held). `end` is exclusive. */
export interface HubFileBody {
  size: number;
  slice(start: number, end: number): Buffer;
}

/** The file at a path of a repo, or null (404). */
export type HubFileSource = (repoId: string, path: string) => HubFileBody | null;

export interface ResolveOptions {
  files: HubFileSource;
  /** The resolvers bucket: requests per window. */
  rateLimit?: { quota: number; windowSeconds: number };
  /** Answer every request with the whole file from byte 0 (a server that ignores Range). */
  ignoreRange?: boolean;
  /** Paths answered 500 while listed here (a storage fault); tests remove them to recover. */
  failingPaths?: Set<string>;
}

export interface ResolveStats {
  requests: number;
  rangeRequests: number;
  /** Bytes written into response bodies, summed. */
  bytesSent: number;
  /** The largest body written for one request. */
  maxBytesSent: number;
  rateLimited: number;
  requestsInClosedWindow: number;
  paths: Map<string, number>;
}

const CHUNK = 64 * 1024;

export function bytesBody(bytes: Buffer): HubFileBody {
  return { size: bytes.length, slice: (start, end) => bytes.subarray(start, end) };
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | null {
  const match = header ? /^bytes=(\d+)-(\d*)$/.exec(header.trim()) : null;
  if (!match) return null;
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  return start <= end ? { start, end: end + 1 } : null;
}

export function createResolveHandler(options: ResolveOptions, secondMs: number) {
  const stats: ResolveStats = { requests: 0, rangeRequests: 0, bytesSent: 0, maxBytesSent: 0, rateLimited: 0, requestsInClosedWindow: 0, paths: new Map() };
  const startedAt = Date.now();
  const window = { index: -1, used: 0 };
  let closedUntil = 0;

  const headersFor = (remaining: number, resetSeconds: number): Record<string, string> => {
    if (!options.rateLimit) return {};
    return {
      ratelimit: `"resolvers";r=${remaining};t=${resetSeconds}`,
      'ratelimit-policy': `"fixed window";"resolvers";q=${options.rateLimit.quota};w=${options.rateLimit.windowSeconds}`,
    };
  };

  const admit = (now: number): { headers: Record<string, string>; isAllowed: boolean } => {
    const limit = options.rateLimit;
    if (!limit) return { headers: {}, isAllowed: true };
    if (now < closedUntil) {
      stats.requestsInClosedWindow++;
      return { headers: headersFor(0, Math.max(1, Math.ceil((closedUntil - now) / secondMs))), isAllowed: false };
    }
    const windowMs = limit.windowSeconds * secondMs;
    const index = Math.floor((now - startedAt) / windowMs);
    if (index !== window.index) {
      window.index = index;
      window.used = 0;
    }
    const windowEnd = startedAt + (index + 1) * windowMs;
    window.used++;
    const remaining = Math.max(0, limit.quota - window.used);
    if (remaining === 0) closedUntil = windowEnd;
    return { headers: headersFor(remaining, Math.max(1, Math.ceil((windowEnd - now) / secondMs))), isAllowed: true };
  };

  /** Streams [start, end) in chunks, stopping when the client goes away. */
  const stream = (res: http.ServerResponse, body: HubFileBody, start: number, end: number) => {
    let position = start;
    let sent = 0;
    const finish = () => {
      stats.bytesSent += sent;
      stats.maxBytesSent = Math.max(stats.maxBytesSent, sent);
    };
    const pump = () => {
      while (position < end) {
        const chunk = body.slice(position, Math.min(end, position + CHUNK));
        position += chunk.length;
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.once('close', finish);
    pump();
  };

  /** Handles a resolve request; false when the path is not one. */
  const handle = (req: http.IncomingMessage, res: http.ServerResponse, url: URL): boolean => {
    const match = /^\/([^/]+\/[^/]+)\/resolve\/[^/]+\/(.+)$/.exec(url.pathname);
    if (!match) return false;
    stats.requests++;
    const admission = admit(Date.now());
    const json = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...admission.headers });
      res.end(text);
    };
    if (!admission.isAllowed) {
      stats.rateLimited++;
      json(429, { error: 'You have exceeded our rate limit (resolvers)' });
      return true;
    }
    const repoId = decodeURIComponent(match[1]!);
    const path = match[2]!.split('/').map(decodeURIComponent).join('/');
    stats.paths.set(path, (stats.paths.get(path) ?? 0) + 1);
    if (options.failingPaths?.has(path)) {
      json(500, { error: 'Internal Error' });
      return true;
    }
    const body = options.files(repoId, path);
    if (!body) {
      json(404, { error: 'Entry not found' });
      return true;
    }
    const range = options.ignoreRange ? null : parseRange(req.headers.range, body.size);
    if (range) {
      stats.rangeRequests++;
      res.writeHead(206, {
        'content-type': 'application/octet-stream',
        'accept-ranges': 'bytes',
        'content-range': `bytes ${range.start}-${range.end - 1}/${body.size}`,
        'content-length': range.end - range.start,
        ...admission.headers,
      });
      stream(res, body, range.start, range.end);
      return true;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'accept-ranges': 'bytes', 'content-length': body.size, ...admission.headers });
    stream(res, body, 0, body.size);
    return true;
  };

  return { handle, stats };
}
