// A small store for triage, show, review, takedown and console tests: two runs a month apart, models
// on both platforms, two classifier versions, a re-upload, reviews, and a model whose crawled text
// carries HTML/script payloads.
import { openStore, type Store } from '../../src/db/open.js';
import { countersOf, Ingestor, type ModelRecord, type VersionRecord } from '../../src/db/ingest.js';

export const RUN1_AT = '2026-01-01T00:00:00.000Z';
export const RUN2_AT = '2026-02-01T00:00:00.000Z';
export const XSS_NAME = '<img src=x onerror=alert(1)>Evil';
export const XSS_DESCRIPTION = `<script>document.title='pwned'</script> and <img src=x onerror="document.title='pwned2'">`;
export const SHARED_SHA = 'AB'.repeat(32);

interface Spec {
  platform?: 'civitai' | 'huggingface';
  platformId: string;
  name: string;
  creator?: string;
  description?: string;
  downloads: [number | null, number | null];
  downloadsAllTime?: [number | null, number | null];
  sha256?: string;
}

function record(spec: Spec, run: 0 | 1): ModelRecord {
  const platform = spec.platform ?? 'civitai';
  const version: VersionRecord = {
    platformVersionId: `${spec.platformId}-v1`,
    name: 'v1',
    baseModel: 'SDXL 1.0',
    baseModelType: null,
    trainedWords: ['trigger'],
    createdAt: null,
    publishedAt: '2025-12-01T00:00:00.000Z',
    nsfwLevel: 1,
    downloads: spec.downloads[run],
    files: [
      {
        platformFileId: `${spec.platformId}-f1`,
        name: `${spec.name}.safetensors`,
        sizeBytes: 1000,
        fileType: 'Model',
        format: 'SafeTensor',
        isPrimary: true,
        sha256: spec.sha256 ?? spec.platformId.replace(/\W/g, '').padEnd(64, 'C').slice(0, 64),
        autov2: null,
        blake3: null,
        crc32: null,
      },
    ],
    images: [],
  };
  return {
    platform,
    platformId: spec.platformId,
    name: spec.name,
    type: 'LORA',
    creator: spec.creator ?? null,
    description: spec.description ?? null,
    url: platform === 'civitai' ? `https://civitai.com/models/${spec.platformId}` : `https://huggingface.co/${spec.platformId}`,
    nsfw: false,
    nsfwLevel: 1,
    poi: null,
    minor: null,
    mode: null,
    availability: 'Public',
    gated: null,
    disabled: null,
    libraryName: null,
    pipelineTag: null,
    sha: null,
    cardText: null,
    baseModels: null,
    createdAt: '2025-12-01T00:00:00.000Z',
    updatedAt: null,
    tags: ['character'],
    versions: [version],
    counters: countersOf({
      downloads: spec.downloads[run],
      downloadsAllTime: spec.downloadsAllTime?.[run] ?? null,
    }),
  };
}

const SPECS: Spec[] = [
  { platformId: '1', name: 'Jane Doe LoRA', creator: 'alice', downloads: [1000, 1500], sha256: SHARED_SHA },
  { platformId: '2', name: 'Anime style', creator: 'carol', downloads: [5000, 5100] },
  { platformId: '3', name: 'John Smith', creator: 'alice', downloads: [null, 200] },
  { platform: 'huggingface', platformId: 'bob/jane-flux', name: 'jane-flux', creator: 'bob', downloads: [50, 80], downloadsAllTime: [300, 400] },
  { platformId: '4', name: XSS_NAME, creator: 'mallory', description: XSS_DESCRIPTION, downloads: [10, 10] },
  { platformId: '5', name: 'Jane Doe reupload', creator: 'dave', downloads: [null, 700], sha256: SHARED_SHA },
];

interface ClassificationSpec {
  platformId: string;
  personTarget: boolean;
  sexual: boolean;
  targetName: string | null;
  gender: string;
  fame: string;
  base: string;
  score: number;
}

const CLASSIFICATIONS: ClassificationSpec[] = [
  { platformId: '1', personTarget: true, sexual: true, targetName: 'Jane Doe', gender: 'female', fame: 'celebrity', base: 'SDXL', score: 0.95 },
  { platformId: '2', personTarget: false, sexual: true, targetName: null, gender: 'unknown', fame: 'unknown', base: 'SDXL', score: 0.05 },
  { platformId: '3', personTarget: true, sexual: false, targetName: 'John Smith', gender: 'male', fame: 'celebrity', base: 'SD 1.x', score: 0.7 },
  { platformId: 'bob/jane-flux', personTarget: true, sexual: true, targetName: 'Jane Doe', gender: 'female', fame: 'celebrity', base: 'Flux.1', score: 0.8 },
  { platformId: '4', personTarget: true, sexual: false, targetName: '<b>Evil</b> Target', gender: 'female', fame: 'influencer', base: 'SDXL', score: 0.6 },
  { platformId: '5', personTarget: true, sexual: true, targetName: 'Jane Doe', gender: 'female', fame: 'celebrity', base: 'SDXL', score: 0.9 },
];

export function insertRun(store: Store, asOf: string): number {
  const row = store.sqlite
    .prepare(
      `INSERT INTO crawl_runs (platform, kind, scope, is_full, status, as_of, started_at) VALUES ('civitai', 'import', 'fixture', 0, 'done', ?, ?) RETURNING id`,
    )
    .get(asOf, asOf) as { id: number };
  return row.id;
}

export function modelIdOf(store: Store, platformId: string): number {
  return (store.sqlite.prepare('SELECT id FROM models WHERE platform_id = ?').get(platformId) as { id: number }).id;
}

/** Builds the fixture store at `path` (':memory:' by default). */
export function buildTriageStore(path = ':memory:'): Store {
  const store = openStore({ path });
  const ingestor = new Ingestor(store);
  const run1 = insertRun(store, RUN1_AT);
  ingestor.ingestPage({ runId: run1, asOf: RUN1_AT }, SPECS.filter((spec) => spec.downloads[0] !== null).map((spec) => record(spec, 0)), []);
  const run2 = insertRun(store, RUN2_AT);
  ingestor.ingestPage({ runId: run2, asOf: RUN2_AT }, SPECS.map((spec) => record(spec, 1)), []);

  const insert = store.sqlite.prepare(
    `INSERT INTO classifications (model_id, classifier_version, content_hash, classified_at, person_score, person_target, person_target_no_poi,
       target_name, target_gender, fame, sexual, ncii, ncii_signals, minor_signal, base_family, evidence)
     VALUES (?, ?, 'hash', ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', 0, ?, ?)`,
  );
  for (const spec of CLASSIFICATIONS) {
    const modelId = modelIdOf(store, spec.platformId);
    const evidence = JSON.stringify([
      { rule: 'person.name', field: 'name', match: spec.targetName ?? 'none', weight: 0.6 },
      { rule: 'sexual.tag', field: 'tags', match: spec.sexual ? 'nsfw' : 'none', weight: 0.3 },
    ]);
    const b = (value: boolean) => (value ? 1 : 0);
    // An older classifier version that flagged everything: triage must ignore it.
    insert.run(modelId, '0.9.0', '2025-12-15T00:00:00.000Z', 1, 1, 1, 'old', 'female', 'celebrity', 1, 1, 'SDXL', '[]');
    insert.run(modelId, '1.0.0', '2026-02-02T00:00:00.000Z', spec.score, b(spec.personTarget), b(spec.personTarget), spec.targetName,
      spec.gender, spec.fame, b(spec.sexual), b(spec.personTarget && spec.sexual), spec.base, evidence);
  }
  const review = store.sqlite.prepare(`INSERT INTO reviews (model_id, decision, note, reviewer, created_at) VALUES (?, ?, ?, 'ana', ?)`);
  review.run(modelIdOf(store, '1'), 'confirmed', 'clear likeness', '2026-02-03T00:00:00.000Z');
  review.run(modelIdOf(store, '1'), 'escalated', null, '2026-02-04T00:00:00.000Z');
  review.run(modelIdOf(store, '3'), 'false_positive', 'different person', '2026-02-03T00:00:00.000Z');
  return store;
}
