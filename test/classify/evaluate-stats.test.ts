import { describe, expect, it } from 'vitest';
import { cohensKappa } from '../../src/classify/eval/kappa.js';
import { bootstrap, quantile } from '../../src/classify/eval/bootstrap.js';
import { measureAll } from '../../src/classify/eval/measures.js';
import { nameScriptOf, explicitTruth, type Outcome } from '../../src/classify/eval/outcome.js';
import { stratumWeights } from '../../src/classify/eval/weights.js';
import { agreement } from '../../src/classify/eval/agreement.js';
import type { GoldLabel } from '../../src/classify/gold.js';

function outcome(overrides: Partial<Outcome>): Outcome {
  return {
    platformId: '1', weight: 1, stratum: '', person: true, predicted: true, predictedWithPoi: true, poi: null,
    gender: 'female', predictedGender: 'female', explicit: false, predictedExplicit: false, script: 'latin', ...overrides,
  };
}

function label(overrides: Partial<GoldLabel>): GoldLabel {
  return { platform: 'civitai', platformId: '1', personTarget: true, targetGender: 'female', fame: 'celebrity', sexual: false, targetName: null, nameGroup: 'latin', ...overrides };
}

describe("Cohen's kappa", () => {
  it('matches a textbook 2×2 example (po 0.7, pe 0.5, κ 0.4)', () => {
    // 50 pairs: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
    const pairs = [
      ...Array.from({ length: 20 }, () => ['yes', 'yes'] as const),
      ...Array.from({ length: 5 }, () => ['yes', 'no'] as const),
      ...Array.from({ length: 10 }, () => ['no', 'yes'] as const),
      ...Array.from({ length: 15 }, () => ['no', 'no'] as const),
    ];
    const result = cohensKappa(pairs);
    expect(result.n).toBe(50);
    expect(result.agreement).toBeCloseTo(0.7);
    expect(result.chance).toBeCloseTo(0.5);
    expect(result.kappa).toBeCloseTo(0.4);
  });

  it('is 1 for perfect agreement over several categories and leaves unlabelled pairs out', () => {
    const result = cohensKappa<string>([['female', 'female'], ['male', 'male'], ['unknown', 'unknown'], ['female', null]]);
    expect(result).toMatchObject({ n: 3, kappa: 1 });
  });

  it('is undefined (null) when both labellers used a single category throughout', () => {
    expect(cohensKappa([[true, true], [true, true]]).kappa).toBeNull();
    expect(cohensKappa([]).kappa).toBeNull();
  });

  it('goes negative when labellers disagree more than chance', () => {
    expect(cohensKappa([[true, false], [false, true]]).kappa).toBeCloseTo(-1);
  });
});

describe('measures', () => {
  it('computes precision, recall, F1, gender accuracy and NCII from outcomes', () => {
    const outcomes = [
      outcome({ platformId: '1' }),
      outcome({ platformId: '2', predicted: false }),
      outcome({ platformId: '3', person: false, gender: null }),
      outcome({ platformId: '4', person: false, predicted: false, gender: null }),
      outcome({ platformId: '5', predictedGender: 'male', explicit: true, predictedExplicit: true }),
    ];
    const figures = measureAll(outcomes);
    expect(figures.get('person.precision')).toEqual({ value: 2 / 3, n: 3 });
    expect(figures.get('person.recall')).toEqual({ value: 2 / 3, n: 3 });
    expect(figures.get('person.f1')!.value).toBeCloseTo(2 / 3);
    expect(figures.get('gender.accuracy')).toEqual({ value: 0.5, n: 2 });
    expect(figures.get('ncii.precision')).toEqual({ value: 1, n: 1 });
    expect(figures.get('recall.gender.male')!.value).toBeNull();
  });

  it('weights each case by its inverse-probability weight', () => {
    const outcomes = [outcome({ platformId: '1', weight: 3 }), outcome({ platformId: '2', predicted: false, weight: 1 })];
    expect(measureAll(outcomes).get('person.recall')).toEqual({ value: 0.75, n: 2 });
  });

  it('derives the five-way name script for older lines from the name and nameGroup', () => {
    expect(nameScriptOf(label({ targetName: '新垣結衣', nameGroup: 'cjk' }))).toBe('cjk-native');
    expect(nameScriptOf(label({ targetName: 'Aragaki Yui', nameGroup: 'cjk' }))).toBe('cjk-romanised');
    expect(nameScriptOf(label({ targetName: 'Ольга', nameGroup: 'other' }))).toBe('cyrillic');
    expect(nameScriptOf(label({ targetName: 'Arata Yui', nameGroup: 'cjk', nameScript: 'latin' }))).toBe('latin');
  });

  it('counts NCII only where the positive has an explicit label; no person means no NCII', () => {
    expect(explicitTruth(label({ nciiLevel: 'explicit' }))).toBe(true);
    expect(explicitTruth(label({ nciiLevel: 'suggestive' }))).toBe(false);
    expect(explicitTruth(label({}))).toBeNull();
    expect(explicitTruth(label({ personTarget: false, nciiLevel: 'explicit' }))).toBe(false);
  });
});

describe('bootstrap intervals', () => {
  const outcomes = Array.from({ length: 200 }, (_, i) => outcome({ platformId: String(i), predicted: i % 5 !== 0, stratum: i < 100 ? 'a' : 'b' }));

  it('brackets the point estimate and is reproducible with the same seed', () => {
    const first = bootstrap(outcomes, { replicates: 300, seed: 7 }).get('person.recall')!;
    expect(first.value).toBeCloseTo(0.8);
    expect(first.low!).toBeLessThan(0.8);
    expect(first.high!).toBeGreaterThan(0.8);
    // Binomial standard error at n=200 is about 0.028: the interval is about ±0.055.
    expect(first.high! - first.low!).toBeGreaterThan(0.07);
    expect(first.high! - first.low!).toBeLessThan(0.16);
    expect(bootstrap(outcomes, { replicates: 300, seed: 7 }).get('person.recall')).toEqual(first);
    expect(bootstrap(outcomes, { replicates: 300, seed: 8 }).get('person.recall')).not.toEqual(first);
  });

  it('uses the exact Clopper–Pearson bound when every case agrees, and gives none for a measure without cases', () => {
    const perfect = bootstrap(Array.from({ length: 64 }, (_, i) => outcome({ platformId: String(i) })), { replicates: 50, seed: 1 });
    // 64 of 64: the one-sided 97.5% lower bound is 0.025^(1/64) ≈ 0.944.
    const precision = perfect.get('person.precision')!;
    expect(precision).toMatchObject({ value: 1, n: 64, high: 1 });
    expect(precision.low).toBeCloseTo(0.9440, 3);
    expect(bootstrap([outcome({ predicted: false })], { replicates: 20, seed: 1 }).get('person.recall')).toMatchObject({ value: 0, low: 0, high: 0.975 });
    expect(perfect.get('recall.script.cyrillic')).toEqual({ value: null, n: 0, low: null, high: null });
  });

  it('resamples within strata, so every replicate keeps the sample design', () => {
    const cases = [outcome({ platformId: 'p', stratum: 'rare' }), ...Array.from({ length: 50 }, (_, i) => outcome({ platformId: `n${i}`, person: false, predicted: false, stratum: 'common' }))];
    const rareShare = { key: 'rare', label: 'share of the rare stratum', compute: (outcomes: readonly Outcome[]) => ({ value: outcomes.filter((o) => o.stratum === 'rare').length / outcomes.length, n: outcomes.length }) };
    // Drawn across strata, the share would vary from replicate to replicate; within strata it cannot.
    expect(bootstrap(cases, { replicates: 200, seed: 3, measures: [rareShare] }).get('rare')).toEqual({ value: 1 / 51, n: 51, low: 1 / 51, high: 1 / 51 });
  });

  it('interpolates quantiles', () => {
    expect(quantile([0, 10], 0.5)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5], 0.025)).toBeCloseTo(1.1);
  });
});

describe('stratum weights', () => {
  it('weights each stratum by population size over sample size', () => {
    const weights = stratumWeights(['poi', 'poi', 'random', 'random', 'random', 'random'], { poi: 2, random: 400 });
    expect(weights.get('poi')).toBe(1);
    expect(weights.get('random')).toBe(100);
  });

  it('refuses a stratum without a population size, or a line without a stratum', () => {
    expect(() => stratumWeights(['other'], { poi: 2 })).toThrow(/no population size for stratum "other"/);
    expect(() => stratumWeights([undefined], { poi: 2 })).toThrow(/stratum on every line/);
  });
});

describe('agreement between two label files', () => {
  const line = (platformId: string, personTarget: boolean | null, targetGender: 'female' | 'male' | null, nciiLevel: 'explicit' | 'suggestive' | 'none') => [platformId, { platformId, personTarget, targetGender, nciiLevel }] as const;

  it('compares only shared records, counts "undecided" as an answer, and lists what to adjudicate', () => {
    const a = new Map([line('1', true, 'female', 'explicit'), line('2', false, null, 'none'), line('3', null, null, 'none'), line('4', true, 'male', 'suggestive'), line('9', true, 'female', 'none')]);
    const b = new Map([line('1', true, 'female', 'explicit'), line('2', false, null, 'explicit'), line('3', false, null, 'none'), line('4', true, 'female', 'none')]);
    const report = agreement(a, b);
    expect(report.shared).toBe(4);
    expect(report.person.n).toBe(4);
    expect(report.person.agreement).toBeCloseTo(3 / 4);
    expect(report.gender).toMatchObject({ n: 2, agreement: 0.5 });
    expect(report.explicit).toMatchObject({ n: 4, agreement: 0.75 });
    expect(report.disagreements).toEqual([
      { platformId: '2', on: ['explicit'] },
      { platformId: '3', on: ['person'] },
      { platformId: '4', on: ['gender', 'nciiLevel'] },
    ]);
  });
});
