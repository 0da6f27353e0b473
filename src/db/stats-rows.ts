// The rows the statistics queries return (src/db/*-queries.ts, crawl-figures.ts): the tables of
// `dfwatch stats --json`, which src/stats/types.ts re-exports as part of the whole output's shape.
import type { Platform } from './schema.js';

/** A platform, or both together. */
export type Scope = Platform | 'all';

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
