// Two crawls of a changing world produce the right growth, removals and re-uploads.
import { describe, expect, test } from 'vitest';
import { computeStats } from '../../src/stats/stats.js';
import { UserError } from '../../src/errors.js';
import { buildChangingWorld, T1, T2 } from './changing-world.js';
import { classify, ingest, memoryStore, modelRecord, startRun } from './store-builder.js';

describe('two crawls of a changing world', () => {
  const stats = computeStats(buildChangingWorld(), { now: () => new Date(T2) });
  const growth = (scope: string, population = 'all models') =>
    stats.growth.rows.find((row) => row.scope === scope && row.population === population)!;

  test('measures downloads gained since the first crawl from snapshots', () => {
    expect(stats.growth.method).toBe('snapshots');
    expect(stats.growth.since).toBe(T1);
    // Civitai: 1 grew 1000 → 1500, 4 grew 50 → 60, 5 is new since T1 (300); removed 2 and 3 gained nothing.
    expect(growth('civitai')).toMatchObject({ downloadsGained: 500 + 10 + 300, modelsWithBaseline: 4, modelsNewSince: 1, modelsUnmeasured: 0 });
    // Hugging Face is measured from its own first snapshot (T2), its only one: nothing to measure yet.
    expect(stats.growth.platforms).toEqual([
      { platform: 'civitai', since: T1, snapshots: 2, method: 'snapshots' },
      { platform: 'huggingface', since: T2, snapshots: 1, method: 'not measurable' },
    ]);
    expect(growth('huggingface')).toMatchObject({ downloadsGained: 0, modelsNewSince: 0, modelsUnmeasured: 2 });
    expect(growth('all').downloadsGained).toBe(810);
    expect(growth('all', 'person-targeting').downloadsGained).toBe(500 + 300);
    expect(stats.growth.note).toMatch(/huggingface not measured \(one snapshot only/);
  });

  test('with --since, every platform is measured from that date; the Hub counts lifetime downloads', () => {
    const since = computeStats(buildChangingWorld(), { since: T1 });
    const row = (scope: string, population = 'all models') => since.growth.rows.find((candidate) => candidate.scope === scope && candidate.population === population)!;
    // Both Hub repos were created after T1: downloadsAllTime 90 + 7, never the 30-day counter (40 + 5).
    expect(row('huggingface')).toMatchObject({ downloadsGained: 97, modelsNewSince: 2 });
    expect(row('all').downloadsGained).toBe(810 + 97);
    expect(row('all', 'person-targeting').downloadsGained).toBe(500 + 300 + 90);
  });

  test('measures the Hub from its own first snapshot, even when it follows Civitai by seconds', () => {
    const store = buildChangingWorld();
    const later = '2025-06-01T00:00:09.000Z';
    const hfRun = startRun(store, { platform: 'huggingface', asOf: later });
    ingest(store, hfRun, later, [
      modelRecord({ platform: 'huggingface', platformId: 'mirror/jane-roe', name: 'jane-roe', creator: 'mirror', createdAt: '2025-05-20T00:00:00.000Z', downloads: 50, downloadsAllTime: 150 }),
    ]);
    const measured = computeStats(store, {});
    expect(measured.growth.platforms.find((row) => row.platform === 'huggingface')).toMatchObject({ since: T2, method: 'snapshots' });
    expect(measured.growth.rows.find((row) => row.scope === 'huggingface' && row.population === 'all models')).toMatchObject({ downloadsGained: 150 - 90, modelsWithBaseline: 2 });
  });

  test('reports Hugging Face lifetime and last-30-days downloads apart', () => {
    const huggingface = stats.overview.find((row) => row.scope === 'huggingface')!;
    expect(huggingface.downloadsLifetime).toBe(97);
    expect(huggingface.downloads30d).toBe(45);
    expect(stats.overview.find((row) => row.scope === 'civitai')!.downloads30d).toBeNull();
  });

  test('counts removals by reason, with person-targeting among them', () => {
    const civitai = stats.removals.filter((row) => row.scope === 'civitai');
    expect(civitai.find((row) => row.reason === 'not_found')).toMatchObject({ models: 1, personTargeting: 1, downloadsLifetime: 500 });
    expect(civitai.find((row) => row.reason === 'taken_down')).toMatchObject({ models: 1, personTargeting: 1, ncii: 1, downloadsLifetime: 200 });
    expect(civitai.find((row) => row.reason === 'any')).toMatchObject({ models: 2, personTargeting: 2 });
    expect(stats.overview.find((row) => row.scope === 'civitai')).toMatchObject({ models: 5, activeModels: 3, removedModels: 2 });
  });

  test('finds the file re-uploaded under a new Civitai id and on Hugging Face, and the AutoV2-only match', () => {
    const summary = new Map(stats.reuploads.summary.map((row) => [row.direction, row]));
    expect(summary.get('civitai → civitai')).toMatchObject({ pairs: 1, reuploadModels: 1, originalRemoved: 1, matchedOnSha256: 1 });
    expect(summary.get('civitai → huggingface')).toMatchObject({
      pairs: 3,
      reuploadModels: 2,
      originalRemoved: 1,
      personTargetingPairs: 2,
      matchedOnSha256: 2,
      matchedOnAutoV2: 1,
    });
    const pairs = stats.reuploads.pairs.map((pair) => `${pair.original.platform}:${pair.original.platformId} → ${pair.reupload.platform}:${pair.reupload.platformId} (${pair.matchedOn})`);
    expect(pairs).toEqual(
      expect.arrayContaining([
        'civitai:3 → civitai:5 (sha256)',
        'civitai:3 → huggingface:mirror/jane-roe (sha256)',
        'civitai:5 → huggingface:mirror/jane-roe (sha256)',
        'civitai:4 → huggingface:mirror/style (autov2)',
      ]),
    );
    expect(pairs).toHaveLength(4);
  });

  test('keeps one platform with --platform', () => {
    const civitaiOnly = computeStats(buildChangingWorld(), { platform: 'civitai' });
    expect(civitaiOnly.overview.map((row) => row.scope)).toEqual(['civitai', 'all']);
    expect(civitaiOnly.overview.find((row) => row.scope === 'all')!.models).toBe(5);
  });

  test('measures growth from a later --since, leaving older models first seen after it unmeasured', () => {
    const later = computeStats(buildChangingWorld(), { since: '2025-04-01T00:00:00.000Z' });
    expect(later.growth.method).toBe('snapshots');
    // Baseline is still the T1 snapshot; 5 (created 2025-04-10) and both Hugging Face repos are new since.
    expect(later.growth.rows.find((row) => row.scope === 'civitai' && row.population === 'all models')).toMatchObject({
      downloadsGained: 810,
      modelsNewSince: 1,
    });
  });

  test('falls back to lifetime counts when no snapshot follows --since', () => {
    const after = computeStats(buildChangingWorld(), { since: '2025-07-01T00:00:00.000Z' });
    expect(after.growth.method).toBe('lifetime');
    expect(after.growth.note).toMatch(/lifetime/);
  });

  test('uses the newest classifier version unless asked, and rejects an unknown one', () => {
    const store = buildChangingWorld();
    classify(store, 'civitai', '4', { version: 'test-2', classifiedAt: '2026-02-01T00:00:00.000Z', personTarget: true });
    expect(computeStats(store).filters.classifierVersion).toBe('test-2');
    expect(computeStats(store).personTargeting.find((row) => row.scope === 'all')!.classifier).toBe(1);
    expect(computeStats(store, { classifierVersion: 'test-1' }).personTargeting.find((row) => row.scope === 'all')!.classifier).toBe(5);
    expect(() => computeStats(store, { classifierVersion: 'nope' })).toThrow(UserError);
  });

  test('still reports crawl figures when nothing is classified', () => {
    const store = memoryStore();
    const run = startRun(store, { platform: 'civitai', asOf: T1 });
    ingest(store, run, T1, [modelRecord({ platformId: '1', downloads: 7 })]);
    const bare = computeStats(store);
    expect(bare.filters.classifierVersion).toBeNull();
    expect(bare.notes.join(' ')).toMatch(/nothing is classified/i);
    expect(bare.overview.find((row) => row.scope === 'all')!.models).toBe(1);
    expect(bare.personTargeting.find((row) => row.scope === 'all')!.classifier).toBe(0);
    expect(bare.methods.comparison[0]!.thisCrawl).toMatch(/not classified/);
  });

  test('reports an empty database without failing', () => {
    const empty = computeStats(memoryStore());
    expect(empty.overview).toEqual([expect.objectContaining({ scope: 'all', models: 0 })]);
    expect(empty.methods.runsTotal).toBe(0);
  });
});
