// Every figure that can be checked by hand, on the 4,422 real 2023 Civitai records crawled through the
// replay server (the crawler's own path: HTTP, parsing, paging, ingest), against a small independent
// computation over the raw JSONL (plain loops here, never the report's SQL).
import { beforeAll, describe, expect, test } from 'vitest';
import { computeStats } from '../../src/stats/stats.js';
import type { Stats } from '../../src/stats/types.js';
import { crawlCivitai } from '../../src/crawlers/crawl-civitai.js';
import { HttpClient } from '../../src/crawlers/http.js';
import type { Store } from '../../src/db/open.js';
import { silentLogger } from '../../src/log.js';
import { arraySource, startFakeCivitai } from '../../src/replay/civitai-server.js';
import { hasRealRecords, loadRealRecords } from '../helpers/real-records.js';
import { classify, memoryStore } from './store-builder.js';

interface RawVersion {
  baseModel?: string | null;
  createdAt?: string | null;
  publishedAt?: string | null;
}
interface RawModel {
  id: number;
  type: string;
  poi?: boolean | null;
  tags?: (string | { name: string })[];
  creator?: { username?: string | null } | null;
  stats?: { downloadCount?: number | null } | null;
  modelVersions?: RawVersion[] | null;
}

const AS_OF = '2023-07-15T00:00:00.000Z';

/** The test's own rule for synthetic classifications, applied to the raw JSON. */
function expectedClassification(model: RawModel): { personTarget: boolean; gender: 'female' | 'male' | 'unknown' } {
  const tags = (model.tags ?? []).map((tag) => (typeof tag === 'string' ? tag : tag.name).toLowerCase());
  const personTarget = model.poi === true || tags.includes('celebrity');
  const gender = tags.includes('woman') || tags.includes('girl') || tags.includes('female') ? 'female' : tags.includes('man') || tags.includes('male') ? 'male' : 'unknown';
  return { personTarget, gender };
}

function monthOf(model: RawModel): string {
  const dates = (model.modelVersions ?? [])
    .map((version) => version.createdAt ?? version.publishedAt ?? null)
    .filter((date): date is string => Boolean(date))
    .map((date) => new Date(/Z$|[+-]\d\d:?\d\d$/.test(date) ? date : `${date}Z`).getTime());
  return dates.length === 0 ? 'unknown' : new Date(Math.min(...dates)).toISOString().slice(0, 7);
}

function countBy<T>(items: T[], key: (item: T) => string, weight: (item: T) => number = () => 1): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + weight(item));
  return counts;
}

function topShare(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => b - a);
  const top = sorted.slice(0, Math.ceil(sorted.length * fraction));
  return top.reduce((sum, value) => sum + value, 0) / sorted.reduce((sum, value) => sum + value, 0);
}

describe.skipIf(!hasRealRecords)('statistics on the real 2023 Civitai records', () => {
  let raw: RawModel[];
  let stats: Stats;
  const downloadsOf = (model: RawModel) => model.stats?.downloadCount ?? 0;

  /** Crawls the records through the replay server, as `dfwatch crawl civitai` would. */
  async function crawlRecords(store: Store, records: RawModel[]): Promise<void> {
    const server = await startFakeCivitai({ source: arraySource(records as unknown as Record<string, unknown>[]) });
    const http = new HttpClient({ userAgent: 'test', concurrency: 2, rps: 0, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    try {
      const summary = await crawlCivitai({
        store,
        http,
        logger: silentLogger,
        baseUrl: server.url,
        listing: { types: [...new Set(records.map((model) => model.type))], sort: 'Oldest', limit: 100 },
        fresh: false,
        verifyRemovals: true,
        recordedOptions: {},
        now: () => new Date(AS_OF),
      });
      if (summary.items !== records.length || summary.itemErrors !== 0) {
        throw new Error(`the crawl stored ${summary.items} items with ${summary.itemErrors} errors, expected ${records.length} and none`);
      }
    } finally {
      await http.close();
      await server.close();
    }
  }

  beforeAll(async () => {
    raw = loadRealRecords() as unknown as RawModel[];
    const store = memoryStore();
    try {
      await crawlRecords(store, raw);
      for (const model of raw) {
        const expected = expectedClassification(model);
        classify(store, 'civitai', String(model.id), { personTarget: expected.personTarget, targetGender: expected.gender });
      }
      stats = computeStats(store, {});
    } finally {
      store.close();
    }
  });

  const row = <T extends { scope: string }>(rows: T[], scope = 'civitai') => rows.find((candidate) => candidate.scope === scope)!;

  test('counts every model and sums their downloads', () => {
    expect(row(stats.overview).models).toBe(raw.length);
    expect(row(stats.overview, 'all').models).toBe(raw.length);
    expect(row(stats.overview).downloadsLifetime).toBe(raw.reduce((sum, model) => sum + downloadsOf(model), 0));
    expect(row(stats.overview).creators).toBe(new Set(raw.map((model) => model.creator?.username).filter(Boolean)).size);
  });

  test('counts models and downloads by type', () => {
    const byType = stats.breakdown.filter((entry) => entry.scope === 'civitai' && entry.dimension === 'type');
    const expectedModels = countBy(raw, (model) => model.type);
    const expectedDownloads = countBy(raw, (model) => model.type, downloadsOf);
    expect(new Map(byType.map((entry) => [entry.value, entry.models]))).toEqual(expectedModels);
    expect(new Map(byType.map((entry) => [entry.value, entry.downloadsLifetime]))).toEqual(expectedDownloads);
  });

  test('counts models by the first base model their versions name (newest version first)', () => {
    const byBase = stats.breakdown.filter((entry) => entry.scope === 'civitai' && entry.dimension === 'baseModel');
    const expected = countBy(raw, (model) => (model.modelVersions ?? []).find((version) => version.baseModel)?.baseModel ?? '(none)');
    expect(new Map(byBase.map((entry) => [entry.value, entry.models]))).toEqual(expected);
  });

  test('counts new models per month with running totals', () => {
    const monthly = stats.monthly.filter((entry) => entry.scope === 'civitai');
    const expected = countBy(raw, monthOf);
    expect(new Map(monthly.map((entry) => [entry.month, entry.newModels]))).toEqual(expected);
    const months = [...expected.keys()].sort();
    let running = 0;
    let runningDownloads = 0;
    for (const month of months) {
      running += expected.get(month)!;
      runningDownloads += raw.filter((model) => monthOf(model) === month).reduce((sum, model) => sum + downloadsOf(model), 0);
      const entry = monthly.find((candidate) => candidate.month === month)!;
      expect(entry.cumulativeModels).toBe(running);
      expect(entry.cumulativeDownloadsLifetime).toBe(runningDownloads);
    }
  });

  test("counts Civitai's own poi flag", () => {
    expect(row(stats.personTargeting).civitaiPoi).toBe(raw.filter((model) => model.poi === true).length);
  });

  test('counts person-targeting models, their downloads and gender shares from the classifications', () => {
    const targeted = raw.filter((model) => expectedClassification(model).personTarget);
    expect(row(stats.personTargeting).classifier).toBe(targeted.length);
    expect(row(stats.personTargeting).downloadsLifetime).toBe(targeted.reduce((sum, model) => sum + downloadsOf(model), 0));
    const genders = countBy(targeted, (model) => expectedClassification(model).gender);
    const shares = stats.shares.filter((entry) => entry.scope === 'civitai' && entry.dimension === 'gender');
    expect(new Map(shares.map((entry) => [entry.value, entry.models]))).toEqual(genders);
    for (const entry of shares) expect(entry.share).toBeCloseTo(genders.get(entry.value)! / targeted.length, 10);
    const monthlyTargeted = countBy(targeted, monthOf);
    const monthly = stats.monthly.filter((entry) => entry.scope === 'civitai' && entry.newPersonTargeting > 0);
    expect(new Map(monthly.map((entry) => [entry.month, entry.newPersonTargeting]))).toEqual(monthlyTargeted);
  });

  test('measures creator concentration', () => {
    const withCreator = raw.filter((model) => model.creator?.username);
    const perCreatorModels = [...countBy(withCreator, (model) => model.creator!.username!).values()];
    const perCreatorDownloads = [...countBy(withCreator, (model) => model.creator!.username!, downloadsOf).values()];
    const concentration = stats.concentration.find((entry) => entry.scope === 'civitai' && entry.population === 'all models')!;
    expect(concentration.creators).toBe(perCreatorModels.length);
    expect(concentration.top1PctModelsShare).toBeCloseTo(topShare(perCreatorModels, 0.01), 10);
    expect(concentration.top10PctModelsShare).toBeCloseTo(topShare(perCreatorModels, 0.1), 10);
    expect(concentration.top1PctDownloadsShare).toBeCloseTo(topShare(perCreatorDownloads, 0.01), 10);
    expect(concentration.top10PctDownloadsShare).toBeCloseTo(topShare(perCreatorDownloads, 0.1), 10);
  });

  test('falls back to lifetime downloads, with a note, when there is only one snapshot', () => {
    expect(stats.growth.method).toBe('lifetime');
    expect(stats.growth.note).toMatch(/only one snapshot/i);
    const growth = stats.growth.rows.find((entry) => entry.scope === 'civitai' && entry.population === 'all models')!;
    expect(growth.downloadsGained).toBe(raw.reduce((sum, model) => sum + downloadsOf(model), 0));
  });
});
