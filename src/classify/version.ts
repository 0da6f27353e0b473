// The classifier version names exactly what produced a decision: a semver bumped by hand when the
// rules' meaning changes, plus a short hash of the word lists and the rule sources, so editing a
// list or a rule always yields a new version (and `dfwatch classify` redoes every model).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DATA_DIR, LEXICON_FILES } from './lexicon.js';

export const RULES_SEMVER = '1.0.0';

// Always the TypeScript sources (src/classify), also when running the build in dist/classify: the
// version must not depend on whether the rules were compiled.
const CLASSIFY_DIR = fileURLToPath(new URL('../../src/classify/', import.meta.url));

/** The rule sources: every .ts file under src/classify (sorted, so the hash is stable). */
export function ruleSourceFiles(dir: string = CLASSIFY_DIR): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...ruleSourceFiles(full));
    else if (entry.name.endsWith('.ts')) files.push(full);
  }
  return files.sort();
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
