// A server that attacks its client, on 127.0.0.1, for the tests of the crawlers' promises: it points
// the client at another host (a Link header, ids shaped like paths), holds it with a body that drips
// or never ends, sends more than the size cap, answers with Cloudflare challenge pages, a region
// block or a refused token. It speaks just enough of both APIs (Civitai /api/v1/models, the Hub's
// /api/models, README and whoami-v2) to get a crawl to the point of attack, and records every request
// with its Authorization header. startRecordingServer() is the "other host" nothing may reach.
import { listenOnLoopback } from './listen.js';
import http from 'node:http';

export type HostileMode =
  /** Hub listing whose Link: rel="next" points at the other host. */
  | 'foreign-link'
  /** Hub listing with an id shaped like a path to the other host, beside a good repo. */
  | 'path-ids'
  /** Every answer sends its headers, then one byte every dripMs. */
  | 'drip'
  /** Every answer streams JSON-looking bytes until the client hangs up. */
  | 'endless'
  /** Every answer declares and sends a body over the cap. */
  | 'oversize'
  | 'challenge-403'
  | 'challenge-503'
  /** 451 {"error":"REGION_BLOCKED"} everywhere. */
  | 'region-blocked'
  /** whoami-v2 and every repo answer 401 when a token is sent (a wrong or expired token). */
  | 'bad-token'
  /** whoami-v2 and the listing accept the token, then every repo lookup answers 401 (a token revoked mid-run). */
  | 'token-revoked'
  /** A good Hub listing and repo whose README always answers 429. */
  | 'card-429'
  /** A good Hub listing, repo and README. */
  | 'good';

export interface RecordedRequest {
  path: string;
  authorization: string | null;
  at: number;
}

export interface HostileServerOptions {
  mode: HostileMode;
  /** Origin of the other host, for the links and ids that point there. */
  otherOrigin: string;
  /** Pause between dripped bytes. */
  dripMs?: number;
  /** Bytes sent by 'oversize'. */
  oversizeBytes?: number;
}

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export interface HostileServer extends RecordingServer {
  options: HostileServerOptions;
}

export const GOOD_REPO_ID = 'good-owner/good-lora';
const CHALLENGE_PAGE = '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head><body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>';

function hubItem(id: string): Record<string, unknown> {
  return {
    id,
    author: id.split('/')[0],
    createdAt: '2025-01-01T00:00:00.000Z',
    lastModified: '2025-01-02T00:00:00.000Z',
    downloads: 5,
    downloadsAllTime: 50,
    likes: 1,
    tags: ['lora', 'base_model:adapter:black-forest-labs/FLUX.1-dev'],
    sha: 'a'.repeat(40),
    siblings: [{ rfilename: 'lora.safetensors', size: 1000, lfs: { sha256: 'b'.repeat(64), size: 1000 } }],
  };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function listen(server: http.Server, requests: RecordedRequest[]): Promise<RecordingServer> {
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    requests,
    close: listener.close,
  };
}

function record(req: http.IncomingMessage, requests: RecordedRequest[]): URL {
  requests.push({ path: req.url ?? '/', authorization: req.headers.authorization ?? null, at: Date.now() });
  return new URL(req.url ?? '/', 'http://127.0.0.1');
}

/** The other host: answers like a harmless Hub listing and records whatever reaches it. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    record(req, requests);
    send(res, 200, []);
  });
  return listen(server, requests);
}

export async function startHostileServer(options: HostileServerOptions): Promise<HostileServer> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const drip = (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('[');
    const timer = setInterval(() => res.write(' '), options.dripMs ?? 200);
    timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      timers.delete(timer);
    });
  };

  const endless = (res: http.ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.from(`${JSON.stringify(hubItem(GOOD_REPO_ID))},`.repeat(64));
    res.write('[');
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    pump();
  };

  /** The answer of the modes that attack every request alike, or false. */
  const attack = (res: http.ServerResponse, hasToken: boolean, url: URL): boolean => {
    switch (options.mode) {
      case 'drip':
        drip(res);
        return true;
      case 'endless':
        endless(res);
        return true;
      case 'oversize': {
        const size = options.oversizeBytes ?? 1024 * 1024;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': size });
        res.end(Buffer.alloc(size, 0x20));
        return true;
      }
      case 'challenge-403':
      case 'challenge-503':
        res.writeHead(options.mode === 'challenge-403' ? 403 : 503, { 'content-type': 'text/html; charset=UTF-8', 'cf-mitigated': 'challenge', 'content-length': Buffer.byteLength(CHALLENGE_PAGE) });
        res.end(CHALLENGE_PAGE);
        return true;
      case 'region-blocked':
        send(res, 451, { error: 'REGION_BLOCKED' });
        return true;
      case 'bad-token':
        if (!hasToken) return false;
        send(res, 401, { error: 'Invalid credentials in Authorization header' });
        return true;
      case 'token-revoked':
        if (!hasToken || url.pathname === '/api/whoami-v2' || url.pathname === '/api/models') return false;
        send(res, 401, { error: 'Invalid credentials in Authorization header' });
        return true;
      default:
        return false;
    }
  };

  const server = http.createServer((req, res) => {
    const url = record(req, requests);
    if (attack(res, Boolean(req.headers.authorization), url)) return;
    if (url.pathname === '/api/whoami-v2') return send(res, 200, { type: 'user', name: 'hostile' });
    if (url.pathname === '/api/models') {
      if (options.mode === 'foreign-link') {
        return send(res, 200, [hubItem(GOOD_REPO_ID)], { link: `<${options.otherOrigin}/api/models?cursor=next>; rel="next"` });
      }
      if (options.mode === 'path-ids') {
        // "/127.0.0.1:PORT/x" joined naively onto the root becomes "//127.0.0.1:PORT/x": the other host.
        const pathId = `/${new URL(options.otherOrigin).host}/x`;
        return send(res, 200, [hubItem(pathId), hubItem(GOOD_REPO_ID)]);
      }
      return send(res, 200, [hubItem(GOOD_REPO_ID)]);
    }
    if (url.pathname === `/${GOOD_REPO_ID}/raw/main/README.md`) {
      if (options.mode === 'card-429') return send(res, 429, { error: 'Too Many Requests' }, { 'retry-after': '0' });
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('# good lora\n');
      return;
    }
    if (url.pathname === `/api/models/${GOOD_REPO_ID}`) return send(res, 200, hubItem(GOOD_REPO_ID));
    if (url.pathname.startsWith('/api/models/')) return send(res, 404, { error: 'Repository not found' });
    if (url.pathname === '/api/v1/models') return send(res, 200, { items: [], metadata: {} });
    send(res, 404, { error: 'Not found' });
  });
  const listening = await listen(server, requests);
  return {
    ...listening,
    options,
    close: () => {
      for (const timer of timers) clearInterval(timer);
      return listening.close();
    },
  };
}
