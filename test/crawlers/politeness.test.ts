// --rps as a platform sees it: request starts measured at the server, retries and removal checks
// included, never more than R in any one-second window and spaced rather than bunched.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpClient } from '../../src/crawlers/http.js';
import { sleepMs, StartPacer } from '../../src/crawlers/pacer.js';
import { openStore, type Store } from '../../src/db/open.js';
import { arraySource, startFakeCivitai } from '../../src/replay/civitai-server.js';
import { civitaiItems } from '../helpers/civitai-items.js';
import { crawlCivitaiReplay } from '../helpers/civitai-crawl.js';
import type { ServerProcessSpec } from '../helpers/civitai-server-process.js';
import { tempDir } from '../helpers/temp.js';

const SERVER_SCRIPT = fileURLToPath(new URL('../helpers/civitai-server-process.ts', import.meta.url));
const PAGE = 5;
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  vi.useRealTimers();
});

const crawl = (server: { url: string }, store: Store, rps: number) =>
  crawlCivitaiReplay(server, store, { http: { rps, retry: { limit: 3, baseDelayMs: 1, maxDelayMs: 5 } }, crawl: { listing: { types: ['LORA', 'Checkpoint'], sort: 'Oldest', limit: PAGE } } });

/** The replay server in its own process (test/helpers/civitai-server-process.ts), so its clock is not held up by the crawl's. */
async function serverProcess(spec: ServerProcessSpec): Promise<{ url: string; requestTimes(): Promise<number[]>; close(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER_SCRIPT, JSON.stringify(spec)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async <T>(): Promise<T> => JSON.parse(((await lines.next()).value as string | undefined) ?? 'null') as T;
  const { url } = await next<{ url: string }>();
  return {
    url,
    requestTimes: async () => {
      child.stdin!.write('stats\n');
      return (await next<{ requestTimes: number[] }>()).requestTimes;
    },
    close: () =>
      new Promise<void>((resolve) => {
        child.on('close', () => resolve());
        child.stdin!.end();
      }),
  };
}

/** The most request starts inside any one-second window [t, t + 1000). */
function busiestSecond(times: number[]): number {
  let most = 0;
  for (let start = 0; start < times.length; start++) {
    let end = start;
    while (end < times.length && times[end]! - times[start]! < 1000) end++;
    most = Math.max(most, end - start);
  }
  return most;
}

describe('--rps at the server', () => {
  for (const rps of [1, 2, 4]) {
    it(`starts at most ${rps} request(s) in any second at --rps ${rps}, retries and removal checks included`, async () => {
      const pages = 2 * rps;
      const items = civitaiItems(pages * PAGE);
      const known = await startFakeCivitai({ source: arraySource(items) });
      const store = openStore({ path: path.join(tempDir(), 'polite.db') });
      closers.push(() => known.close(), () => store.close());
      await crawl(known, store, 0);
      // The measured run: a 429 without Retry-After and a 502 on its listing pages, and one model to re-check by id.
      const server = await serverProcess({
        count: items.length,
        faults: { onPage: { 0: { kind: 'rate-limit' }, 1: { kind: 'server-error', status: 502 } } },
        removedIds: [Number(items[0]!.id)],
      });
      closers.push(() => server.close());
      const summary = await crawl(server, store, rps);
      const times = await server.requestTimes();
      expect(summary).toMatchObject({ status: 'done', modelsRemoved: 1, retries: 2 });
      expect(times).toHaveLength(pages + 2 + 1);
      expect(busiestSecond(times)).toBeLessThanOrEqual(rps);
      const gaps = times.slice(1).map((time, index) => time - times[index]!);
      // Spaced, not bursts: every gap is close to 1/R seconds (the server's clock has ms jitter).
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0.95 * (1000 / rps));
    }, 15_000);
  }
});

describe('the start pacer', () => {
  it('waits 100 s between starts at the smallest rate, on an injected clock', async () => {
    let now = 0;
    const slept: number[] = [];
    const pacer = new StartPacer({ rps: 0.01, now: () => now, sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    } });
    await pacer.acquire();
    await pacer.acquire();
    expect(now).toBeGreaterThanOrEqual(100_000);
    expect(slept).toEqual([now]);
  });

  it('refuses a rate no timer can keep (1e-300, negative, NaN) instead of applying no limit', () => {
    for (const rps of [1e-300, 0.001, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new HttpClient({ userAgent: 't', concurrency: 1, rps }), String(rps)).toThrow(RangeError);
    }
  });

  it('sleeps past the 2^31-1 ms timer limit in steps, never overflowing a timer', async () => {
    vi.useFakeTimers();
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    let isDone = false;
    void sleepMs(3 * 2 ** 31).then(() => (isDone = true));
    await vi.advanceTimersByTimeAsync(3 * 2 ** 31 - 10);
    expect(isDone).toBe(false);
    await vi.advanceTimersByTimeAsync(20);
    expect(isDone).toBe(true);
    const delays = setTimeoutSpy.mock.calls.map((call) => Number(call[1]));
    expect(Math.max(...delays)).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});
