// The shape of `dfwatch stats --json` and of the report's stats.json. Every figure is per platform
// and in total ("all"); every count and sum comes from an SQL aggregate (see stats.ts).
import type { Platform } from '../db/schema.js';
import type { RehostingFigures } from './rehosting.js';

/** A platform, or both together. */
export type Scope = Platform | 'all';

export interface StatsOptions {
  /** Only this platform (default: both). */
  platform?: Platform;
  /** ISO 8601: measure download growth from this time (default: the earliest crawl's date). */
  since?: string;
  /** Classifier version to report (default: the most recently classified one). */
  classifierVersion?: string;
  /** Rows in the "top" tables (creators, targets, re-upload pairs). Default 25. */
  topN?: number;
  /** Injected clock for generatedAt. */
  now?: () => Date;
}

export interface OverviewRow {
  scope: Scope;
  models: number;
  activeModels: number;
  removedModels: number;
  creators: number;
  /** Lifetime downloads at the latest snapshot (Civitai downloadCount; Hugging Face downloadsAllTime). */
  downloadsLifetime: number;
  /** Hugging Face `downloads`: the last 30 days only. Null for Civitai, which has no such counter. */
  downloads30d: number | null;
  /** Models whose download counter was hidden or missing at the latest snapshot. */
  modelsWithoutDownloads: number;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

export interface PersonTargetingRow {
  scope: Scope;
  /** Classifier, every signal (Civitai's poi included). */
  classifier: number;
  /** Classifier with poi ignored: the mode that works on Hugging Face and post-ban Civitai. */
  classifierNoPoi: number;
  /** Civitai's own uploader-set flag. */
  civitaiPoi: number;
  /** Flagged by poi and by the classifier without poi: agreement of the two. */
  poiAndClassifierNoPoi: number;
  activeClassifier: number;
  /** Person-targeting and sexual (= nciiLevel explicit). */
  ncii: number;
  /** nciiLevel among person-targeting models: explicit (shows or promises nude or sexual imagery) and suggestive (sexualises without that). */
  nciiExplicit: number;
  nciiSuggestive: number;
  /** Person-targeting models for which the classifier found no target name. */
  unnamedTargets: number;
  /** Person-targeting models whose download counter was hidden or missing at the latest snapshot. */
  modelsWithoutDownloads: number;
  downloadsLifetime: number;
  downloads30d: number | null;
  /** Lifetime downloads of the models Civitai's own poi flag marks (Civitai only). */
  civitaiPoiDownloadsLifetime: number;
}

export interface GrowthRow {
  scope: Scope;
  population: 'all models' | 'person-targeting';
  /** Downloads gained since `since` (lifetime counters; Hugging Face downloadsAllTime). */
  downloadsGained: number;
  /** Models with a snapshot at or before `since` (their gain is latest − that snapshot). */
  modelsWithBaseline: number;
  /** Models created after `since` without an earlier snapshot: all their downloads count as gained. */
  modelsNewSince: number;
  /** Older models first seen after `since`: their growth cannot be measured and is left out. */
  modelsUnmeasured: number;
}

export interface GrowthPlatform {
  platform: Platform;
  /** This platform's baseline date: --since, else its own first snapshot. */
  since: string;
  /** Snapshot dates (runs that left snapshots) of this platform. */
  snapshots: number;
  method: 'snapshots' | 'not measurable';
}

export interface Growth {
  /** --since, else the earliest snapshot of any platform (each platform's own date is in `platforms`). */
  since: string | null;
  /** 'snapshots': measured between two snapshots; 'lifetime': only one snapshot, lifetime counts instead. */
  method: 'snapshots' | 'lifetime';
  note: string;
  platforms: GrowthPlatform[];
  rows: GrowthRow[];
}

/** `ncii`: ncii / not ncii (kept for older readers); `nciiLevel`: explicit / suggestive / none. */
export type ShareDimension = 'gender' | 'fame' | 'ncii' | 'nciiLevel' | 'baseFamily' | 'modelType';

export interface ShareRow {
  scope: Scope;
  dimension: ShareDimension;
  value: string;
  models: number;
  /** models / all person-targeting models of the scope, 0–1. */
  share: number;
  downloadsLifetime: number;
}

export type BreakdownDimension = 'type' | 'baseModel';

export interface BreakdownRow {
  scope: Scope;
  dimension: BreakdownDimension;
  value: string;
  models: number;
  downloadsLifetime: number;
}

export interface MonthlyRow {
  scope: Scope;
  /** YYYY-MM of the model's creation (Civitai: earliest version), or 'unknown'. */
  month: string;
  newModels: number;
  newPersonTargeting: number;
  /** Running totals in month order; lifetime downloads at the latest snapshot of models created so far. */
  cumulativeModels: number;
  cumulativePersonTargeting: number;
  cumulativeDownloadsLifetime: number;
  cumulativePersonTargetingDownloadsLifetime: number;
}

export interface ConcentrationRow {
  scope: Scope;
  population: 'all models' | 'person-targeting';
  creators: number;
  models: number;
  downloadsLifetime: number;
  /** Share (0–1) of models made by the top 1% / 10% of creators ranked by model count. */
  top1PctModelsShare: number;
  top10PctModelsShare: number;
  /** Share (0–1) of downloads of the top 1% / 10% of creators ranked by downloads. */
  top1PctDownloadsShare: number;
  top10PctDownloadsShare: number;
  /** Models with no creator recorded (left out of the ranking). */
  modelsWithoutCreator: number;
}

export interface TopCreatorRow {
  rank: number;
  platform: Platform;
  creator: string;
  models: number;
  personTargetingModels: number;
  downloadsLifetime: number;
  personTargetingDownloadsLifetime: number;
}

export interface TopTargetRow {
  rank: number;
  target: string;
  models: number;
  platforms: string;
  downloadsLifetime: number;
  gender: string;
  fame: string;
}

export interface RemovalRow {
  scope: Scope;
  reason: string;
  models: number;
  personTargeting: number;
  ncii: number;
  downloadsLifetime: number;
}

export interface ReuploadSummaryRow {
  /** "civitai → huggingface" etc.: original's platform → re-upload's platform. */
  direction: string;
  pairs: number;
  reuploadModels: number;
  originalModels: number;
  /** Pairs whose original has since been removed. */
  originalRemoved: number;
  /** Pairs where either side is person-targeting (classifier). */
  personTargetingPairs: number;
  matchedOnSha256: number;
  matchedOnAutoV2: number;
}

export interface ModelLabel {
  platform: Platform;
  platformId: string;
  name: string;
  creator: string | null;
}

export interface ReuploadPairRow {
  original: ModelLabel;
  reupload: ModelLabel;
  matchedOn: 'sha256' | 'autov2';
  originalRemovedAt: string | null;
  reuploadDownloadsLifetime: number | null;
  isPersonTargeting: boolean;
}

export interface RunRow {
  id: number;
  platform: Platform;
  kind: string;
  scope: string;
  isFull: boolean;
  status: string;
  asOf: string;
  startedAt: string;
  finishedAt: string | null;
  pages: number;
  items: number;
  modelsNew: number;
  modelsRemoved: number;
  requests: number;
  retries: number;
  itemErrors: number;
}

export interface ClassifierInfo {
  version: string;
  classifiedModels: number;
  personTarget: number;
  /** Classified on content that has changed since: run `dfwatch classify` again. */
  staleModels: number;
  firstClassifiedAt: string;
  lastClassifiedAt: string;
}

/** Gold-set cases by truth and prediction. */
export interface Confusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

export interface GoldSetScores {
  source: string;
  /** Person-targeting without poi (the text-only mode). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
  examples: number | null;
  /** The gold file and the classifier version scored on it (the running code's version). */
  goldSet?: string;
  classifierVersion?: string;
  /** Gold models found neither in the database nor in the records archive. */
  missing?: number;
  /** Confusion counts behind the corrected intervals of the key findings. */
  personTarget?: Confusion;
  personTargetNoPoi?: Confusion;
  ncii?: Confusion;
}

export interface ComparisonRow {
  figure: string;
  study: string;
  thisCrawl: string;
  note: string;
}

export interface Methods {
  runs: RunRow[];
  runsShown: number;
  runsTotal: number;
  totals: { requests: number; retries: number; itemErrors: number; pages: number; items: number };
  crawlPeriod: { first: string | null; last: string | null };
  classifier: ClassifierInfo | null;
  goldSet: GoldSetScores | null;
  comparison: ComparisonRow[];
}

export type KeyFindingId =
  | 'personTargeting'
  | 'downloadsLifetime'
  | 'downloadsGained'
  | 'womenShare'
  | 'nciiExplicitShare'
  | 'loraShare'
  | 'baseFamilies'
  | 'platforms'
  | 'removals';

export interface KeyFinding {
  id: KeyFindingId;
  label: string;
  /** The study's published figure, where it gives one. */
  study: string | null;
  /** This crawl's figure: a count, downloads, or a share 0–1; null for lists and what cannot be measured. */
  value: number | null;
  unit: 'models' | 'downloads' | 'share' | 'list';
  /** The figure as the report prints it. */
  text: string;
  definition: string;
  /** Classifier-based counts corrected for the gold set's precision and recall (null without --gold). */
  corrected: { observed: number; estimate: number; low: number; high: number; precision: number; recall: number; goldCases: number } | null;
  /** Where in this JSON the figure comes from. */
  source: string;
}

export interface KeyFindings {
  findings: KeyFinding[];
  /** How the intervals were made, or null when no gold set was scored. */
  correction: { goldSet: string; classifierVersion: string | null; /** Gold cases with a person label (undecided ones are left out). */ goldCases: number; method: string } | null;
}

/** What the crawl covers, for the report's banner: anything short of two full, unscoped platforms. */
export interface Coverage {
  /** Platforms with models in this report. */
  platforms: Platform[];
  /** Platforms whose latest run was a sample (--max-pages) or an archive import. */
  sampledPlatforms: Platform[];
  /** Platforms whose latest run was narrowed by a query, user name or base model. */
  scopedPlatforms: Platform[];
  /** Platforms whose latest run did not finish. */
  unfinishedPlatforms: Platform[];
  /** One sentence each, empty for a full crawl of both platforms. */
  warnings: string[];
}

export interface Stats {
  generatedAt: string;
  filters: { platform: Platform | null; since: string | null; classifierVersion: string | null };
  notes: string[];
  overview: OverviewRow[];
  personTargeting: PersonTargetingRow[];
  growth: Growth;
  shares: ShareRow[];
  breakdown: BreakdownRow[];
  monthly: MonthlyRow[];
  concentration: ConcentrationRow[];
  topCreators: TopCreatorRow[];
  topTargets: TopTargetRow[];
  removals: RemovalRow[];
  reuploads: { summary: ReuploadSummaryRow[]; pairs: ReuploadPairRow[] };
  /** Hugging Face archive repos, counted by file, with each figure's definition (issue 12). */
  rehosting: RehostingFigures;
  methods: Methods;
  keyFindings: KeyFindings;
  coverage: Coverage;
}
