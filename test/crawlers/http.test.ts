import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, parseRetryAfter, type HttpClientOptions } from '../../src/crawlers/http.js';
import { ApiError, ChallengeError, InvalidResponseError, NetworkError, RateLimitedError, RegionBlockedError, ResponseTooLargeError } from '../../src/crawlers/http-errors.js';
import { registerSecret } from '../../src/secrets.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server that answers each request with the next scripted handler (the last one repeats). */
async function scripted(handlers: Handler[]): Promise<{ url: string; log: number[] }> {
  const log: number[] = [];
  let index = 0;
  const server = http.createServer((req, res) => {
    log.push(Date.now());
    handlers[Math.min(index++, handlers.length - 1)]!(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`, log };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => (_req, res) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

function client(options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({ userAgent: 'dfwatch-test', concurrency: 2, rps: 0, retry: { baseDelayMs: 1, maxDelayMs: 5, connectLimit: 1 }, ...options });
}

describe('parseRetryAfter', () => {
  it('reads seconds', () => expect(parseRetryAfter('3')).toBe(3000));
  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
  });
  it('gives null for garbage or nothing', () => {
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

describe('HttpClient', () => {
  it('retries 5xx, HTML challenge pages and truncated JSON until a good answer', async () => {
    const { url, log } = await scripted([
      json(503, { error: 'busy' }),
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>Just a moment...</html>');
      },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"items": [1, 2');
      },
      json(200, { ok: true }),
    ]);
    const http = client();
    const response = await http.getJson(url);
    expect(response.body).toEqual({ ok: true });
    expect(log).toHaveLength(4);
    expect(http.stats.retries).toBe(3);
  });

  it('retries a connection reset mid-body', async () => {
    const { url } = await scripted([
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"items":');
        res.socket?.destroy();
      },
      json(200, { ok: 1 }),
    ]);
    expect((await client().getJson(url)).body).toEqual({ ok: 1 });
  });

  it('honours Retry-After: no request before the pause ends', async () => {
    const { url, log } = await scripted([json(429, { error: 'slow down' }, { 'retry-after': '1' }), json(200, { ok: true })]);
    await client().getJson(url);
    expect(log[1]! - log[0]!).toBeGreaterThanOrEqual(950);
  });

  it('uses an injected clock for long pauses instead of sleeping', async () => {
    const slept: number[] = [];
    let now = 0;
    const { url } = await scripted([json(429, {}, { 'retry-after': '120' }), json(200, { ok: true })]);
    const http = client({
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    await http.getJson(url);
    expect(slept).toContain(120_000);
  });

  it('does not retry a 404 and reports status and URL', async () => {
    const { url, log } = await scripted([json(404, { error: 'No model with id 5' })]);
    const error = await client().getJson(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect(log).toHaveLength(1);
  });

  it('gives up after the retry limit with the last error', async () => {
    const { url, log } = await scripted([json(500, { error: 'boom' })]);
    const error = await client({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } }).getJson(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(log).toHaveLength(3);
  });

  it('fails fast with NetworkError when nothing listens', async () => {
    const error = await client().getJson('http://127.0.0.1:1/x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/cannot reach 127\.0\.0\.1:1/);
  });

  it('never has more requests in flight than its concurrency', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const { url } = await scripted([
      (_req, res) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight--;
          json(200, { ok: true })(_req, res);
        }, 20);
      },
    ]);
    const http = client({ concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, () => http.getJson(url)));
    expect(maxInFlight).toBe(3);
  });

  it('starts at most rps requests per second', async () => {
    const { url, log } = await scripted([json(200, {})]);
    const http = client({ concurrency: 4, rps: 20 });
    await Promise.all(Array.from({ length: 6 }, () => http.getJson(url)));
    // 6 requests at 20/s need at least 5 gaps of 50 ms.
    expect(log[5]! - log[0]!).toBeGreaterThanOrEqual(230);
  });

  it('keeps tokens out of error messages', async () => {
    registerSecret('canary-secret-123');
    const { url } = await scripted([json(400, { error: 'bad token canary-secret-123' })]);
    const error = (await client().getJson(`${url}?token=canary-secret-123`).catch((caught: unknown) => caught)) as Error;
    expect(error.message).not.toContain('canary-secret-123');
  });

  it('calls a rate-limit policy and pauses the host for what it says', async () => {
    const { url, log } = await scripted([json(429, {}, { ratelimit: 'x' }), json(200, { ok: true })]);
    const http = client({ rateLimitPolicy: ({ status }) => (status === 429 ? 300 : null) });
    await http.getJson(url);
    expect(log[1]! - log[0]!).toBeGreaterThanOrEqual(280);
  });

  it('reports an invalid body after retries as InvalidResponseError', async () => {
    const { url } = await scripted([(_req, res) => res.end('not json')]);
    const error = await client({ retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 } }).getJson(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidResponseError);
  });

  it('gives up on a persistent 429 with RateLimitedError carrying the last Retry-After', async () => {
    const { url, log } = await scripted([json(429, { error: 'slow down' }, { 'retry-after': '0' })]);
    const error = await client({ retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 2 } }).getJson(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(0);
    expect(log).toHaveLength(3);
  });

  it('reads an HTML page on a 200 as a challenge, but an HTML 404 as a 404', async () => {
    const html = (status: number): Handler => (_req, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end('<html><title>Just a moment...</title></html>');
    };
    const challenge = await scripted([html(200)]);
    await expect(client({ retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 1 } }).getJson(challenge.url)).rejects.toBeInstanceOf(ChallengeError);
    expect(challenge.log).toHaveLength(2);
    const missing = await scripted([html(404)]);
    const error = await client().getJson(missing.url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(404);
    expect(missing.log).toHaveLength(1);
  });

  it('never retries a 451 or a body over the cap', async () => {
    const blocked = await scripted([json(451, { error: 'REGION_BLOCKED' })]);
    await expect(client().getJson(blocked.url)).rejects.toBeInstanceOf(RegionBlockedError);
    expect(blocked.log).toHaveLength(1);
    const big = await scripted([json(200, { text: 'x'.repeat(5000) })]);
    await expect(client({ maxBodyBytes: 1000 }).getJson(big.url)).rejects.toBeInstanceOf(ResponseTooLargeError);
    expect(big.log).toHaveLength(1);
  });

  it('sends the token only to its origin', async () => {
    const seen: (string | undefined)[] = [];
    const { url } = await scripted([
      (req, res) => {
        seen.push(req.headers.authorization);
        json(200, {})(req, res);
      },
    ]);
    await client({ origin: new URL(url).origin, credentials: { headers: { authorization: 'Bearer t0ken' }, name: 'T' } }).getJson(url);
    expect(seen).toEqual(['Bearer t0ken']);
  });
});
