// Runs keep their meaning: a sample never finishes or discards an unfinished full run, a run that
// stops on an error is marked failed with its reason and resumed from its checkpoint, and a stored
// resume point is checked before it is used.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CivitaiCrawlOptions } from '../../src/crawlers/crawl-civitai.js';
import { ApiError } from '../../src/crawlers/http-errors.js';
import { openStore, type Store } from '../../src/db/open.js';
import { UserError } from '../../src/errors.js';
import { arraySource, startFakeCivitai, type FakeCivitaiServer } from '../../src/replay/civitai-server.js';
import { civitaiItems } from '../helpers/civitai-items.js';
import { crawlCivitaiReplay } from '../helpers/civitai-crawl.js';
import { tempDir } from '../helpers/temp.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(count: number): Promise<{ server: FakeCivitaiServer; store: Store }> {
  const server = await startFakeCivitai({ source: arraySource(civitaiItems(count)) });
  const store = openStore({ path: path.join(tempDir(), 'runs.db') });
  closers.push(() => server.close(), () => store.close());
  return { server, store };
}

const crawl = (server: FakeCivitaiServer, store: Store, overrides: Partial<CivitaiCrawlOptions> = {}) =>
  crawlCivitaiReplay(server, store, { http: { retry: { limit: 0, baseDelayMs: 1, maxDelayMs: 1 } }, crawl: { listing: { types: ['LORA', 'Checkpoint'], sort: 'Oldest', limit: 10 }, ...overrides } });

const runs = (store: Store) =>
  store.sqlite
    .prepare('SELECT id, is_full AS isFull, status, resume_status AS resumeStatus, last_error AS lastError, pages FROM crawl_runs ORDER BY id')
    .all() as { id: number; isFull: number; status: string; resumeStatus: string | null; lastError: string | null }[];
const checkpoint = (store: Store, runId: number) => store.sqlite.prepare('SELECT cursor, is_done AS isDone FROM crawl_units WHERE run_id = ?').get(runId);

describe('runs keep their meaning', () => {
  it('marks a run that stops on an error failed with its reason, and the next run resumes it from its checkpoint', async () => {
    const { server, store } = await setup(50);
    server.options.faults = { onPage: { 2: { kind: 'server-error', status: 500 } } };
    const error = await crawl(server, store).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(runs(store)).toEqual([expect.objectContaining({ id: 1, status: 'failed', resumeStatus: 'running', lastError: expect.stringMatching(/^HTTP 500 from/) })]);
    const summary = await crawl(server, store);
    expect(summary).toMatchObject({ id: 1, status: 'done', items: 50 });
    // Pages 1-2 were committed before the failure: the resumed run asked for the first page once only.
    expect(server.stats.cursorsRequested.get('(first)')).toBe(1);
  });

  it('a sample neither finishes nor discards an unfinished full run of the same scope', async () => {
    const { server, store } = await setup(50);
    server.options.faults = { onPage: { 2: { kind: 'server-error', status: 500 } } };
    await crawl(server, store).catch(() => undefined);
    const fullCheckpoint = checkpoint(store, 1);
    const sample = await crawl(server, store, { maxPages: 1 });
    expect(sample).toMatchObject({ id: 2, status: 'done' });
    const sampleFresh = await crawl(server, store, { maxPages: 1, fresh: true });
    expect(sampleFresh.id).toBe(3);
    expect(runs(store)[0]).toMatchObject({ id: 1, isFull: 1, status: 'failed', resumeStatus: 'running' });
    expect(checkpoint(store, 1)).toEqual(fullCheckpoint);
    const full = await crawl(server, store);
    expect(full).toMatchObject({ id: 1, status: 'done', items: 50 });
    expect(runs(store).map((run) => [run.id, run.isFull, run.status])).toEqual([
      [1, 1, 'done'],
      [2, 0, 'done'],
      [3, 0, 'done'],
    ]);
  });

  it('closes a sample that a killed process left running instead of resuming it', async () => {
    const { server, store } = await setup(30);
    await crawl(server, store, { maxPages: 1 });
    store.sqlite.prepare(`UPDATE crawl_runs SET status = 'running', finished_at = NULL WHERE id = 1`).run();
    const full = await crawl(server, store);
    expect(full).toMatchObject({ id: 2, status: 'done', items: 30 });
    expect(runs(store)[0]).toMatchObject({ status: 'failed', lastError: 'sample interrupted', resumeStatus: null });
  });

  it('refuses a stored resume point that is not a Civitai cursor, and says to start over', async () => {
    const { server, store } = await setup(50);
    server.options.faults = { onPage: { 2: { kind: 'server-error', status: 500 } } };
    await crawl(server, store).catch(() => undefined);
    store.sqlite.prepare(`UPDATE crawl_units SET cursor = ? WHERE run_id = 1`).run('1 OR 1=1\n//evil');
    const requestsBefore = server.stats.requests;
    await expect(crawl(server, store)).rejects.toThrow(UserError);
    await expect(crawl(server, store)).rejects.toThrow(/not a Civitai cursor; start over with --fresh/);
    expect(server.stats.requests).toBe(requestsBefore);
    const fresh = await crawl(server, store, { fresh: true });
    expect(fresh).toMatchObject({ id: 2, status: 'done', items: 50 });
  });
});
