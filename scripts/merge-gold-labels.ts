// Builds the issue-14 gold from the labellers' raw files (data/gold/raw/), once: labeller A's labels
// for the 600 new records with the adjudicated decisions applied where A and B disagreed, and
// A's nciiLevel / nameScript for the positives of the two older sets. Re-running it gives the same
// files. Usage: node bin/run-ts.js scripts/merge-gold-labels.ts SAMPLE_600_JSONL
// (the sample file holds the record views the labellers read; only the model names are kept).
import fs from 'node:fs';

type Json = Record<string, unknown>;

const RAW = 'data/gold/raw';
const readLines = (path: string): Json[] =>
  fs
    .readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Json);
const byId = (lines: Json[]): Map<string, Json> => new Map(lines.map((line) => [String(line.platformId), line]));
// The older gold files are written as `{"key": value, …}`; keep that, so their diff shows only the new fields.
const format = (line: Json): string => `{${Object.entries(line).map(([key, value]) => `${JSON.stringify(key)}: ${JSON.stringify(value)}`).join(', ')}}`;

function nameGroupOf(script: unknown): string | null {
  if (script === 'latin') return 'latin';
  if (script === 'cjk-romanised' || script === 'cjk-native') return 'cjk';
  return script === null || script === undefined ? null : 'other';
}

function explicitOf(personTarget: unknown, nciiLevel: unknown): boolean | null {
  if (personTarget === null) return null;
  return personTarget === true && nciiLevel === 'explicit';
}

const samplePath = process.argv[2];
if (!samplePath) throw new Error('usage: merge-gold-labels.ts SAMPLE_600_JSONL');
const names = byId(readLines(samplePath));
const strata = byId(readLines(`${RAW}/sample-600-strata.jsonl`));
const labellerA = readLines(`${RAW}/labeller-a-new-600.jsonl`);
const adjudicated = readLines(`${RAW}/adjudication.jsonl`);

const merged = labellerA.map((raw) => {
  const id = String(raw.platformId);
  const label: Json = { ...raw };
  for (const decision of adjudicated.filter((entry) => entry.platformId === id)) label[String(decision.field)] = decision.decision;
  const isPerson = label.personTarget === true;
  return {
    platform: 'civitai',
    platformId: id,
    modelName: names.get(id)?.name ?? null,
    stratum: strata.get(id)?.stratum,
    personTarget: label.personTarget,
    targetGender: isPerson ? label.targetGender : null,
    fame: isPerson ? label.fame : null,
    // The older `sexual` label (any Mature or X image, nsfw flag, …) was not asked for: unknown here.
    sexual: null,
    targetName: isPerson ? label.targetName : null,
    nameGroup: isPerson ? nameGroupOf(label.nameScript) : null,
    nameScript: isPerson ? label.nameScript : null,
    nciiLevel: label.nciiLevel,
    explicit: explicitOf(label.personTarget, label.nciiLevel),
  };
});
fs.writeFileSync('data/gold/civitai-2023-new.jsonl', merged.map(format).join('\n') + '\n');

const positives = byId(readLines(`${RAW}/labeller-a-existing-positives.jsonl`));
for (const file of ['data/gold/civitai-2023.jsonl', 'data/gold/civitai-2023-heldout.jsonl']) {
  const lines = readLines(file).map((line) => {
    const extra = positives.get(String(line.platformId));
    if (line.personTarget !== true || !extra) return line;
    return { ...line, nameScript: extra.nameScript ?? null, nciiLevel: extra.nciiLevel, explicit: extra.nciiLevel === 'explicit' };
  });
  fs.writeFileSync(file, lines.map(format).join('\n') + '\n');
}
