import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { Ingestor, type ModelRecord } from '../../src/db/ingest.js';
import { getClassifier } from '../../src/classify/index.js';
import { runClassify } from '../../src/classify/run.js';
import { runClassifyParallel } from '../../src/classify/parallel.js';

const asOf = '2023-07-01T00:00:00.000Z';
const now = () => new Date('2024-01-01T00:00:00.000Z');

function record(platformId: string, overrides: Partial<ModelRecord>): ModelRecord {
  return {
    platform: 'civitai', platformId, name: `Model ${platformId}`, type: 'LORA', creator: 'someone', description: null, url: `https://civitai.com/models/${platformId}`,
    nsfw: false, nsfwLevel: null, poi: false, minor: false, mode: null, availability: null, gated: null, disabled: null, libraryName: null, pipelineTag: null,
    sha: null, cardText: null, baseModels: null, createdAt: null, updatedAt: null, tags: [],
    versions: [{ platformVersionId: `${platformId}0`, name: 'v1', baseModel: 'SD 1.5', baseModelType: null, trainedWords: [], createdAt: null, publishedAt: null, nsfwLevel: null, downloads: null, files: [], images: [] }],
    counters: { downloads: 10, downloadsAllTime: null, likes: null, thumbsUp: null, thumbsDown: null, comments: null, tips: null, favorites: null, rating: null, ratingCount: null },
    ...overrides,
  };
}

const RECORDS: ModelRecord[] = [
  record('1', { name: 'Selena Gomez', tags: ['celebrity', 'woman', 'real person'], nsfw: true, nsfwLevel: 8 }),
  record('2', { name: 'Rixia Mao (Trails to Azure)', tags: ['anime', 'character', 'game character'] }),
  record('3', { name: 'Some concept', minor: true, nsfw: true }),
  record('4', { name: 'KuboYurika_JP_VA', tags: ['actress', 'japanese'], description: 'LoRA of 久保ユリカ, trained on photos of her' }),
  record('5', { name: 'Watercolor Style', tags: ['style'] }),
];

const stores: Store[] = [];
function storeWith(records: ModelRecord[]): Store {
  const store = openStore({ path: ':memory:' });
  stores.push(store);
  const runId = Number(
    store.sqlite
      .prepare(`INSERT INTO crawl_runs (platform, kind, scope, is_full, status, as_of, started_at) VALUES ('civitai', 'import', 'test', 0, 'done', ?, ?)`)
      .run(asOf, asOf).lastInsertRowid,
  );
  new Ingestor(store).ingestPage({ runId, asOf }, records, []);
  return store;
}

const decisions = (store: Store) => store.sqlite.prepare('SELECT * FROM classifications ORDER BY model_id').all();

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

describe('runClassifyParallel', () => {
  it('stores exactly the decisions of the sequential run, batch after batch', async () => {
    const sequential = storeWith(RECORDS);
    const parallel = storeWith(RECORDS);
    const expected = runClassify(sequential, { classifier: getClassifier(), all: false, now });
    const batches: number[] = [];
    const summary = await runClassifyParallel(parallel, { all: false, now, batchSize: 2, onBatch: (progress) => batches.push(progress.classified) });
    expect(summary).toEqual(expected);
    expect(batches).toEqual([2, 4, 5]);
    expect(decisions(parallel)).toEqual(decisions(sequential));
    expect(summary.personTarget).toBeGreaterThan(0);
  });

  it('classifies only what is new for this version, and everything with all', async () => {
    const store = storeWith(RECORDS);
    await runClassifyParallel(store, { all: false, now });
    expect((await runClassifyParallel(store, { all: false, now })).classified).toBe(0);
    expect((await runClassifyParallel(store, { all: true, now })).classified).toBe(RECORDS.length);
    expect(decisions(store)).toHaveLength(RECORDS.length);
  });
});
