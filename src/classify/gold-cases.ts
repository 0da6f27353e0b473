// Gathers the eval cases for a gold set: each label's model read from the store (or from a Civitai
// JSON-lines archive), or its own inline input for synthetic cases, then classified.
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import type { Store } from '../db/open.js';
import { modelInputLookup } from '../db/classifier-input.js';
import { latestPersonVerdicts } from '../db/reviews.js';
import { parseCivitaiItem } from '../crawlers/civitai.js';
import { UserError } from '../errors.js';
import type { Classifier } from './index.js';
import type { EvalCase } from './evaluate.js';
import type { GoldLabel } from './gold.js';
import { inputFromRecord } from './input.js';
import { inputFromRow } from './load.js';
import { MAX_DESCRIPTION_CHARS } from './text.js';
import type { ClassifierInput } from './types.js';

export type InputLookup = (label: GoldLabel) => ClassifierInput | null;

export function storeLookup(store: Store): InputLookup {
  const lookup = modelInputLookup(store, { maxTextChars: MAX_DESCRIPTION_CHARS });
  return (label) => {
    const row = lookup(label);
    return row ? inputFromRow(row) : null;
  };
}

/**
 * Reads a Civitai /api/v1/models JSON-lines archive (.gz or plain) line by line, keeping only the
 * wanted ids: the archive is never held whole, only the gold models' inputs.
 */
export async function archiveLookup(path: string, wanted: Set<string>): Promise<InputLookup> {
  if (!fs.existsSync(path)) throw new UserError(`no records file at ${path}`);
  const file = fs.createReadStream(path);
  const lines = readline.createInterface({ input: path.endsWith('.gz') ? file.pipe(zlib.createGunzip()) : file, crlfDelay: Infinity });
  const inputs = new Map<string, ClassifierInput>();
  try {
    for await (const line of lines) {
      const match = /^\{"id":\s*(\d+)/.exec(line);
      if (!match || !wanted.has(match[1]!)) continue;
      const parsed = parseCivitaiItem(JSON.parse(line));
      if (parsed.ok) inputs.set(parsed.record.platformId, inputFromRecord(parsed.record));
    }
  } catch (error) {
    if (error instanceof SyntaxError || (error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR') throw new UserError(`${path}: not a JSON-lines archive (${(error as Error).message})`);
    throw error;
  }
  return (label) => (label.platform === 'civitai' ? (inputs.get(label.platformId) ?? null) : null);
}

export interface GoldInput {
  label: GoldLabel;
  input: ClassifierInput;
}

/** Each label's model (its inline input, else the lookup's); labels whose model is not found come back apart. */
export function goldInputs(labels: GoldLabel[], lookup: InputLookup): { found: GoldInput[]; missing: GoldLabel[] } {
  const found: GoldInput[] = [];
  const missing: GoldLabel[] = [];
  for (const label of labels) {
    const input = label.input ?? lookup(label);
    if (input) found.push({ label, input });
    else missing.push(label);
  }
  return { found, missing };
}

export interface GoldCases {
  cases: EvalCase[];
  missing: GoldLabel[];
}

export function goldCases(labels: GoldLabel[], lookup: InputLookup, classifier: Classifier): GoldCases {
  const { found, missing } = goldInputs(labels, lookup);
  return { cases: found.map(({ label, input }) => ({ label, decision: classifier.classify(input), poi: input.poi })), missing };
}

/** Analysts' review decisions as extra gold: confirmed = person-targeting, false_positive = not. */
export function reviewLabels(store: Store): GoldLabel[] {
  return latestPersonVerdicts(store).map((row) => ({
    platform: row.platform,
    platformId: row.platformId,
    modelName: row.name,
    personTarget: row.decision === 'confirmed',
    targetGender: null,
    fame: null,
    // A review says nothing about sexual content; the case counts for person scores only.
    sexual: null,
    targetName: null,
    nameGroup: null,
  }));
}
