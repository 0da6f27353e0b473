// Classifies the 4,422 real Civitai records of July 2023 and scores them against the hand-labelled
// gold set (data/gold). Runs only where ../shared/civitai-2023-dev.jsonl.gz exists. Thresholds are the
// figures measured with `dfwatch eval --records …` minus a small margin, so a rule change that loses
// real precision or recall fails here.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCivitaiItem } from '../../src/crawlers/civitai.js';
import { getClassifier } from '../../src/classify/index.js';
import { inputFromRecord } from '../../src/classify/input.js';
import { readGold } from '../../src/classify/gold.js';
import { goldCases } from '../../src/classify/gold-cases.js';
import { evaluateGold } from '../../src/classify/evaluate.js';
import type { ClassifierInput } from '../../src/classify/types.js';

const ARCHIVE = path.resolve('../shared/civitai-2023-dev.jsonl.gz');
const hasArchive = fs.existsSync(ARCHIVE);

describe.skipIf(!hasArchive)('the real July 2023 Civitai records', () => {
  const inputs = new Map<string, ClassifierInput>();
  if (hasArchive) {
    for (const line of zlib.gunzipSync(fs.readFileSync(ARCHIVE)).toString('utf8').split('\n')) {
      if (!line) continue;
      const parsed = parseCivitaiItem(JSON.parse(line));
      if (parsed.ok) inputs.set(parsed.record.platformId, inputFromRecord(parsed.record));
    }
  }

  it('classifies all 4,422 records', () => {
    expect(inputs.size).toBe(4422);
    const classifier = getClassifier();
    let flagged = 0;
    for (const input of inputs.values()) if (classifier.classify(input).personTargetNoPoi) flagged++;
    // About one in fifteen models of this LoRA/Checkpoint sample targets a real person.
    expect(flagged).toBeGreaterThan(200);
    expect(flagged).toBeLessThan(600);
  });

  it('meets the measured precision and recall on the gold set', () => {
    const { cases, missing } = goldCases(readGold('data/gold/civitai-2023.jsonl'), (label) => inputs.get(label.platformId) ?? null, getClassifier());
    expect(missing).toEqual([]);
    const report = evaluateGold(cases);
    // Measured: no poi P=1.000 R=0.876; with poi P=1.000 R=0.971; NCII (no poi) P=1.000; gender 0.967.
    expect(report.personTargetNoPoi.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.personTargetNoPoi.recall).toBeGreaterThanOrEqual(0.85);
    expect(report.personTarget.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.personTarget.recall).toBeGreaterThanOrEqual(0.94);
    expect(report.nciiNoPoi.precision).toBeGreaterThanOrEqual(0.9);
    expect(report.genderAccuracy.accuracy).toBeGreaterThanOrEqual(0.93);
    // The classifier with poi beats Civitai's poi flag alone.
    expect(report.personTarget.f1).toBeGreaterThan(report.poiFlagAlone.f1);
  });

  it('shows no group lagging more than 0.10 behind the overall recall, for the groups with 10+ positives', () => {
    const { cases } = goldCases(readGold('data/gold/civitai-2023.jsonl'), (label) => inputs.get(label.platformId) ?? null, getClassifier());
    const report = evaluateGold(cases);
    for (const group of report.groups.filter((g) => g.positives >= 10)) expect(group.gapNoPoi, group.group).toBeGreaterThan(-0.1);
  });
});

describe('the synthetic Hugging Face-shaped gold cases', () => {
  it('are all classified as labelled', () => {
    const { cases } = goldCases(readGold('data/gold/synthetic-hf.jsonl'), () => null, getClassifier());
    const report = evaluateGold(cases);
    expect(report.cases).toBe(6);
    expect(report.personTargetNoPoi.f1).toBe(1);
    expect(report.nciiNoPoi.f1).toBe(1);
  });
});
