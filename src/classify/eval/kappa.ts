// Cohen's kappa between two labellers: agreement beyond what their own label frequencies would
// give by chance, κ = (po − pe) / (1 − pe). Pairs where either side has no label are left out.

export interface Kappa {
  /** Pairs both labellers labelled. */
  n: number;
  /** Observed agreement po. */
  agreement: number;
  /** Chance agreement pe from the two marginals. */
  chance: number;
  /** null when undefined: no pairs, or both labellers used one and the same category throughout (pe = 1). */
  kappa: number | null;
}

export function cohensKappa<T>(pairs: readonly (readonly [T | null, T | null])[]): Kappa {
  const counted = pairs.filter((pair): pair is readonly [T, T] => pair[0] !== null && pair[1] !== null);
  const n = counted.length;
  if (n === 0) return { n, agreement: 0, chance: 0, kappa: null };
  const first = new Map<T, number>();
  const second = new Map<T, number>();
  let agreed = 0;
  for (const [a, b] of counted) {
    if (a === b) agreed++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  let chance = 0;
  for (const [category, count] of first) chance += (count / n) * ((second.get(category) ?? 0) / n);
  const agreement = agreed / n;
  return { n, agreement, chance, kappa: chance === 1 ? null : (agreement - chance) / (1 - chance) };
}
