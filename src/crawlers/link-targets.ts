// `dfwatch link`, the loop: each target name still to look up goes to Wikidata, one at a time, and
// its outcome is saved at once — an interrupted run resumes with the names it had not reached.
// A name whose lookup fails is left unsaved (so the next run tries it again); an unreachable host
// stops the run.
import type { Store } from '../db/open.js';
import { namesToLink, saveTargetLink } from '../db/target-links.js';
import { ApiError, InvalidResponseError } from './http-errors.js';
import { WikidataApiError, type WikidataClient } from './wikidata.js';

export interface LinkTargetsOptions {
  store: Store;
  client: WikidataClient;
  classifierVersion: string;
  limit: number;
  staleBefore: string | null;
  now?: () => Date;
  onProgress?: (progress: { done: number; total: number; name: string }) => void;
}

export interface LinkTargetsSummary {
  names: number;
  linked: number;
  noMatch: number;
  notHuman: number;
  failed: { name: string; message: string }[];
}

export async function linkTargets(options: LinkTargetsOptions): Promise<LinkTargetsSummary> {
  const now = options.now ?? (() => new Date());
  const names = namesToLink(options.store, { classifierVersion: options.classifierVersion, limit: options.limit, staleBefore: options.staleBefore });
  const summary: LinkTargetsSummary = { names: names.length, linked: 0, noMatch: 0, notHuman: 0, failed: [] };
  for (const [index, { nameKey, name }] of names.entries()) {
    options.onProgress?.({ done: index, total: names.length, name });
    let outcome;
    try {
      outcome = await options.client.link(name);
    } catch (error) {
      if (error instanceof WikidataApiError || error instanceof ApiError || error instanceof InvalidResponseError) {
        summary.failed.push({ name, message: error.message });
        continue;
      }
      throw error;
    }
    const lookedUpAt = now().toISOString();
    if (outcome.kind === 'linked') summary.linked++;
    else if (outcome.kind === 'no_match') summary.noMatch++;
    else summary.notHuman++;
    saveTargetLink(options.store, { nameKey, name, status: outcome.kind, person: outcome.kind === 'linked' ? outcome.person : null, lookedUpAt });
  }
  return summary;
}
