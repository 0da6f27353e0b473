import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_DATA_DIR, loadLexicon } from '../../src/classify/lexicon.js';
import { computeClassifierVersion, ruleSourceFiles, RULES_SEMVER } from '../../src/classify/version.js';
import { createClassifier } from '../../src/classify/index.js';
import { lora } from './fixtures.js';

const tempDirs: string[] = [];

function copyOfData(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-lexicon-'));
  tempDirs.push(dir);
  fs.cpSync(DEFAULT_DATA_DIR, dir, { recursive: true, filter: (source) => !source.endsWith('.db') && !source.includes(`${path.sep}gold`) });
  return dir;
}

afterEach(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('classifier version', () => {
  it('is the rules semver plus a short hash', () => {
    expect(computeClassifierVersion()).toMatch(new RegExp(`^${RULES_SEMVER.replace(/\./g, '\\.')}\\+[0-9a-f]{10}$`));
  });

  it('is the same for the same rules and lists', () => {
    const dir = copyOfData();
    expect(computeClassifierVersion({ dataDir: dir })).toBe(computeClassifierVersion());
  });

  it('changes when a word list changes, and the new word takes effect', () => {
    const dir = copyOfData();
    const file = path.join(dir, 'lexicon/person.json');
    const person = JSON.parse(fs.readFileSync(file, 'utf8'));
    person.strongTags.push('zzcelebrityzz');
    fs.writeFileSync(file, JSON.stringify(person));
    expect(computeClassifierVersion({ dataDir: dir })).not.toBe(computeClassifierVersion());
    const input = lora({ name: 'Bella Hadid', tags: ['zzcelebrityzz'] });
    expect(createClassifier(loadLexicon(dir), 'test').classify(input).personScoreNoPoi).toBeGreaterThan(
      createClassifier(loadLexicon(), 'test').classify(input).personScoreNoPoi,
    );
  });

  it('changes when a rule source changes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-rules-'));
    tempDirs.push(dir);
    const rule = path.join(dir, 'rule.ts');
    fs.writeFileSync(rule, 'export const weight = 1;\n');
    const before = computeClassifierVersion({ ruleFiles: [rule] });
    fs.writeFileSync(rule, 'export const weight = 2;\n');
    expect(computeClassifierVersion({ ruleFiles: [rule] })).not.toBe(before);
  });

  it('hashes the rules, lists, text preparation, gate and literals, not the runner, loader, worker or evaluation (issue 13)', () => {
    const names = ruleSourceFiles().map((file) => path.relative(path.dirname(new URL('../../src/classify/index.ts', import.meta.url).pathname), file));
    expect(names).toEqual(expect.arrayContaining(['rules/person.ts', 'rules/names.ts', 'rules/sexual.ts', 'text.ts', 'gate.ts', 'literals.ts', 'lexicon.ts', 'index.ts']));
    for (const notDeciding of ['run.ts', 'parallel.ts', 'load.ts', 'classify-worker.ts', 'evaluate.ts', 'gold.ts', 'gold-cases.ts', 'memo.ts', 'decision-row.ts']) {
      expect(names).not.toContain(notDeciding);
    }
  });
});
