// The crawlers against a server that attacks them: what that server and a second "other host"
// receive. No token ever reaches the other host, no URL the server hands out is followed off the
// configured origin, and every refusal ends the run with one clear error and nothing marked removed.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { crawlHuggingface, huggingfaceScope, listingUnit, type HuggingfaceCrawlOptions } from '../../src/crawlers/crawl-huggingface.js';
import { HttpClient, type HttpClientOptions } from '../../src/crawlers/http.js';
import {
  AuthError,
  ChallengeError,
  crawlFailure,
  NetworkError,
  OriginError,
  RegionBlockedError,
  ResponseTooLargeError,
} from '../../src/crawlers/http-errors.js';
import { everyModel } from '../../src/crawlers/huggingface-candidates.js';
import { hubListings, parseHubItem } from '../../src/crawlers/huggingface.js';
import { Ingestor } from '../../src/db/ingest.js';
import { openStore, type Store } from '../../src/db/open.js';
import { startOrResumeRun } from '../../src/db/runs.js';
import { UserError } from '../../src/errors.js';
import { ExitCode } from '../../src/exit-codes.js';
import { silentLogger } from '../../src/log.js';
import { GOOD_REPO_ID, startHostileServer, startRecordingServer, type HostileMode, type HostileServer, type RecordingServer } from '../../src/replay/hostile-server.js';
import { registerSecret } from '../../src/secrets.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const TOKEN = 'hf_hostile_canary_0123456789';
registerSecret(TOKEN);
const SCOPE = { bases: ['black-forest-labs/FLUX.1-dev'], searches: [] };

const closers: (() => Promise<void>)[] = [];
const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
  for (const store of stores.splice(0)) store.close();
});

async function servers(mode: HostileMode, extra: { dripMs?: number; oversizeBytes?: number } = {}): Promise<{ hostile: HostileServer; other: RecordingServer }> {
  const other = await startRecordingServer();
  const hostile = await startHostileServer({ mode, otherOrigin: other.url, ...extra });
  closers.push(() => other.close(), () => hostile.close());
  return { hostile, other };
}

function store(): Store {
  const opened = openStore({ path: path.join(tempDir(), 'hostile.db') });
  stores.push(opened);
  return opened;
}

interface CrawlSetup {
  token?: boolean;
  http?: Partial<HttpClientOptions>;
  crawl?: Partial<HuggingfaceCrawlOptions>;
}

/** The Hub crawl as `dfwatch crawl huggingface` wires it: one client bound to the base URL's origin. */
async function crawl(server: HostileServer, target: Store, setup: CrawlSetup = {}) {
  const http = new HttpClient({
    userAgent: 'dfwatch-test',
    concurrency: 2,
    rps: 0,
    origin: server.url,
    credentials: setup.token ? { headers: { authorization: `Bearer ${TOKEN}` }, name: 'HF_TOKEN' } : undefined,
    retry: { limit: 2, baseDelayMs: 1, maxDelayMs: 5 },
    ...setup.http,
  });
  try {
    return await crawlHuggingface({
      store: target,
      http,
      logger: silentLogger,
      baseUrl: server.url,
      scope: SCOPE,
      pageSize: 100,
      parallelListings: 1,
      fresh: false,
      verifyRemovals: true,
      recordedOptions: {},
      ...setup.crawl,
    });
  } finally {
    await http.close();
  }
}

const runRows = (target: Store) =>
  target.sqlite.prepare('SELECT id, status, last_error AS lastError, resume_status AS resumeStatus, models_removed AS removed FROM crawl_runs ORDER BY id').all() as {
    id: number;
    status: string;
    lastError: string | null;
    resumeStatus: string | null;
    removed: number;
  }[];
const removedCount = (target: Store) => (target.sqlite.prepare('SELECT count(*) AS n FROM models WHERE removed_at IS NOT NULL').get() as { n: number }).n;

describe('a hostile server pointing elsewhere', () => {
  it('never follows a Link to another host: the run stops, the other host sees nothing, the checkpoint stays home', async () => {
    const { hostile, other } = await servers('foreign-link');
    const target = store();
    const error = await crawl(hostile, target, { token: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OriginError);
    expect((error as Error).message).toMatch(/Link header points outside http:\/\/127\.0\.0\.1:\d+/);
    expect(other.requests).toEqual([]);
    expect(hostile.requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const [run] = runRows(target);
    expect(run).toMatchObject({ status: 'failed', resumeStatus: 'running' });
    expect(run!.lastError).toMatch(/Link header/);
    const cursors = target.sqlite.prepare('SELECT cursor FROM crawl_units').all() as { cursor: string | null }[];
    for (const { cursor } of cursors) expect(cursor ?? '').not.toContain(new URL(other.url).port);
  });

  it('refuses a stored resume point that leads to another host', async () => {
    const { hostile, other } = await servers('good');
    const target = store();
    const { run } = startOrResumeRun(target, { platform: 'huggingface', kind: 'crawl', scope: 'x', isFull: true, asOf: new Date().toISOString(), options: {}, fresh: false });
    // A checkpoint written by a tampered or older database: the run's scope must match the crawl's.
    target.sqlite.prepare('UPDATE crawl_runs SET scope = ? WHERE id = ?').run(huggingfaceScope(hubListings(SCOPE)), run.id);
    const unit = listingUnit(hubListings(SCOPE)[0]!);
    target.sqlite.prepare('INSERT INTO crawl_units (run_id, unit, cursor, is_done, pages, items) VALUES (?, ?, ?, 0, 1, 1)').run(run.id, unit, `//${new URL(other.url).host}/api/models?cursor=x`);
    const error = await crawl(hostile, target, { token: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OriginError);
    expect((error as Error).message).toMatch(/stored resume point/);
    expect(other.requests).toEqual([]);
  });

  it('keeps an id shaped like a path as an item error and never turns it into a URL', async () => {
    const { hostile, other } = await servers('path-ids');
    const target = store();
    const summary = await crawl(hostile, target, { token: true, crawl: { isCandidate: everyModel } });
    expect(summary.status).toBe('done');
    expect(summary.itemErrors).toBeGreaterThan(0);
    expect(other.requests).toEqual([]);
    expect(hostile.requests.some((request) => request.path === `/${GOOD_REPO_ID}/raw/main/README.md`)).toBe(true);
    expect(hostile.requests.every((request) => !request.path.startsWith('//'))).toBe(true);
    const ids = (target.sqlite.prepare('SELECT platform_id AS id FROM models').all() as { id: string }[]).map((row) => row.id);
    expect(ids).toEqual([GOOD_REPO_ID]);
    const card = target.sqlite.prepare('SELECT card_text AS card FROM models').get() as { card: string };
    expect(card.card).toBe('# good lora\n');
  });

  it('refuses to attach the token to another origin, or to send anything there', async () => {
    const { hostile, other } = await servers('good');
    const http = new HttpClient({ userAgent: 't', concurrency: 1, rps: 0, origin: hostile.url, credentials: { headers: { authorization: `Bearer ${TOKEN}` }, name: 'HF_TOKEN' } });
    closers.push(() => http.close());
    for (const url of [`${other.url}/api/models`, `${hostile.url.replace('127.0.0.1', 'localhost')}/api/models`, `http://user:pw@${new URL(hostile.url).host}/api/models`]) {
      await expect(http.getJson(url), url).rejects.toBeInstanceOf(OriginError);
    }
    expect(other.requests).toEqual([]);
    expect(hostile.requests).toEqual([]);
    expect(() => new HttpClient({ userAgent: 't', concurrency: 1, rps: 0, credentials: { headers: { authorization: 'Bearer x' }, name: 'X' } })).toThrow(/origin/);
  });

  it('refuses a base URL with credentials inside it, and never records them', async () => {
    const { hostile } = await servers('good');
    const target = store();
    const withCredentials = hostile.url.replace('http://', 'http://user:secret-pw@');
    await expect(crawl(hostile, target, { crawl: { baseUrl: withCredentials } })).rejects.toBeInstanceOf(UserError);
    expect(hostile.requests).toEqual([]);
    startOrResumeRun(target, { platform: 'civitai', kind: 'crawl', scope: 's', isFull: true, asOf: '2026-01-01T00:00:00.000Z', options: { baseUrl: withCredentials }, fresh: false });
    const options = (target.sqlite.prepare('SELECT options FROM crawl_runs').get() as { options: string }).options;
    expect(options).not.toContain('secret-pw');
    expect(JSON.parse(options).baseUrl).toBe(`${hostile.url}/`);
  });
});

describe('a hostile server holding or flooding the client', () => {
  it('cuts a body that drips one byte at a time at --timeout, retries, then stops with one line', async () => {
    const { hostile } = await servers('drip', { dripMs: 50 });
    const target = store();
    const started = Date.now();
    const error = await crawl(hostile, target, { http: { timeoutMs: 300, retry: { limit: 1, baseDelayMs: 1, maxDelayMs: 5 } } }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/timeout after 300 ms \(2 tries\)/);
    expect(hostile.requests).toHaveLength(2);
    expect(runRows(target)[0]).toMatchObject({ status: 'failed' });
    expect(runRows(target)[0]!.lastError).toMatch(/timeout/);
  });

  it('stops reading an endless body at the cap and does not ask again', async () => {
    const { hostile } = await servers('endless');
    const target = store();
    const error = await crawl(hostile, target, { http: { maxBodyBytes: 256 * 1024 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(hostile.requests).toHaveLength(1);
    expect(crawlFailure(error)?.code).toBe(ExitCode.apiFailure);
  });

  it('refuses a body declared over the cap without downloading it again', async () => {
    const { hostile } = await servers('oversize', { oversizeBytes: 1024 * 1024 });
    const target = store();
    const error = await crawl(hostile, target, { http: { maxBodyBytes: 256 * 1024 } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(hostile.requests).toHaveLength(1);
  });
});

describe('a hostile edge refusing the client', () => {
  for (const mode of ['challenge-403', 'challenge-503'] as const) {
    it(`retries a ${mode.slice(-3)} challenge page a bounded number of times, then says what to try`, async () => {
      const { hostile } = await servers(mode);
      const target = store();
      const error = await crawl(hostile, target).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ChallengeError);
      expect(hostile.requests).toHaveLength(3);
      const failure = crawlFailure(error)!;
      expect(failure.code).toBe(ExitCode.apiFailure);
      expect(failure.message).toMatch(new RegExp(`challenge page instead of the API \\(HTTP ${mode.slice(-3)}, 3 tries\\).*try again later, lower --rps`));
      expect(failure.message).not.toContain('\n');
    });
  }

  it('never retries a region block (451) and names it', async () => {
    const { hostile } = await servers('region-blocked');
    const target = store();
    const error = await crawl(hostile, target).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegionBlockedError);
    expect(hostile.requests).toHaveLength(1);
    expect(crawlFailure(error)).toEqual({ code: ExitCode.accessRefused, message: expect.stringMatching(/blocks requests from this region \(HTTP 451 REGION_BLOCKED\)/) });
  });
});

describe('a token the server refuses', () => {
  /** A finished run that saw GOOD_REPO_ID, plus a stored repo the next listing will not show. */
  async function knownStore(hostile: HostileServer): Promise<Store> {
    const target = store();
    await crawl(hostile, target);
    const gone = parseHubItem({ id: 'gone-owner/old-lora', tags: ['lora'] });
    if (!gone.ok) throw new Error('fixture');
    new Ingestor(target).upsert({ runId: 1, asOf: '2025-01-01T00:00:00.000Z' }, gone.record);
    return target;
  }

  it('is checked once with whoami-v2 before anything starts: one line, no run, nothing removed', async () => {
    const { hostile, other } = await servers('good');
    const target = await knownStore(hostile);
    hostile.options.mode = 'bad-token';
    const error = await crawl(hostile, target, { token: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect(crawlFailure(error)).toEqual({ code: ExitCode.userError, message: expect.stringMatching(/refused HF_TOKEN \(HTTP 401\).*nothing was marked removed/) });
    expect((error as Error).message).not.toContain(TOKEN);
    expect(hostile.requests.filter((request) => request.authorization !== null).map((request) => request.path)).toEqual(['/api/whoami-v2']);
    expect(runRows(target)).toHaveLength(1);
    expect(removedCount(target)).toBe(0);
    expect(other.requests).toEqual([]);
  });

  it('revoked mid-run stops the verification without marking anything removed, also when resumed there', async () => {
    const { hostile } = await servers('good');
    const target = await knownStore(hostile);
    hostile.options.mode = 'token-revoked';
    await expect(crawl(hostile, target, { token: true })).rejects.toBeInstanceOf(AuthError);
    expect(removedCount(target)).toBe(0);
    expect(runRows(target)[1]).toMatchObject({ status: 'failed', resumeStatus: 'verifying', removed: 0 });
    // Resumed in its verification stage with the bad token: stopped at the token check.
    hostile.options.mode = 'bad-token';
    await expect(crawl(hostile, target, { token: true })).rejects.toBeInstanceOf(AuthError);
    expect(removedCount(target)).toBe(0);
    expect(runRows(target)[1]).toMatchObject({ status: 'failed', resumeStatus: 'verifying' });
    // Anonymous, the Hub's 404 is an answer: the resumed verification marks the repo gone.
    hostile.options.mode = 'good';
    const summary = await crawl(hostile, target);
    expect(summary).toMatchObject({ id: 2, status: 'done', modelsRemoved: 1 });
  });
});

describe('a card lost to exhausted retries', () => {
  it('is an item error the next run retries, never a stored "no card"', async () => {
    const { hostile } = await servers('card-429');
    const target = store();
    const first = await crawl(hostile, target, { crawl: { isCandidate: everyModel } });
    expect(first.itemErrors).toBe(1);
    const stored = () => target.sqlite.prepare(`SELECT card_text AS card, (SELECT count(*) FROM model_versions v WHERE v.model_id = m.id) AS versions FROM models m`).get();
    expect(stored()).toEqual({ card: null, versions: 0 });
    hostile.options.mode = 'good';
    await crawl(hostile, target, { crawl: { isCandidate: everyModel } });
    expect(stored()).toEqual({ card: '# good lora\n', versions: 1 });
  });
});

describe('the real CLI against a hostile server', () => {
  it('ends a region block, a challenge and a refused token each with one line and its exit code, and marks the run failed', async () => {
    const region = await servers('region-blocked');
    const challenge = await servers('challenge-403');
    const badToken = await servers('bad-token');
    const dir = tempDir();
    const common = ['--rps', '0', '--retries', '1', '--retry-base-delay', '1', '--log', 'json'];
    const [blocked, challenged, refused] = await Promise.all([
      runCli(['--db', path.join(dir, 'a.db'), 'crawl', 'civitai', '--base-url', region.hostile.url, ...common]),
      runCli(['--db', path.join(dir, 'b.db'), 'crawl', 'civitai', '--base-url', challenge.hostile.url, ...common]),
      runCli(['--db', path.join(dir, 'c.db'), 'crawl', 'huggingface', '--base-url', badToken.hostile.url, ...common], { HF_TOKEN: TOKEN }),
    ]);
    const lastLine = (stderr: string) => stderr.trim().split('\n').filter((line) => line.startsWith('dfwatch: '));
    expect(blocked.code).toBe(ExitCode.accessRefused);
    expect(lastLine(blocked.stderr)).toEqual([expect.stringMatching(/^dfwatch: 127\.0\.0\.1:\d+ blocks requests from this region \(HTTP 451 REGION_BLOCKED\)/)]);
    expect(region.hostile.requests).toHaveLength(1);
    expect(challenged.code).toBe(ExitCode.apiFailure);
    expect(lastLine(challenged.stderr)).toEqual([expect.stringMatching(/^dfwatch: .*challenge page instead of the API \(HTTP 403, 2 tries\)/)]);
    expect(refused.code).toBe(ExitCode.userError);
    expect(lastLine(refused.stderr)).toEqual([expect.stringMatching(/^dfwatch: .*refused HF_TOKEN \(HTTP 401\)/)]);
    expect(refused.stderr + refused.stdout).not.toContain(TOKEN);
    for (const result of [blocked, challenged, refused]) expect(result.stderr).not.toMatch(/\n\s+at /);
    const status = (file: string) => {
      const db = openStore({ path: path.join(dir, file) });
      try {
        return runRows(db).map((run) => [run.status, run.lastError]);
      } finally {
        db.close();
      }
    };
    expect(status('a.db')).toEqual([['failed', expect.stringMatching(/blocks requests from this region/)]]);
    expect(status('c.db')).toEqual([]);
  }, 60_000);
});
