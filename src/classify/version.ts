// The classifier version names exactly what produced a decision: a semver bumped by hand when the
// rules' meaning changes, plus a short hash of the word lists and of the sources that decide — the
// rules (rules/), the classifier that combines them (index.ts), how lists compile (lexicon.ts), text
// preparation (text.ts), the regex gate and its literal analysis (gate.ts, literals.ts). Editing a
// list or a rule yields a new version (and `dfwatch classify` redoes every model); editing the
// runner, loader, worker, memo or evaluation code does not, since they cannot change a decision.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATA_DIR, LEXICON_FILES } from './lexicon.js';

export const RULES_SEMVER = '1.0.0';

// Always the TypeScript sources (src/classify), also when running the build in dist/classify: the
// version must not depend on whether the rules were compiled.
const CLASSIFY_DIR = fileURLToPath(new URL('../../src/classify/', import.meta.url));

/** The deciding files outside rules/, relative to src/classify. */
export const DECIDING_FILES = ['index.ts', 'lexicon.ts', 'text.ts', 'gate.ts', 'literals.ts'] as const;

/** The sources that decide: every .ts file under rules/ and the DECIDING_FILES (sorted, so the hash is stable). */
export function ruleSourceFiles(dir: string = CLASSIFY_DIR): string[] {
  const rulesDir = path.join(dir, 'rules');
  const rules = fs
    .readdirSync(rulesDir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  return [...rules, ...DECIDING_FILES.map((file) => path.join(dir, file))].sort();
}

export interface VersionSources {
  dataDir?: string;
  ruleFiles?: string[];
}

export function computeClassifierVersion(sources: VersionSources = {}): string {
  const dataDir = sources.dataDir ?? DEFAULT_DATA_DIR;
  const hash = createHash('sha256');
  for (const file of LEXICON_FILES) {
    hash.update(file).update('\0').update(fs.readFileSync(path.join(dataDir, file))).update('\0');
  }
  const classifyRoot = CLASSIFY_DIR;
  for (const file of sources.ruleFiles ?? ruleSourceFiles()) {
    hash.update(path.relative(classifyRoot, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  return `${RULES_SEMVER}+${hash.digest('hex').slice(0, 10)}`;
}
