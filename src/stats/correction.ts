// Correcting a classifier count for the classifier's measured errors (a Rogan–Gladen style estimator
// written with precision and recall instead of sensitivity and specificity).
//
// Of F flagged models, about F·P are real (P = precision on the gold set); they are a fraction R
// (recall) of all real ones, so the true count is about F·P/R. P/R reduces to (TP+FN)/(TP+FP): the
// gold set's real positives over its flagged ones. The 95% interval is a percentile bootstrap over
// the gold set (its cases resampled with replacement, which for binary labels is a multinomial draw
// of the four confusion cells), with a fixed seed so the same database gives the same report.
// The crawl counts themselves are a census, not a sample: all uncertainty comes from the gold set.
// It assumes the gold set's error rates hold for the crawled population (see the report's methods).
import type { Confusion } from './types.js';
import { seededRandom } from '../random.js';

export const BOOTSTRAP_REPLICATES = 2000;
const SEED = 20250502;

export interface CorrectionFactor {
  /** P/R: multiply an observed count by it. */
  factor: number;
  /** 2.5th and 97.5th percentiles of the bootstrap factors. */
  low: number;
  high: number;
  precision: number;
  recall: number;
  goldCases: number;
  replicates: number;
}

function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/** Null when the gold set has no flagged or no real positive case (the factor is undefined). */
export function correctionFactor(confusion: Confusion, replicates = BOOTSTRAP_REPLICATES): CorrectionFactor | null {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn } = confusion;
  if (tp + fp === 0 || tp + fn === 0) return null;
  const n = tp + fp + fn + tn;
  const random = seededRandom(SEED);
  const factors: number[] = [];
  for (let replicate = 0; replicate < replicates; replicate++) {
    let drawnTp = 0;
    let drawnFp = 0;
    let drawnFn = 0;
    for (let draw = 0; draw < n; draw++) {
      const cell = random() * n;
      if (cell < tp) drawnTp++;
      else if (cell < tp + fp) drawnFp++;
      else if (cell < tp + fp + fn) drawnFn++;
    }
    // A resample without flagged cases has no precision: it carries no information about the factor.
    if (drawnTp + drawnFp > 0) factors.push((drawnTp + drawnFn) / (drawnTp + drawnFp));
  }
  factors.sort((a, b) => a - b);
  return {
    factor: (tp + fn) / (tp + fp),
    low: quantile(factors, 0.025),
    high: quantile(factors, 0.975),
    precision: tp / (tp + fp),
    recall: tp / (tp + fn),
    goldCases: n,
    replicates: factors.length,
  };
}

export interface CorrectedValue {
  observed: number;
  estimate: number;
  low: number;
  high: number;
}

export function corrected(observed: number, factor: CorrectionFactor): CorrectedValue {
  return { observed, estimate: Math.round(observed * factor.factor), low: Math.round(observed * factor.low), high: Math.round(observed * factor.high) };
}
