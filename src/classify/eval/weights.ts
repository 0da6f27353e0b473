// Inverse-probability weights for a stratified sample: a record drawn from stratum h stands for
// N_h / n_h records of the population (N_h the stratum's size, n_h how many were labelled), so the
// weighted figures estimate the population's, not the oversampled sample's.
import fs from 'node:fs';
import { z } from 'zod';
import { UserError } from '../../errors.js';

const PopulationSchema = z.record(z.string(), z.number().int().positive());
export type Population = z.infer<typeof PopulationSchema>;

/** `{stratum: population size}`, as a JSON file (data/gold/*.strata.json). */
export function readPopulation(path: string): Population {
  if (!fs.existsSync(path)) throw new UserError(`no population file at ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch {
    throw new UserError(`${path}: not JSON`);
  }
  const parsed = PopulationSchema.safeParse(json);
  if (!parsed.success) throw new UserError(`${path}: expected {"stratum": population size, …}`);
  return parsed.data;
}

/** Weight per stratum from the strata of the records actually scored; a stratum with no population size is an error. */
export function stratumWeights(strata: readonly (string | undefined)[], population: Population): Map<string, number> {
  const sampled = new Map<string, number>();
  for (const stratum of strata) {
    if (stratum === undefined) throw new UserError('a weighted gold set needs a stratum on every line');
    sampled.set(stratum, (sampled.get(stratum) ?? 0) + 1);
  }
  const weights = new Map<string, number>();
  for (const [stratum, count] of sampled) {
    const size = population[stratum];
    if (size === undefined) throw new UserError(`no population size for stratum "${stratum}"`);
    weights.set(stratum, size / count);
  }
  return weights;
}
