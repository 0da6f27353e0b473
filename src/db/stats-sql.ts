// What every statistics query shares: the bound parameters, the SQL fragments, and the names of the
// temp tables of the stats cube (built by src/stats/cube.ts, read by the figure queries in this
// folder). Only fixed aliases are interpolated here; every user value (platform, classifier version,
// dates, limits) travels as a bound named parameter. The statistics run once per `dfwatch stats`, so
// each query is prepared once per run; several differ in their text by what the run measures.
import type Database from 'better-sqlite3';
import type { Platform } from './schema.js';

/** The cube: model counts and sums keyed by every dimension the report breaks models down by. */
export const CUBE = 'temp.dfwatch_stats_cube';
/** Per-creator totals (platform, creator, models, downloads, targetingModels, targetingDownloads). */
export const CREATORS = 'temp.dfwatch_stats_creators';
/** The cube's removal key of models that are not removed (a key column cannot be null). */
export const ACTIVE = 'active';

/** Bound to every statistics query as named parameters. */
export interface QueryParams {
  /** null: both platforms. */
  platform: Platform | null;
  /** null: no classifications, so every person-targeting figure is 0. */
  version: string | null;
  since: string | null;
  /** Where each platform's growth is measured from: --since, else that platform's own first snapshot (null: not measured). */
  sinceCivitai: string | null;
  sinceHuggingface: string | null;
  topN: number;
}

export interface QueryContext {
  sqlite: Database.Database;
  params: QueryParams;
}

/**
 * Lifetime downloads from a counters row (a model or a snapshot): Civitai's downloadCount is
 * lifetime, while Hugging Face's `downloads` covers the last 30 days and `downloadsAllTime` is
 * lifetime (API-NOTES.md, Hugging Face).
 */
export function lifetime(platformAlias: string, countersAlias = platformAlias): string {
  return `(CASE WHEN ${platformAlias}.platform = 'huggingface' THEN ${countersAlias}.downloads_all_time ELSE ${countersAlias}.downloads END)`;
}

/** Hugging Face's last-30-days counter; null on Civitai, which has none. */
export function last30Days(alias: string): string {
  return `(CASE WHEN ${alias}.platform = 'huggingface' THEN ${alias}.downloads END)`;
}

/** The growth baseline date of the model's platform (see QueryParams). */
export function sinceFor(alias: string): string {
  return `(CASE WHEN ${alias}.platform = 'huggingface' THEN @sinceHuggingface ELSE @sinceCivitai END)`;
}

export function platformFilter(alias: string): string {
  return `(@platform IS NULL OR ${alias}.platform = @platform)`;
}

/** The chosen classifier version's row for a model (all columns null when unclassified). */
export function classificationJoin(modelAlias: string, alias = 'c'): string {
  return `LEFT JOIN classifications ${alias} ON ${alias}.model_id = ${modelAlias}.id AND ${alias}.classifier_version = @version`;
}

export function all<T>(context: QueryContext, sql: string): T[] {
  return context.sqlite.prepare(sql).all(context.params) as T[];
}

export function one<T>(context: QueryContext, sql: string): T {
  return context.sqlite.prepare(sql).get(context.params) as T;
}

/** SQLite returns 0/1 for booleans. */
export function isTrue(value: unknown): boolean {
  return value === 1 || value === true;
}
