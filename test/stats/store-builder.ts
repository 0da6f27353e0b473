// Builds analysis test databases the way the crawlers do: a crawl_runs row per crawl, pages through
// the Ingestor, removals as the crawler marks them, and classification rows as the classifier writes them.
import { openStore, type Store } from '../../src/db/open.js';
import { countersOf, Ingestor, type FileRecord, type ModelRecord } from '../../src/db/ingest.js';
import type { Platform } from '../../src/db/schema.js';

export function memoryStore(): Store {
  return openStore({ path: ':memory:' });
}

export interface RunSpec {
  platform: Platform;
  asOf: string;
  isFull?: boolean;
  /** Default 'test'. */
  scope?: string;
  requests?: number;
  retries?: number;
}

export function startRun(store: Store, spec: RunSpec): number {
  const row = store.sqlite
    .prepare(
      `INSERT INTO crawl_runs (platform, kind, scope, is_full, status, as_of, started_at, finished_at, requests, retries)
       VALUES (?, 'crawl', ?, ?, 'done', ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(spec.platform, spec.scope ?? 'test', spec.isFull === false ? 0 : 1, spec.asOf, spec.asOf, spec.asOf, spec.requests ?? 0, spec.retries ?? 0) as { id: number };
  return row.id;
}

export function ingest(store: Store, runId: number, asOf: string, records: ModelRecord[]): void {
  new Ingestor(store).ingestPage({ runId, asOf }, records, [], { unit: 'test', cursor: null, isDone: true });
}

/** Marks a model removed, as the crawler's removal check does after a full run. */
export function markRemoved(store: Store, platform: Platform, platformId: string, at: string, reason = 'not_found'): void {
  store.sqlite.prepare('UPDATE models SET removed_at = ?, removed_reason = ? WHERE platform = ? AND platform_id = ?').run(at, reason, platform, platformId);
}

export interface ClassificationSpec {
  version?: string;
  classifiedAt?: string;
  personTarget: boolean;
  personTargetNoPoi?: boolean;
  targetName?: string | null;
  targetGender?: 'female' | 'male' | 'unknown';
  fame?: string;
  sexual?: boolean;
  /** Default: explicit where person-targeting and sexual, else none. */
  nciiLevel?: 'explicit' | 'suggestive' | 'none';
  baseFamily?: string;
}

export function classify(store: Store, platform: Platform, platformId: string, spec: ClassificationSpec): void {
  const model = store.sqlite.prepare('SELECT id, content_hash FROM models WHERE platform = ? AND platform_id = ?').get(platform, platformId) as {
    id: number;
    content_hash: string;
  };
  const sexual = spec.sexual ?? false;
  store.sqlite
    .prepare(
      `INSERT OR REPLACE INTO classifications (model_id, classifier_version, content_hash, classified_at, person_score, person_target,
         person_target_no_poi, target_name, target_gender, fame, sexual, ncii, ncii_level, minor_signal, base_family)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
    )
    .run(
      model.id,
      spec.version ?? 'test-1',
      model.content_hash,
      spec.classifiedAt ?? '2026-01-01T00:00:00.000Z',
      spec.personTarget ? 0.9 : 0.1,
      spec.personTarget ? 1 : 0,
      (spec.personTargetNoPoi ?? spec.personTarget) ? 1 : 0,
      spec.targetName ?? null,
      spec.targetGender ?? 'unknown',
      spec.fame ?? 'unknown',
      sexual ? 1 : 0,
      spec.personTarget && sexual ? 1 : 0,
      spec.nciiLevel ?? (spec.personTarget && sexual ? 'explicit' : 'none'),
      spec.baseFamily ?? 'SD 1.x',
    );
}

export interface ModelSpec {
  platform?: Platform;
  platformId: string;
  name?: string;
  type?: string;
  creator?: string | null;
  createdAt?: string;
  baseModel?: string;
  /** Civitai lifetime or Hugging Face last-30-days. */
  downloads: number | null;
  /** Hugging Face lifetime. */
  downloadsAllTime?: number | null;
  poi?: boolean | null;
  files?: Partial<FileRecord>[];
}

export function modelRecord(spec: ModelSpec): ModelRecord {
  const platform = spec.platform ?? 'civitai';
  return {
    platform,
    platformId: spec.platformId,
    name: spec.name ?? `model ${spec.platformId}`,
    type: spec.type ?? 'LORA',
    creator: spec.creator === undefined ? 'maker' : spec.creator,
    description: null,
    url: platform === 'civitai' ? `https://civitai.com/models/${spec.platformId}` : `https://huggingface.co/${spec.platformId}`,
    nsfw: false,
    nsfwLevel: 1,
    poi: spec.poi ?? (platform === 'civitai' ? false : null),
    minor: null,
    mode: null,
    availability: null,
    gated: null,
    disabled: null,
    libraryName: null,
    pipelineTag: null,
    sha: null,
    cardText: null,
    baseModels: null,
    createdAt: spec.createdAt ?? '2025-01-15T00:00:00.000Z',
    updatedAt: null,
    tags: [],
    versions: [
      {
        platformVersionId: `${spec.platformId}-v1`,
        name: 'v1',
        baseModel: spec.baseModel ?? 'SD 1.5',
        baseModelType: null,
        trainedWords: [],
        createdAt: spec.createdAt ?? '2025-01-15T00:00:00.000Z',
        publishedAt: null,
        nsfwLevel: null,
        downloads: null,
        files: (spec.files ?? []).map((file, index) => ({
          platformFileId: `${spec.platformId}-f${index}`,
          name: `file${index}.safetensors`,
          sizeBytes: null,
          fileType: 'Model',
          format: null,
          isPrimary: index === 0,
          sha256: null,
          autov2: null,
          blake3: null,
          crc32: null,
          ...file,
        })),
        images: [],
      },
    ],
    counters: countersOf({
      downloads: spec.downloads,
      downloadsAllTime: spec.downloadsAllTime ?? null,
    }),
  };
}
