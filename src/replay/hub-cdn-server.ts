// The replay Hub's CDN (cas-bridge.xethub.hf.co / cdn-lfs.hf.co on the real Hub), on a port of its
// own: the resolve path redirects LFS files here (hub-resolve.ts, `redirect`). It serves
// `/{repo}/{path}` from the same file source, honours Range (or, on request, ignores it), and
// records every Authorization header it receives, so tests can check no token ever reaches it.
import { listenOnLoopback } from './listen.js';
import http from 'node:http';
import { serveFileBody, type BodyStats, type HubFileSource } from './hub-resolve.js';

export interface FakeCdnOptions {
  files: HubFileSource;
  /** Send the whole file from byte 0 whatever the Range (a CDN or proxy that ignores it). */
  ignoreRange?: boolean;
}

export interface FakeCdnStats extends BodyStats {
  requests: number;
  /** Every Authorization header received (there must be none). */
  authorizationHeaders: string[];
  /** Requests whose URL carried no signature (the Hub always signs the redirect). */
  unsigned: number;
}

export interface FakeCdnServer {
  url: string;
  /** host:port, as an allowlist entry. */
  host: string;
  stats: FakeCdnStats;
  close(): Promise<void>;
}

export async function startFakeCdn(options: FakeCdnOptions): Promise<FakeCdnServer> {
  const stats: FakeCdnStats = { requests: 0, authorizationHeaders: [], unsigned: 0, rangeRequests: 0, bytesSent: 0, maxBytesSent: 0 };
  const server = http.createServer((req, res) => {
    stats.requests++;
    if (req.headers.authorization) stats.authorizationHeaders.push(req.headers.authorization);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!url.searchParams.has('X-Amz-Signature')) stats.unsigned++;
    const match = /^\/([^/]+\/[^/]+)\/(.+)$/.exec(url.pathname);
    const body = match?.[1] && match[2] ? options.files(decodeURIComponent(match[1]), match[2].split('/').map(decodeURIComponent).join('/')) : null;
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    serveFileBody(req, res, body, { ignoreRange: options.ignoreRange }, stats);
  });
  const listener = await listenOnLoopback(server);
  return {
    url: listener.url,
    host: listener.host,
    stats,
    close: listener.close,
  };
}
