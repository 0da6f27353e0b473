// withRun: one place that starts or resumes a run, records its traffic, and finishes it or marks it
// failed with the reason; the unseen-model batches and removal marks the crawlers build on.
import { afterEach, describe, expect, it } from 'vitest';
import { parseCivitaiItem } from '../../src/crawlers/civitai.js';
import { Ingestor, type ModelRecord } from '../../src/db/ingest.js';
import { openStore, type Store } from '../../src/db/open.js';
import { RemovalMarker } from '../../src/db/removals.js';
import { withRun, type WithRunOptions } from '../../src/db/runs.js';
import { countUnseen, unseenBatches } from '../../src/db/unseen.js';
import { silentLogger } from '../../src/log.js';
import { civitaiItem } from '../helpers/civitai-items.js';

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function memoryStore(): Store {
  const store = openStore({ path: ':memory:' });
  stores.push(store);
  return store;
}

const runOptions = (overrides: Partial<WithRunOptions> = {}): WithRunOptions => ({
  platform: 'civitai',
  kind: 'crawl',
  scope: 'models?types=LORA',
  isFull: true,
  asOf: '2026-01-01T00:00:00.000Z',
  options: {},
  fresh: false,
  logger: silentLogger,
  ...overrides,
});

function record(id: number, type = 'LORA'): ModelRecord {
  const parsed = parseCivitaiItem(civitaiItem({ id, type }));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.record;
}

const row = (store: Store, id: number) =>
  store.sqlite.prepare('SELECT status, resume_status AS resumeStatus, last_error AS lastError, requests, retries, models_removed AS modelsRemoved FROM crawl_runs WHERE id = ?').get(id);

describe('withRun', () => {
  it('finishes the run when the crawl returns, with its traffic and the distinct models it saw', async () => {
    const store = memoryStore();
    const traffic = { requests: 0, retries: 0 };
    const summary = await withRun(store, runOptions({ traffic }), async (active) => {
      traffic.requests += 3;
      traffic.retries += 1;
      new Ingestor(store).ingestPage({ runId: active.run.id, asOf: active.run.asOf }, [record(1), record(2), record(1)], [], { unit: 'models', cursor: null, isDone: true });
    });
    expect(summary).toMatchObject({ id: 1, status: 'done', pages: 1, items: 2, requests: 3, retries: 1, modelsNew: 2 });
  });

  it('marks a full run failed with its reason and resumable; the next run resumes it at its checkpoint', async () => {
    const store = memoryStore();
    const error = await withRun(store, runOptions(), async (active) => {
      new Ingestor(store).ingestPage({ runId: active.run.id, asOf: active.run.asOf }, [record(1)], [], { unit: 'models', cursor: '2', isDone: false });
      throw new Error('HTTP 500 from https://civitai.com/api/v1/models?token=secret');
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/^HTTP 500/);
    expect(row(store, 1)).toMatchObject({ status: 'failed', resumeStatus: 'running', lastError: expect.not.stringContaining('secret') });
    let resumedAt: unknown = null;
    const summary = await withRun(store, runOptions(), async (active) => {
      expect(active.isResumed).toBe(true);
      resumedAt = active.unit('models');
    });
    expect(resumedAt).toEqual({ cursor: '2', isDone: false, pages: 1, items: 1 });
    expect(summary).toMatchObject({ id: 1, status: 'done' });
  });

  it('a failed sample is closed for good: the next sample is a run of its own', async () => {
    const store = memoryStore();
    await withRun(store, runOptions({ isFull: false }), async () => {
      throw new Error('stopped');
    }).catch(() => undefined);
    expect(row(store, 1)).toMatchObject({ status: 'failed', resumeStatus: null, lastError: 'stopped' });
    const summary = await withRun(store, runOptions({ isFull: false }), async () => undefined);
    expect(summary.id).toBe(2);
  });

  it('resumes a run that stopped while verifying in that stage', async () => {
    const store = memoryStore();
    await withRun(store, runOptions(), async (active) => {
      active.setStatus('verifying');
      throw new Error('network: ECONNRESET');
    }).catch(() => undefined);
    expect(row(store, 1)).toMatchObject({ status: 'failed', resumeStatus: 'verifying' });
    await withRun(store, runOptions(), async (active) => {
      expect(active.run.status).toBe('verifying');
    });
  });
});

describe('unseen models and removal marks', () => {
  it('lists the models a finished walk did not see, in id batches of the listed types, and leaves marked ones out', async () => {
    const store = memoryStore();
    const ingestor = new Ingestor(store);
    await withRun(store, runOptions(), async (active) => {
      ingestor.ingestPage({ runId: active.run.id, asOf: active.run.asOf }, [1, 2, 3, 4, 5].map((id) => record(id, id === 4 ? 'Checkpoint' : 'LORA')), []);
    });
    await withRun(store, runOptions({ asOf: '2026-02-01T00:00:00.000Z' }), async (active) => {
      ingestor.ingestPage({ runId: active.run.id, asOf: active.run.asOf }, [record(2)], []);
      const removals = new RemovalMarker(store);
      expect(removals.mark({ runId: active.run.id, platform: 'civitai', platformId: '5', reason: 'not_found', at: active.run.asOf })).toBe(true);
      // A second mark keeps the first date and is not counted again.
      expect(removals.mark({ runId: active.run.id, platform: 'civitai', platformId: '5', reason: 'taken_down', at: '2027-01-01T00:00:00.000Z' })).toBe(false);
      const query = { platform: 'civitai' as const, runId: active.run.id, types: ['LORA'], batchSize: 1 };
      expect(countUnseen(store, query)).toBe(2);
      expect([...unseenBatches(store, query)].map((batch) => batch.map((model) => model.platformId))).toEqual([['1'], ['3']]);
      expect([...unseenBatches(store, { ...query, types: undefined, batchSize: 10 })].flat().map((model) => model.platformId)).toEqual(['1', '3', '4']);
    });
    expect(row(store, 2)).toMatchObject({ modelsRemoved: 1 });
    expect(store.sqlite.prepare(`SELECT removed_at AS removedAt, removed_reason AS reason FROM models WHERE platform_id = '5'`).get()).toEqual({ removedAt: '2026-02-01T00:00:00.000Z', reason: 'not_found' });
  });
});
