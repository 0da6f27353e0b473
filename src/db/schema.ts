// The dfwatch store. One readable file: every table a crawl, the classifier, the analysis and the
// triage console read or write. Migrations in migrations/ are generated from it (npm run db:generate)
// and applied when the database is opened (src/db/open.ts).
import {
  sqliteTable,
  integer,
  text,
  real,
  index,
  uniqueIndex,
  primaryKey,
  type AnySQLiteColumn,
} from 'drizzle-orm/sqlite-core';
import { sql } from 'drizzle-orm';

/** "civitai" | "huggingface" */
export type Platform = 'civitai' | 'huggingface';

/**
 * One crawl or import. A run owns one or more units (listings) with their own cursor checkpoint, so
 * a run killed at any moment resumes each listing where its last committed page left it.
 */
export const crawlRuns = sqliteTable(
  'crawl_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').$type<Platform>().notNull(),
    /** 'crawl' (live API) or 'import' (an archive file). */
    kind: text('kind').$type<'crawl' | 'import'>().notNull(),
    /** Stable key of what the run covers (types, sort, listings…); a resumed run must match it. */
    scope: text('scope').notNull(),
    /** True when the run walks its whole scope (no page cap), so it may mark unseen models removed. */
    isFull: integer('is_full', { mode: 'boolean' }).notNull(),
    /** 'running' → 'verifying' (removal checks) → 'done'; 'failed' when it stopped on an error. */
    status: text('status').$type<'running' | 'verifying' | 'done' | 'failed'>().notNull(),
    /** When the data is from: now for crawls, --as-of for imports (ISO 8601). */
    asOf: text('as_of').notNull(),
    startedAt: text('started_at').notNull(),
    finishedAt: text('finished_at'),
    /** Redacted JSON of the options the run was started with. */
    options: text('options').notNull().default('{}'),
    pages: integer('pages').notNull().default(0),
    items: integer('items').notNull().default(0),
    modelsNew: integer('models_new').notNull().default(0),
    modelsChanged: integer('models_changed').notNull().default(0),
    modelsRemoved: integer('models_removed').notNull().default(0),
    itemErrors: integer('item_errors').notNull().default(0),
    requests: integer('requests').notNull().default(0),
    retries: integer('retries').notNull().default(0),
    lastError: text('last_error'),
    /**
     * The status a failed run had when it stopped ('running' or 'verifying'): the next run of its
     * scope resumes it from there. Null for runs that cannot be resumed (samples, abandoned runs).
     */
    resumeStatus: text('resume_status').$type<'running' | 'verifying'>(),
  },
  (t) => [index('crawl_runs_platform_scope').on(t.platform, t.scope, t.status)],
);

/** A resumable listing inside a run: its cursor (or next-page URL) is committed with each page. */
export const crawlUnits = sqliteTable(
  'crawl_units',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => crawlRuns.id),
    unit: text('unit').notNull(),
    /** The cursor or next-page URL (tokens never included); null before the first page. */
    cursor: text('cursor'),
    isDone: integer('is_done', { mode: 'boolean' }).notNull().default(false),
    pages: integer('pages').notNull().default(0),
    items: integer('items').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.runId, t.unit] })],
);

export const models = sqliteTable(
  'models',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    platform: text('platform').$type<Platform>().notNull(),
    /** The platform's own id as text: Civitai's number, Hugging Face's "owner/name". */
    platformId: text('platform_id').notNull(),
    name: text('name').notNull(),
    /** Civitai's type (LORA, Checkpoint, …); Hugging Face: 'LORA' | 'Checkpoint' | 'Other' from tags. */
    type: text('type').notNull(),
    creator: text('creator'),
    /** Plain text (HTML turned into text); untrusted, escape wherever shown. */
    description: text('description'),
    url: text('url').notNull(),
    nsfw: integer('nsfw', { mode: 'boolean' }),
    nsfwLevel: integer('nsfw_level'),
    /** Civitai's uploader-set "depicts a real person" flag; null where the platform has none. */
    poi: integer('poi', { mode: 'boolean' }),
    minor: integer('minor', { mode: 'boolean' }),
    /** Civitai's mode (Archived | TakenDown) or null. */
    mode: text('mode'),
    availability: text('availability'),
    /** Hugging Face: false | 'auto' | 'manual' as text, null elsewhere. */
    gated: text('gated'),
    disabled: integer('disabled', { mode: 'boolean' }),
    libraryName: text('library_name'),
    pipelineTag: text('pipeline_tag'),
    /** Hugging Face's commit sha of the listing. */
    sha: text('sha'),
    /** Hugging Face model card text, capped; Civitai has none (its description is above). */
    cardText: text('card_text'),
    /** Base model repos named by the card or tags (JSON array of strings). */
    baseModels: text('base_models'),
    createdAt: text('created_at'),
    updatedAt: text('updated_at'),
    /** Copied from the model's latest snapshot so hot queries need no join (see snapshots). */
    downloads: integer('downloads'),
    downloadsAllTime: integer('downloads_all_time'),
    /** Hash of the descriptive fields (not counters): a change means reclassify. */
    contentHash: text('content_hash').notNull(),
    firstSeenRun: integer('first_seen_run').notNull(),
    lastSeenRun: integer('last_seen_run').notNull(),
    firstSeenAt: text('first_seen_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    removedAt: text('removed_at'),
    /** not_found | taken_down | archived | gated | disabled */
    removedReason: text('removed_reason'),
  },
  (t) => [
    uniqueIndex('models_platform_id').on(t.platform, t.platformId),
    index('models_created').on(t.createdAt),
    // Covering for the per-creator totals of `stats` (src/stats/cube.ts): read in creator order
    // without a sort or a row visit; 1M models 1.8 s → 0.3 s. Lookups by creator still use its prefix.
    index('models_creator').on(t.creator, t.platform, t.downloads, t.downloadsAllTime),
    index('models_last_seen').on(t.platform, t.lastSeenRun),
    index('models_downloads').on(t.downloads),
    // Triage (src/triage/triage.ts): the newest-first queue, and a covering index so the page query
    // reads sort keys and filters without visiting model rows (bench/triage.ts, 1M models).
    index('models_first_seen').on(t.firstSeenAt, t.createdAt),
    index('models_triage').on(t.id, t.platform, t.downloads, t.firstSeenAt, t.createdAt),
    // Triage's default order, lifetime downloads on both platforms (Hugging Face's `downloads` is a
    // 30-day count): the same expression as LIFETIME_EXPR in src/triage/triage.ts.
    index('models_lifetime').on(sql`(CASE WHEN platform = 'huggingface' THEN downloads_all_time ELSE downloads END)`, t.id),
  ],
);

export const modelVersions = sqliteTable(
  'model_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    platformVersionId: text('platform_version_id').notNull(),
    name: text('name'),
    baseModel: text('base_model'),
    baseModelType: text('base_model_type'),
    /** JSON array of strings. */
    trainedWords: text('trained_words').notNull().default('[]'),
    createdAt: text('created_at'),
    publishedAt: text('published_at'),
    nsfwLevel: integer('nsfw_level'),
    downloads: integer('downloads'),
  },
  (t) => [uniqueIndex('model_versions_key').on(t.modelId, t.platformVersionId)],
);

export const files = sqliteTable(
  'files',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    versionId: integer('version_id')
      .notNull()
      .references(() => modelVersions.id, { onDelete: 'cascade' }),
    /** Civitai's file id, or the path inside a Hugging Face repo. */
    platformFileId: text('platform_file_id').notNull(),
    name: text('name').notNull(),
    sizeBytes: integer('size_bytes'),
    fileType: text('file_type'),
    format: text('format'),
    isPrimary: integer('is_primary', { mode: 'boolean' }),
    /** Uppercase hex. */
    sha256: text('sha256'),
    /** Uppercase hex; the first 10 hex digits of the SHA256, filled from it when the API gave none. */
    autov2: text('autov2'),
    blake3: text('blake3'),
    crc32: text('crc32'),
  },
  (t) => [
    uniqueIndex('files_key').on(t.versionId, t.platformFileId),
    // Matching goes through AutoV2, which every file with a SHA256 also has (its first 10 hex
    // digits); a second random-key index on sha256 would only slow ingest.
    index('files_autov2').on(t.autov2),
    index('files_model').on(t.modelId),
  ],
);

export const tags = sqliteTable(
  'tags',
  {
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    tag: text('tag').notNull(),
  },
  // No index on tag alone: nothing reads by tag on a hot path, and each random-key index costs the
  // crawler a dirty page per row (measured in `npm run bench`).
  (t) => [primaryKey({ columns: [t.modelId, t.tag] })],
);

/** Showcase images as ratings only: dfwatch never fetches images and keeps no image URLs. */
export const images = sqliteTable(
  'images',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    versionId: integer('version_id').references(() => modelVersions.id, { onDelete: 'cascade' }),
    /** Bit level as today's API gives it (PG=1 … XXX=16), or mapped from the 2023 label. */
    nsfwLevel: integer('nsfw_level'),
    /** The 2023 label: None | Soft | Mature | X. */
    nsfwLabel: text('nsfw_label'),
    minor: integer('minor', { mode: 'boolean' }),
    poi: integer('poi', { mode: 'boolean' }),
    /** The generation prompt where the archive has it (2023 records), capped; untrusted text. */
    prompt: text('prompt'),
  },
  (t) => [index('images_model').on(t.modelId)],
);

/** One row per model per run: the counters as the API gave them, null where hidden. */
export const snapshots = sqliteTable(
  'snapshots',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => crawlRuns.id),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    takenAt: text('taken_at').notNull(),
    /** Civitai: lifetime downloads. Hugging Face: downloads in the last 30 days. */
    downloads: integer('downloads'),
    /** Hugging Face only: lifetime downloads (expand=downloadsAllTime). */
    downloadsAllTime: integer('downloads_all_time'),
    likes: integer('likes'),
    thumbsUp: integer('thumbs_up'),
    thumbsDown: integer('thumbs_down'),
    comments: integer('comments'),
    tips: integer('tips'),
    favorites: integer('favorites'),
    rating: real('rating'),
    ratingCount: integer('rating_count'),
  },
  (t) => [
    primaryKey({ columns: [t.runId, t.modelId] }),
    // run_id settles ties on taken_at, so "a model's last snapshot at or before a date" (stats growth,
    // the latest_snapshot view) is read from the index alone, with no sort per model.
    index('snapshots_model').on(t.modelId, t.takenAt, t.runId),
  ],
);

/** A malformed item: kept with its raw JSON so nothing is lost silently. */
export const itemErrors = sqliteTable(
  'item_errors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => crawlRuns.id),
    platformId: text('platform_id'),
    /** Where it came from: a redacted URL or "FILE:line". */
    source: text('source').notNull(),
    message: text('message').notNull(),
    raw: text('raw').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('item_errors_run').on(t.runId)],
);

/** One row per model and classifier version: the decision, its score and every piece of evidence. */
export const classifications = sqliteTable(
  'classifications',
  {
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    classifierVersion: text('classifier_version').notNull(),
    /** The models.content_hash the decision was made on. */
    contentHash: text('content_hash').notNull(),
    classifiedAt: text('classified_at').notNull(),
    personScore: real('person_score').notNull(),
    /** Person targeting using every signal, Civitai's poi included. */
    personTarget: integer('person_target', { mode: 'boolean' }).notNull(),
    /** Person targeting with poi ignored (the mode that works on Hugging Face and post-ban Civitai). */
    personTargetNoPoi: integer('person_target_no_poi', { mode: 'boolean' }).notNull(),
    targetName: text('target_name'),
    /** female | male | unknown */
    targetGender: text('target_gender').notNull(),
    /** celebrity | adult_performer | influencer | private | unknown */
    fame: text('fame').notNull(),
    sexual: integer('sexual', { mode: 'boolean' }).notNull(),
    /** personTarget ∧ sexual */
    ncii: integer('ncii', { mode: 'boolean' }).notNull(),
    /** explicit | suggestive | none: how the listing sexualises the person; ncii = (level = explicit). */
    nciiLevel: text('ncii_level').notNull().default('none'),
    /** JSON array of short signal names. */
    nciiSignals: text('ncii_signals').notNull().default('[]'),
    minorSignal: integer('minor_signal', { mode: 'boolean' }).notNull(),
    /** SD 1.x | SD 2.x | SDXL | Pony | Illustrious | Flux.1 | SD3 | Video | Other */
    baseFamily: text('base_family').notNull(),
    /** JSON array of {rule, field, match, weight}. */
    evidence: text('evidence').notNull().default('[]'),
  },
  (t) => [
    primaryKey({ columns: [t.modelId, t.classifierVersion] }),
    // Covering for triage's flag, gender, fame, base and score filters: scanning 80,000 flagged rows
    // from the table took ~110 ms at 1M models, from this index ~4 ms (bench/triage.ts).
    index('classifications_version_flags').on(
      t.classifierVersion,
      t.personTarget,
      t.ncii,
      t.modelId,
      t.personScore,
      t.targetGender,
      t.fame,
      t.baseFamily,
    ),
    index('classifications_classified_at').on(t.classifiedAt),
    // Triage by target name (`--target`, a substring): scanning the ~260,000 named rows of this index
    // takes ~20 ms at 1M models; through the flag index and the table rows, ~450 ms (bench/triage.ts).
    index('classifications_target')
      .on(t.classifierVersion, t.targetName, t.modelId)
      .where(sql`target_name IS NOT NULL`),
    // Triage by score: person-targeting rows in score order, so the page query stops after the page
    // and its ties; covering for the classification filters. person_target leads although constant so
    // the planner ranks this index with classifications_version_flags (same equality prefix).
    index('classifications_score')
      .on(t.classifierVersion, t.personTarget, t.personScore, t.modelId, t.targetGender, t.fame, t.baseFamily, t.ncii)
      .where(sql`person_target = 1`),
  ],
);

/** Analysts' decisions; append-only, never overwritten. */
export const reviews = sqliteTable(
  'reviews',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    /** confirmed | false_positive | escalated | reported | unreviewed (set back, or an undo back to no decision) */
    decision: text('decision').notNull(),
    note: text('note'),
    reviewer: text('reviewer').notNull(),
    createdAt: text('created_at').notNull(),
    /** Set on an undo: the review it takes back (its decision is the status from before that review). */
    undoesReviewId: integer('undoes_review_id').references((): AnySQLiteColumn => reviews.id),
  },
  (t) => [index('reviews_model').on(t.modelId, t.createdAt)],
);

/**
 * People found on Wikidata by `dfwatch link` (optional, online; never needed for the figures).
 * CC0 data: QID, sex or gender (P21), occupations (P106), sitelink count, when it was read.
 */
export const wikidataPeople = sqliteTable('wikidata_people', {
  qid: text('qid').primaryKey(),
  label: text('label'),
  /** female | male | other; null when Wikidata has no P21 */
  gender: text('gender'),
  /** JSON array of the P21 item ids. */
  sexOrGender: text('sex_or_gender').notNull().default('[]'),
  /** JSON array of the P106 item ids. */
  occupations: text('occupations').notNull().default('[]'),
  sitelinks: integer('sitelinks').notNull(),
  /** adult_performer | celebrity | influencer from the occupations; null when none decides */
  fame: text('fame'),
  /** global | international | national | local, from the sitelink count */
  fameTier: text('fame_tier').notNull(),
  fetchedAt: text('fetched_at').notNull(),
});

/**
 * One row per target name looked up (the cache that makes `dfwatch link` resumable): the name's key
 * as "top targets" groups it (lower(trim(name))), the outcome and the person it links to.
 */
export const targetLinks = sqliteTable(
  'target_links',
  {
    nameKey: text('name_key').primaryKey(),
    name: text('name').notNull(),
    qid: text('qid').references(() => wikidataPeople.qid),
    /** linked | no_match | not_human */
    status: text('status').notNull(),
    lookedUpAt: text('looked_up_at').notNull(),
  },
  (t) => [index('target_links_qid').on(t.qid).where(sql`qid IS NOT NULL`)],
);

/**
 * One model file inside a Hugging Face archive repo (a repo holding several model files): bulk
 * re-upload tools put hundreds of Civitai LoRAs, one person each, into one repo. Each file is a
 * variant with its own evidence (file and folder names, the Civitai sidecar beside it, the
 * safetensors header's training metadata) and its own classifier decision, so figures count
 * files, not repos. The decision lives on the row: one variant has one current decision, redone
 * when the classifier version changes or the crawl changes the evidence (classifier_version is then
 * cleared).
 */
export const hubVariants = sqliteTable(
  'hub_variants',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The archive repo. */
    modelId: integer('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    /** The path inside the repo. */
    path: text('path').notNull(),
    /** The file name without folder and extension. */
    name: text('name').notNull(),
    /** The folder path inside the repo, or null at the root. */
    folder: text('folder'),
    format: text('format'),
    sizeBytes: integer('size_bytes'),
    /** Uppercase hex (the LFS object id). */
    sha256: text('sha256'),
    /** Uppercase hex, the first 10 digits of the SHA256 (Civitai's AutoV2). */
    autov2: text('autov2'),
    firstSeenAt: text('first_seen_at').notNull(),
    lastSeenAt: text('last_seen_at').notNull(),
    /** The sidecar's path, or null when the repo has none beside this file. */
    sidecarPath: text('sidecar_path'),
    /** read | none | not_json | too_large | invalid | error (see src/crawlers/hub-sidecar.ts). */
    sidecarStatus: text('sidecar_status').notNull(),
    civitaiModelId: integer('civitai_model_id'),
    civitaiVersionId: integer('civitai_version_id'),
    /** The model's name on Civitai (the sidecar's model.name), untrusted. */
    civitaiName: text('civitai_name'),
    civitaiVersionName: text('civitai_version_name'),
    civitaiType: text('civitai_type'),
    /** JSON array of trigger words. */
    trainedWords: text('trained_words').notNull().default('[]'),
    baseModel: text('base_model'),
    poi: integer('poi', { mode: 'boolean' }),
    nsfw: integer('nsfw', { mode: 'boolean' }),
    /** read | none (not asked or not safetensors) | too_large | invalid | error. */
    headerStatus: text('header_status').notNull().default('none'),
    /** JSON of the header's training metadata dfwatch keeps (output name, captions, folders, base). */
    headerMetadata: text('header_metadata'),
    classifierVersion: text('classifier_version'),
    personScore: real('person_score'),
    personTarget: integer('person_target', { mode: 'boolean' }),
    personTargetNoPoi: integer('person_target_no_poi', { mode: 'boolean' }),
    targetName: text('target_name'),
    targetGender: text('target_gender'),
    fame: text('fame'),
    sexual: integer('sexual', { mode: 'boolean' }),
    ncii: integer('ncii', { mode: 'boolean' }),
    nciiLevel: text('ncii_level'),
    minorSignal: integer('minor_signal', { mode: 'boolean' }),
    baseFamily: text('base_family'),
    evidence: text('evidence'),
  },
  (t) => [
    uniqueIndex('hub_variants_key').on(t.modelId, t.path),
    index('hub_variants_autov2').on(t.autov2),
    index('hub_variants_civitai').on(t.civitaiModelId),
    index('hub_variants_classifier').on(t.classifierVersion),
  ],
);

/**
 * Civitai's answer for one archive file's SHA256 (GET /api/v1/model-versions/by-hash/{hash}), asked
 * once with `crawl huggingface --civitai-by-hash`: `found` with the model and version it names, or
 * `not_public` (404: never published, removed, or a poi model, hidden since May 2025).
 */
export const civitaiHashLookups = sqliteTable('civitai_hash_lookups', {
  /** Uppercase hex SHA256. */
  hash: text('hash').primaryKey(),
  /** found | not_public */
  status: text('status').notNull(),
  civitaiModelId: integer('civitai_model_id'),
  civitaiVersionId: integer('civitai_version_id'),
  /** The model's name on Civitai, untrusted. */
  modelName: text('model_name'),
  modelType: text('model_type'),
  nsfw: integer('nsfw', { mode: 'boolean' }),
  poi: integer('poi', { mode: 'boolean' }),
  checkedAt: text('checked_at').notNull(),
});
