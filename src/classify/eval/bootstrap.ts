// Percentile bootstrap intervals: resample the cases with replacement (within each stratum, so a
// stratified sample stays stratified), recompute every measure, take the 2.5th and 97.5th
// percentiles. Seeded, so the same gold and classifier always print the same intervals.
import { seededRandom } from '../../random.js';
import { measureAll, MEASURES, type Measure } from './measures.js';
import type { Outcome } from './outcome.js';

export interface Figure {
  value: number | null;
  n: number;
  /** 95% interval; null when the measure has no cases. */
  low: number | null;
  high: number | null;
}

export interface BootstrapOptions {
  replicates: number;
  seed: number;
  measures?: readonly Measure[];
}

export const DEFAULT_REPLICATES = 1000;
export const DEFAULT_BOOTSTRAP_SEED = 20261201;

/** The value at quantile q of sorted values (linear interpolation between order statistics). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

function byStratum(outcomes: readonly Outcome[]): Outcome[][] {
  const groups = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    const group = groups.get(outcome.stratum);
    if (group) group.push(outcome);
    else groups.set(outcome.stratum, [outcome]);
  }
  return [...groups.keys()].sort().map((key) => groups.get(key)!);
}

/**
 * A percentile interval collapses to a point when every case agrees (64 of 64 right resamples to
 * 64 of 64): the exact Clopper–Pearson bound is used there instead, (α/2)^(1/n) from the far end.
 */
export function extremeInterval(value: number, n: number): { low: number; high: number } | null {
  if (n === 0) return null;
  const bound = Math.pow(0.025, 1 / n);
  if (value === 1) return { low: bound, high: 1 };
  if (value === 0) return { low: 0, high: 1 - bound };
  return null;
}

export function bootstrap(outcomes: readonly Outcome[], options: BootstrapOptions): Map<string, Figure> {
  const measures = options.measures ?? MEASURES;
  const point = measureAll(outcomes, measures);
  const random = seededRandom(options.seed);
  const strata = byStratum(outcomes);
  const samples = new Map<string, number[]>(measures.map((measure) => [measure.key, []]));
  const replicate: Outcome[] = new Array(outcomes.length);
  for (let r = 0; r < options.replicates; r++) {
    let k = 0;
    for (const stratum of strata) {
      for (let i = 0; i < stratum.length; i++) replicate[k++] = stratum[Math.floor(random() * stratum.length)]!;
    }
    for (const measure of measures) {
      const { value } = measure.compute(replicate);
      // A replicate that draws no case for a measure says nothing about it; it is skipped.
      if (value !== null) samples.get(measure.key)!.push(value);
    }
  }
  const figures = new Map<string, Figure>();
  for (const measure of measures) {
    const { value, n } = point.get(measure.key)!;
    const values = samples.get(measure.key)!.sort((a, b) => a - b);
    if (value === null || values.length === 0) {
      figures.set(measure.key, { value, n, low: null, high: null });
      continue;
    }
    const low = quantile(values, 0.025);
    const high = quantile(values, 0.975);
    const exact = low === high ? extremeInterval(value, n) : null;
    figures.set(measure.key, { value, n, low: exact?.low ?? low, high: exact?.high ?? high });
  }
  return figures;
}
