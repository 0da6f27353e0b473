import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/db/open.js';
import { Ingestor, type ModelRecord } from '../../src/db/ingest.js';
import { createClassifier, getClassifier } from '../../src/classify/index.js';
import { loadLexicon } from '../../src/classify/lexicon.js';
import { runClassify } from '../../src/classify/run.js';

function record(platformId: string, overrides: Partial<ModelRecord> = {}): ModelRecord {
  return {
    platform: 'civitai', platformId, name: `Model ${platformId}`, type: 'LORA', creator: 'someone', description: null, url: `https://civitai.com/models/${platformId}`,
    nsfw: false, nsfwLevel: null, poi: false, minor: false, mode: null, availability: null, gated: null, disabled: null, libraryName: null, pipelineTag: null,
    sha: null, cardText: null, baseModels: null, createdAt: null, updatedAt: null, tags: [],
    versions: [{ platformVersionId: `${platformId}0`, name: 'v1', baseModel: 'SD 1.5', baseModelType: null, trainedWords: [], createdAt: null, publishedAt: null, nsfwLevel: null, downloads: null, files: [], images: [] }],
    counters: { downloads: 10, downloadsAllTime: null, likes: null, thumbsUp: null, thumbsDown: null, comments: null, tips: null, favorites: null, rating: null, ratingCount: null },
    ...overrides,
  };
}

let store: Store;
let runId: number;
let asOf = '2023-07-01T00:00:00.000Z';

function ingest(records: ModelRecord[]): void {
  new Ingestor(store).ingestPage({ runId, asOf }, records, []);
}

beforeEach(() => {
  store = openStore({ path: ':memory:' });
  runId = Number(
    store.sqlite
      .prepare(`INSERT INTO crawl_runs (platform, kind, scope, is_full, status, as_of, started_at) VALUES ('civitai', 'import', 'test', 0, 'done', ?, ?)`)
      .run(asOf, asOf).lastInsertRowid,
  );
  const actress = record('1', {
    name: 'Selena Gomez',
    tags: ['celebrity', 'woman', 'real person'],
    versions: [{ ...record('1').versions![0]!, trainedWords: ['selenag woman'], images: [{ nsfwLevel: 8, nsfwLabel: 'X', minor: false, poi: false, prompt: null }] }],
  });
  const character = record('2', { name: 'Rixia Mao (Trails to Azure)', tags: ['anime', 'character', 'game character'] });
  const flaggedMinor = record('3', { name: 'Some concept', minor: true, nsfw: true });
  ingest([actress, character, flaggedMinor]);
});

afterEach(() => store.close());

describe('runClassify', () => {
  it('classifies every unclassified model and stores one row per model with its evidence', () => {
    const summary = runClassify(store, { classifier: getClassifier(), all: false, now: () => new Date('2024-01-01T00:00:00Z') });
    expect(summary).toMatchObject({ classified: 3, personTarget: 1, personTargetNoPoi: 1, ncii: 1, minorSignal: 1, sexualMinor: 1 });
    const row = store.sqlite
      .prepare(`SELECT c.* FROM classifications c JOIN models m ON m.id = c.model_id WHERE m.platform_id = '1'`)
      .get() as Record<string, unknown>;
    expect(row).toMatchObject({ person_target: 1, person_target_no_poi: 1, target_name: 'Selena Gomez', target_gender: 'female', ncii: 1, base_family: 'SD 1.x', classified_at: '2024-01-01T00:00:00.000Z' });
    expect(JSON.parse(row.ncii_signals as string)).toContain('image-x');
    expect(JSON.parse(row.evidence as string)).toContainEqual({ rule: 'person.context-tag', field: 'tags', match: 'celebrity', weight: 3 });
  });

  it('skips models already classified by this version, and redoes them with --all', () => {
    runClassify(store, { classifier: getClassifier(), all: false });
    expect(runClassify(store, { classifier: getClassifier(), all: false }).classified).toBe(0);
    expect(runClassify(store, { classifier: getClassifier(), all: true }).classified).toBe(3);
    expect(store.sqlite.prepare('SELECT COUNT(*) AS n FROM classifications').get()).toEqual({ n: 3 });
  });

  it('reclassifies a model whose content changed', () => {
    runClassify(store, { classifier: getClassifier(), all: false });
    asOf = '2023-08-01T00:00:00.000Z';
    ingest([record('2', { name: 'Rixia Mao (Trails to Azure) v2', tags: ['anime', 'character'] })]);
    expect(runClassify(store, { classifier: getClassifier(), all: false }).classified).toBe(1);
  });

  it('overwrites the decision of a reclassified model in place: one row, the new content hash, time and evidence', () => {
    runClassify(store, { classifier: getClassifier(), all: false, now: () => new Date('2023-07-02T00:00:00.000Z') });
    asOf = '2023-08-01T00:00:00.000Z';
    ingest([record('2', { name: 'Selena Gomez', tags: ['celebrity', 'woman'] })]);
    runClassify(store, { classifier: getClassifier(), all: false, now: () => new Date('2023-08-02T00:00:00.000Z') });
    const rows = store.sqlite
      .prepare(
        `SELECT c.content_hash = m.content_hash AS isCurrent, c.classified_at AS classifiedAt, c.target_name AS targetName, c.evidence LIKE '%celebrity%' AS citesTag
         FROM classifications c JOIN models m ON m.id = c.model_id WHERE m.platform_id = '2'`,
      )
      .all();
    expect(rows).toEqual([{ isCurrent: 1, classifiedAt: '2023-08-02T00:00:00.000Z', targetName: 'Selena Gomez', citesTag: 1 }]);
  });

  it('adds a row for a new classifier version and keeps the old one', () => {
    runClassify(store, { classifier: getClassifier(), all: false });
    runClassify(store, { classifier: createClassifier(loadLexicon(), 'other-version'), all: false });
    expect(store.sqlite.prepare('SELECT COUNT(DISTINCT classifier_version) AS n FROM classifications').get()).toEqual({ n: 2 });
  });

  it('pages through the store in batches', () => {
    const batches: number[] = [];
    runClassify(store, { classifier: getClassifier(), all: false, batchSize: 2, onBatch: (progress) => batches.push(progress.classified) });
    expect(batches).toEqual([2, 3]);
  });

  it('lists the person-targeting models of the latest classification in the person_targeting_models view', () => {
    runClassify(store, { classifier: createClassifier(loadLexicon(), 'old'), all: false, now: () => new Date('2024-01-01T00:00:00Z') });
    runClassify(store, { classifier: getClassifier(), all: false, now: () => new Date('2024-02-01T00:00:00Z') });
    const rows = store.sqlite.prepare('SELECT platform_id, target_name, classifier_version, ncii FROM person_targeting_models').all();
    expect(rows).toEqual([{ platform_id: '1', target_name: 'Selena Gomez', classifier_version: getClassifier().version, ncii: 1 }]);
  });
});
