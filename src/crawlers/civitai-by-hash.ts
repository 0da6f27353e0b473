// Linking archive files back to Civitai by hash (issue 12): for each archive file no stored Civitai
// model accounts for, ask Civitai's GET /api/v1/model-versions/by-hash/{SHA256} once, politely (the
// Civitai client's own pacer), and keep the answer in the store. A 404 is an answer too: the version
// is not public (never published, removed, or a poi model, hidden since May 2025).
import { hashesToLookUp, recordHashLookups, type HashLookupRow } from '../db/civitai-hash-lookups.js';
import type { Store } from '../db/open.js';
import type { Logger } from '../log.js';
import type { HttpClient } from './http.js';
import { InvalidResponseError } from './http-errors.js';
import { CivitaiSidecar } from './hub-sidecar.js';
import { judgeLookupFailure } from './lookup-failure.js';
import { redact } from '../secrets.js';

export interface ByHashOptions {
  store: Store;
  /** The Civitai client (its origin, token and pacing). */
  http: HttpClient;
  baseUrl: string;
  logger: Logger;
  now?: () => Date;
}

export interface ByHashSummary {
  asked: number;
  found: number;
  notPublic: number;
  /** Lookups that failed this time (asked again next run). */
  failed: number;
}

/** Answers written per transaction. */
const BATCH = 50;

export function civitaiByHashUrl(baseUrl: string, sha256: string): string {
  if (!/^[0-9A-F]{64}$/.test(sha256)) throw new Error(`not an uppercase SHA256: ${sha256.slice(0, 80)}`);
  return new URL(`/api/v1/model-versions/by-hash/${sha256}`, new URL(baseUrl).origin).toString();
}

/** One hash: Civitai's answer, or null when this lookup failed in a way the next run may fix. */
async function lookUp(options: ByHashOptions, hash: string): Promise<HashLookupRow | null> {
  const url = civitaiByHashUrl(options.baseUrl, hash);
  try {
    const response = await options.http.getJson(url);
    // The model-version object, the same shape bulk tools save as sidecars.
    const parsed = CivitaiSidecar.safeParse(response.body);
    if (!parsed.success) throw new InvalidResponseError(redact(url), 'not a Civitai model version', JSON.stringify(response.body).slice(0, 2000));
    const version = parsed.data;
    return {
      hash,
      status: 'found',
      civitaiModelId: version.modelId,
      civitaiVersionId: version.id ?? null,
      modelName: version.model?.name ?? null,
      modelType: version.model?.type ?? null,
      nsfw: version.model?.nsfw ?? null,
      poi: version.model?.poi ?? null,
    };
  } catch (error) {
    const verdict = judgeLookupFailure(error, { platform: 'civitai', subject: 'record', hasToken: options.http.hasCredentials });
    if (verdict === 'gone') return { hash, status: 'not_public', civitaiModelId: null, civitaiVersionId: null, modelName: null, modelType: null, nsfw: null, poi: null };
    if (verdict === 'abort') throw error;
    options.logger.log('warn', 'civitai by-hash lookup failed', { hash, message: redact((error as Error).message) });
    return null;
  }
}

/** Asks Civitai about every archive file hash not yet linked nor asked; returns what it said. */
export async function lookUpArchiveHashes(options: ByHashOptions): Promise<ByHashSummary> {
  const now = options.now ?? (() => new Date());
  const hashes = hashesToLookUp(options.store);
  const summary: ByHashSummary = { asked: 0, found: 0, notPublic: 0, failed: 0 };
  for (let start = 0; start < hashes.length; start += BATCH) {
    const answers = await Promise.all(hashes.slice(start, start + BATCH).map((hash) => lookUp(options, hash)));
    const rows = answers.filter((row): row is HashLookupRow => row !== null);
    recordHashLookups(options.store, rows, now().toISOString());
    summary.asked += answers.length;
    summary.found += rows.filter((row) => row.status === 'found').length;
    summary.notPublic += rows.filter((row) => row.status === 'not_public').length;
    summary.failed += answers.length - rows.length;
    options.logger.progress(`civitai by-hash: ${summary.asked.toLocaleString('en')} of ${hashes.length.toLocaleString('en')} files`);
  }
  options.logger.done();
  if (hashes.length > 0) options.logger.log('info', 'civitai by-hash lookups', { ...summary });
  return summary;
}
