// The key findings, NCII levels, unnamed targets, hidden counters, poi downloads, the coverage banner
// and the gold-set correction, on small stores whose answers can be counted by hand.
import { describe, expect, test } from 'vitest';
import { computeStats } from '../../src/stats/stats.js';
import { correctionFactor } from '../../src/stats/correction.js';
import { buildChangingWorld, T1, T2 } from './changing-world.js';
import { classify, ingest, memoryStore, modelRecord, startRun } from './store-builder.js';

const finding = (stats: ReturnType<typeof computeStats>, id: string) => stats.keyFindings.findings.find((row) => row.id === id)!;

describe('person-targeting detail', () => {
  const stats = computeStats(buildChangingWorld());
  const all = stats.personTargeting.find((row) => row.scope === 'all')!;

  test('counts NCII by level, unnamed targets and hidden counters', () => {
    // 1 and 3 are person ∧ sexual (explicit); 5 is suggestive.
    expect(all).toMatchObject({ ncii: 2, nciiExplicit: 2, nciiSuggestive: 1, unnamedTargets: 0, modelsWithoutDownloads: 0 });
    const levels = stats.shares.filter((row) => row.scope === 'all' && row.dimension === 'nciiLevel');
    expect(Object.fromEntries(levels.map((row) => [row.value, row.models]))).toEqual({ explicit: 2, suggestive: 1, none: 2 });
  });

  test('gives the downloads of the models Civitai flags poi', () => {
    const store = memoryStore();
    const run = startRun(store, { platform: 'civitai', asOf: T1 });
    ingest(store, run, T1, [
      modelRecord({ platformId: '1', downloads: 700, poi: true }),
      modelRecord({ platformId: '2', downloads: 50, poi: true }),
      modelRecord({ platformId: '3', downloads: 9, poi: false }),
      modelRecord({ platformId: '4', downloads: null }),
    ]);
    classify(store, 'civitai', '1', { personTarget: true, targetName: 'Alice' });
    classify(store, 'civitai', '2', { personTarget: true, targetName: null });
    classify(store, 'civitai', '4', { personTarget: true, targetName: '  ' });
    const row = computeStats(store).personTargeting.find((candidate) => candidate.scope === 'civitai')!;
    expect(row).toMatchObject({ civitaiPoi: 2, civitaiPoiDownloadsLifetime: 750, unnamedTargets: 2, modelsWithoutDownloads: 1 });
  });
});

describe('key findings', () => {
  const stats = computeStats(buildChangingWorld());

  test('come in the study\'s order, read from the aggregated rows', () => {
    expect(stats.keyFindings.findings.map((row) => row.id)).toEqual([
      'personTargeting', 'downloadsLifetime', 'downloadsGained', 'womenShare', 'nciiExplicitShare', 'loraShare', 'baseFamilies', 'platforms', 'removals',
    ]);
    const all = stats.personTargeting.find((row) => row.scope === 'all')!;
    expect(finding(stats, 'personTargeting').value).toBe(all.classifier);
    expect(finding(stats, 'downloadsLifetime').value).toBe(all.downloadsLifetime);
    expect(finding(stats, 'downloadsGained').value).toBe(500 + 300);
    // Women: Alice, Jane Roe (Civitai 3 and 5, Hub) against Bob.
    expect(finding(stats, 'womenShare').value).toBeCloseTo(4 / 5);
    expect(finding(stats, 'nciiExplicitShare').value).toBeCloseTo(2 / 5);
    expect(finding(stats, 'loraShare').value).toBe(1);
    expect(finding(stats, 'removals').value).toBe(2);
    expect(finding(stats, 'platforms').text).toBe('civitai 4, huggingface 1');
    expect(finding(stats, 'personTargeting').corrected).toBeNull();
    expect(stats.keyFindings.correction).toBeNull();
  });

  test('correct classifier counts for the gold set\'s precision and recall', () => {
    // Precision 0.9 (9 of 10 flagged are real), recall 0.75 (9 of 12 real are flagged): × 1.2.
    const confusion = { truePositives: 9, falsePositives: 1, falseNegatives: 3, trueNegatives: 87 };
    const gold = { source: 'gold.jsonl', precision: 0.9, recall: 0.75, f1: 0.82, examples: 100, goldSet: 'gold.jsonl', classifierVersion: 'v9', personTarget: confusion, ncii: confusion };
    const corrected = computeStats(buildChangingWorld(), { goldSet: gold });
    const people = finding(corrected, 'personTargeting').corrected!;
    expect(people).toMatchObject({ observed: 5, estimate: 6, precision: 0.9, recall: 0.75, goldCases: 100 });
    expect(people.low).toBeLessThanOrEqual(6);
    expect(people.high).toBeGreaterThan(6);
    expect(corrected.keyFindings.correction).toMatchObject({ goldSet: 'gold.jsonl', classifierVersion: 'v9' });
    expect(finding(corrected, 'nciiExplicitShare').corrected).toMatchObject({ observed: 2, estimate: 2 });
  });
});

describe('the correction factor', () => {
  test('is precision / recall, with a bootstrap interval that narrows as the gold set grows', () => {
    const small = correctionFactor({ truePositives: 18, falsePositives: 2, falseNegatives: 6, trueNegatives: 74 })!;
    const large = correctionFactor({ truePositives: 180, falsePositives: 20, falseNegatives: 60, trueNegatives: 740 })!;
    expect(small.factor).toBeCloseTo(0.9 / 0.75);
    expect(large.factor).toBeCloseTo(small.factor);
    expect(small.low).toBeLessThan(small.factor);
    expect(small.high).toBeGreaterThan(small.factor);
    expect(large.high - large.low).toBeLessThan((small.high - small.low) * 0.5);
    // A perfect classifier needs no correction and has no spread.
    expect(correctionFactor({ truePositives: 30, falsePositives: 0, falseNegatives: 0, trueNegatives: 70 })).toMatchObject({ factor: 1, low: 1, high: 1 });
    expect(correctionFactor({ truePositives: 0, falsePositives: 0, falseNegatives: 4, trueNegatives: 70 })).toBeNull();
  });
});

describe('coverage banner', () => {
  test('is empty for full crawls of both platforms', () => {
    const store = memoryStore();
    for (const platform of ['civitai', 'huggingface'] as const) {
      const run = startRun(store, { platform, asOf: T1 });
      ingest(store, run, T1, [modelRecord({ platform, platformId: platform === 'civitai' ? '1' : 'a/b', downloads: 1, downloadsAllTime: 1 })]);
    }
    expect(computeStats(store).coverage.warnings).toEqual([]);
  });

  test('names a one-platform, sampled, narrowed or unfinished run', () => {
    const store = memoryStore();
    const run = startRun(store, { platform: 'civitai', asOf: T2, isFull: false, scope: 'models?types=LORA&sort=Oldest&query=jane' });
    ingest(store, run, T2, [modelRecord({ platformId: '1', downloads: 1 })]);
    const coverage = computeStats(store).coverage;
    expect(coverage).toMatchObject({ platforms: ['civitai'], sampledPlatforms: ['civitai'], scopedPlatforms: ['civitai'] });
    expect(coverage.warnings.join(' ')).toMatch(/One platform only: civitai\. huggingface has not been crawled/);
    expect(coverage.warnings.join(' ')).toMatch(/sample \(--max-pages\)/);
    expect(coverage.warnings.join(' ')).toMatch(/narrowed/);
    expect(computeStats(buildChangingWorld(), { platform: 'civitai' }).coverage.warnings[0]).toMatch(/left out by --platform/);
  });
});
