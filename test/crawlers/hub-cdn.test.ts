// The Hub redirects LFS files to a CDN: dfwatch follows with a client that carries no credentials,
// only to allowlisted hosts, and never reads a header past the cap, even from a CDN that ignores Range.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlHuggingface } from '../../src/crawlers/crawl-huggingface.js';
import { ARCHIVE_SEARCH_WORDS } from '../../src/crawlers/hub-archive.js';
import { CdnRedirectError, HUB_CDN_HOSTS, isAllowedCdnUrl } from '../../src/crawlers/hub-cdn.js';
import { bucketRateLimitPolicy, RESOLVERS_BUCKET } from '../../src/crawlers/hub-resolvers-rate-limit.js';
import { HttpClient } from '../../src/crawlers/http.js';
import { MAX_HEADER_BYTES, MAX_HEADER_READ_BYTES } from '../../src/crawlers/safetensors-header.js';
import { openStore, type Store } from '../../src/db/open.js';
import type { Logger } from '../../src/log.js';
import { registerSecret } from '../../src/secrets.js';
import { syntheticArchives } from '../../src/replay/hub-archives.js';
import { startFakeCdn, type FakeCdnServer } from '../../src/replay/hub-cdn-server.js';
import type { HubFileBody, HubFileSource } from '../../src/replay/hub-resolve.js';
import { arrayHubSource, startFakeHub, type FakeHubServer, type HubRepo } from '../../src/replay/huggingface-server.js';
import { tempDir } from '../helpers/temp.js';
import { cdnHostsFromEnv } from '../../src/commands/hub-cdn-client.js';
import { UserError } from '../../src/errors.js';

const SECOND_MS = 20;
const TOKEN = 'hf_replaySecretToken123';
const closers: { close(): Promise<void> }[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((server) => server.close()));
  for (const store of stores.splice(0)) store.close();
});

function store(): Store {
  const opened = openStore({ path: path.join(tempDir(), 'test.db') });
  stores.push(opened);
  return opened;
}

async function hub(repos: HubRepo[], files: HubFileSource, cdnUrl: string): Promise<FakeHubServer> {
  const server = await startFakeHub({ secondMs: SECOND_MS, source: arrayHubSource(repos), resolve: { files, redirect: { cdnUrl }, rateLimit: { quota: 1000, windowSeconds: 3 } } });
  closers.push(server);
  return server;
}

async function cdn(files: HubFileSource, ignoreRange = false): Promise<FakeCdnServer> {
  const server = await startFakeCdn({ files, ignoreRange });
  closers.push(server);
  return server;
}

function recordingLogger(): Logger & { lines: { level: string; event: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; event: string; fields?: Record<string, unknown> }[] = [];
  return { lines, log: (level, event, fields) => void lines.push({ level, event, fields }), progress() {}, done() {} };
}

/** A crawl with HF_TOKEN on the Hub clients, the CDN client built as the command builds it (no credentials). */
async function crawl(server: FakeHubServer, target: Store, allowedHosts: string[], logger: Logger = recordingLogger()) {
  registerSecret(TOKEN);
  const credentials = { headers: { authorization: `Bearer ${TOKEN}` }, name: 'HF_TOKEN' };
  const retry = { baseDelayMs: 1, maxDelayMs: 5, limit: 3 };
  const http = new HttpClient({ userAgent: 'test', concurrency: 4, rps: 0, retry, origin: server.url, credentials });
  const resolvers = new HttpClient({ userAgent: 'test', concurrency: 4, rps: 0, retry, origin: server.url, credentials, rateLimitPolicy: bucketRateLimitPolicy(RESOLVERS_BUCKET, { secondMs: SECOND_MS, concurrency: 4 }) });
  const cdnClient = new HttpClient({ userAgent: 'test', concurrency: 4, rps: 0, retry });
  try {
    await crawlHuggingface({
      store: target,
      http,
      logger,
      baseUrl: server.url,
      scope: { bases: [], searches: [], archiveSearches: ARCHIVE_SEARCH_WORDS },
      pageSize: 1000,
      parallelListings: 2,
      fresh: false,
      verifyRemovals: false,
      recordedOptions: {},
      archives: { resolvers, cdn: { client: cdnClient, allowedHosts }, readHeaders: true },
    });
    return { cdnBytes: cdnClient.stats.bytes, cdnRequests: cdnClient.stats.requests };
  } finally {
    await Promise.all([http.close(), resolvers.close(), cdnClient.close()]);
  }
}

/** A safetensors file whose header is exactly `headerBytes` long (padded JSON), then zeros up to `size`. */
function paddedSafetensors(headerBytes: number, size: number): HubFileBody {
  const json = Buffer.alloc(headerBytes, 0x20);
  json.write(JSON.stringify({ __metadata__: { ss_output_name: 'at_the_cap' } }), 0);
  const head = Buffer.alloc(8 + headerBytes);
  head.writeBigUInt64LE(BigInt(headerBytes), 0);
  json.copy(head, 8);
  return { size, slice: (start, end) => { const out = Buffer.alloc(Math.max(0, Math.min(end, size) - start)); if (start < head.length) head.copy(out, 0, start, Math.min(head.length, end)); return out; } };
}

const rows = (target: Store) =>
  target.sqlite.prepare(`SELECT path, sidecar_status AS sidecarStatus, header_status AS headerStatus, header_metadata AS headerMetadata FROM hub_variants ORDER BY path`).all() as {
    path: string;
    sidecarStatus: string;
    headerStatus: string;
    headerMetadata: string | null;
  }[];

describe('following the Hub resolve redirect to its CDN', () => {
  it('reads every header from the CDN, and the token reaches the Hub but never the CDN host', async () => {
    const archives = syntheticArchives({ repos: 1, filesPerRepo: 10 });
    const cdnServer = await cdn(archives.files);
    const server = await hub(archives.repos, archives.files, cdnServer.url);
    const target = store();
    await crawl(server, target, [cdnServer.host]);

    expect(rows(target).map((row) => row.headerStatus)).toEqual(Array(10).fill('read'));
    expect(JSON.parse(rows(target)[0]!.headerMetadata!)).toHaveProperty('outputName');
    // Every .safetensors was redirected and fetched from the CDN with a signed URL; sidecars came from the Hub itself.
    expect(server.resolveStats.redirects).toBe(10);
    expect(cdnServer.stats.requests).toBe(10);
    expect(cdnServer.stats.unsigned).toBe(0);
    expect(cdnServer.stats.rangeRequests).toBe(10);
    expect(cdnServer.stats.authorizationHeaders).toEqual([]);
    expect(server.stats.authorizationHeaders.length).toBeGreaterThan(0);
    expect(server.stats.authorizationHeaders.every((header) => header === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('cuts a CDN that ignores Range at the header cap, and at 8 bytes when the length is over it', async () => {
    const id = 'hoarder/lora-archive';
    const files: Record<string, HubFileBody> = {
      'at-cap.safetensors': paddedSafetensors(MAX_HEADER_BYTES, 400_000_000),
      'over-cap.safetensors': paddedSafetensors(MAX_HEADER_BYTES + 1, 400_000_000),
    };
    const siblings = Object.entries(files).map(([name, body], index) => ({ rfilename: name, size: body.size, lfs: { sha256: String(index + 1).repeat(64), size: body.size, pointerSize: 134 } }));
    const source: HubFileSource = (repoId, file) => (repoId === id ? (files[file] ?? null) : null);
    const cdnServer = await cdn(source, true);
    const server = await hub([{ id, tags: [], sha: '3'.repeat(40), siblings }], source, cdnServer.url);
    const target = store();
    const { cdnBytes } = await crawl(server, target, [cdnServer.host]);

    expect(rows(target).map((row) => [row.path, row.headerStatus])).toEqual([
      ['at-cap.safetensors', 'read'],
      ['over-cap.safetensors', 'too_large'],
    ]);
    expect(JSON.parse(rows(target)[0]!.headerMetadata!)).toMatchObject({ outputName: 'at_the_cap' });
    // The CDN answered 200 with the whole 400 MB file both times; dfwatch read 8 + cap, then 8 bytes.
    expect(cdnServer.stats.rangeRequests).toBe(0);
    expect(cdnBytes).toBe(MAX_HEADER_READ_BYTES + 8);
    expect(cdnServer.stats.bytesSent).toBeLessThan(2 * 400_000_000);
  });

  it('reads a header larger than the first Range with a second Range from the CDN', async () => {
    const id = 'hoarder/lora-backup';
    const files: Record<string, HubFileBody> = { 'a.safetensors': paddedSafetensors(300_000, 50_000_000), 'b.safetensors': paddedSafetensors(1000, 50_000_000) };
    const siblings = Object.entries(files).map(([name, body], index) => ({ rfilename: name, size: body.size, lfs: { sha256: String(index + 4).repeat(64), size: body.size, pointerSize: 134 } }));
    const source: HubFileSource = (repoId, file) => (repoId === id ? (files[file] ?? null) : null);
    const cdnServer = await cdn(source);
    const server = await hub([{ id, tags: [], sha: '4'.repeat(40), siblings }], source, cdnServer.url);
    const target = store();
    const { cdnBytes, cdnRequests } = await crawl(server, target, [cdnServer.host]);
    expect(rows(target).map((row) => row.headerStatus)).toEqual(['read', 'read']);
    // a: 100 KB, then the rest of its 8 + 300,000 bytes; b: its 8 + 1,000 bytes out of the first 100 KB Range.
    expect(cdnRequests).toBe(3);
    expect(server.resolveStats.redirects).toBe(3);
    expect(cdnBytes).toBe(8 + 300_000 + 8 + 1000);
  });

  it('refuses a redirect to a host off the allowlist with one line, and the rest of the crawl goes on', async () => {
    const archives = syntheticArchives({ repos: 1, filesPerRepo: 3 });
    const elsewhere = await cdn(archives.files);
    const allowed = await cdn(archives.files);
    const server = await hub(archives.repos, archives.files, elsewhere.url);
    const target = store();
    const logger = recordingLogger();
    await crawl(server, target, [allowed.host], logger);

    expect(elsewhere.stats.requests).toBe(0);
    expect(allowed.stats.requests).toBe(0);
    // Each file's header is an item error (read again next run); its sidecar, served by the Hub, was read.
    expect(rows(target).map((row) => [row.sidecarStatus, row.headerStatus])).toEqual([
      ['none', 'error'],
      ['read', 'error'],
      ['read', 'error'],
    ]);
    const refusals = logger.lines.filter((line) => line.event === 'archive file not read');
    expect(refusals).toHaveLength(3);
    for (const line of refusals) {
      const problem = String(line.fields?.problem);
      expect(problem.split('\n')).toHaveLength(1);
      expect(problem).toContain(`redirect to ${elsewhere.url} refused: not a Hugging Face CDN host`);
      expect(problem).not.toContain('X-Amz-Signature');
    }
  });
});

describe('a CDN that redirects again', () => {
  it('is not followed: one hop from the Hub to an allowlisted CDN host, no further', async () => {
    const archives = syntheticArchives({ repos: 1, filesPerRepo: 2 });
    const final = await cdn(archives.files);
    let bounced = 0;
    const bouncer = http.createServer((req, res) => {
      bounced++;
      res.writeHead(302, { location: `${final.url}${req.url ?? '/'}` });
      res.end();
    });
    await new Promise<void>((resolve) => bouncer.listen(0, '127.0.0.1', resolve));
    closers.push({ close: () => new Promise<void>((resolve) => bouncer.close(() => resolve())) });
    const bouncerHost = `127.0.0.1:${(bouncer.address() as AddressInfo).port}`;
    const server = await hub(archives.repos, archives.files, `http://${bouncerHost}`);
    const target = store();
    await crawl(server, target, [bouncerHost, final.host]);
    expect(bounced).toBe(2);
    expect(final.stats.requests).toBe(0);
    expect(rows(target).map((row) => row.headerStatus)).toEqual(['error', 'error']);
  });
});

describe('a CDN that refuses', () => {
  it('costs that file its header only: a CDN 401 is not about the token, and the signed query stays out of the log', async () => {
    const archives = syntheticArchives({ repos: 1, filesPerRepo: 2 });
    const refusing = http.createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('signature expired');
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    closers.push({ close: () => new Promise<void>((resolve) => refusing.close(() => resolve())) });
    const host = `127.0.0.1:${(refusing.address() as AddressInfo).port}`;
    const server = await hub(archives.repos, archives.files, `http://${host}`);
    const target = store();
    const logger = recordingLogger();
    await crawl(server, target, [host], logger);
    expect(rows(target).map((row) => [row.sidecarStatus, row.headerStatus])).toEqual([
      ['none', 'error'],
      ['read', 'error'],
    ]);
    const problems = logger.lines.filter((line) => line.event === 'archive file not read').map((line) => String(line.fields?.problem));
    expect(problems).toHaveLength(2);
    for (const problem of problems) {
      expect(problem).toMatch(/CDN read failed: HTTP 401/);
      expect(problem).not.toContain('X-Amz-Signature');
    }
  });
});

describe('the CDN allowlist', () => {
  it('is the Hub CDN hosts unless $HF_CDN_HOSTS names others, and a malformed entry is one clear line', () => {
    expect(cdnHostsFromEnv(undefined)).toEqual([...HUB_CDN_HOSTS]);
    expect(cdnHostsFromEnv(' 127.0.0.1:4000 , cdn.mirror.example ')).toEqual(['127.0.0.1:4000', 'cdn.mirror.example']);
    expect(() => cdnHostsFromEnv('https://cdn.example/x')).toThrow(UserError);
  });

  it('takes the Hub CDN hosts over https only, by exact host name, and a replay host by host:port', () => {
    const allowed = (url: string, hosts: readonly string[] = HUB_CDN_HOSTS) => isAllowedCdnUrl(new URL(url), hosts);
    expect(allowed('https://cas-bridge.xethub.hf.co/xet-bridge-us/abc?X-Amz-Signature=1')).toBe(true);
    expect(allowed('https://cdn-lfs.hf.co/repos/ab/cd/file')).toBe(true);
    expect(allowed('http://cdn-lfs.hf.co/repos/ab/cd/file')).toBe(false);
    expect(allowed('https://cdn-lfs.hf.co.attacker.example/file')).toBe(false);
    expect(allowed('https://attacker.example/cdn-lfs.hf.co')).toBe(false);
    expect(allowed('https://user:pass@cdn-lfs.hf.co/file')).toBe(false);
    expect(allowed('https://huggingface.co/file')).toBe(false);
    expect(allowed('file:///etc/passwd')).toBe(false);
    expect(allowed('http://127.0.0.1:4000/a/b', ['127.0.0.1:4000'])).toBe(true);
    expect(allowed('http://127.0.0.1:4001/a/b', ['127.0.0.1:4000'])).toBe(false);
    expect(new CdnRedirectError('https://evil.example/x?X-Amz-Signature=secret').message).toBe('redirect to https://evil.example refused: not a Hugging Face CDN host');
  });
});
