import { describe, expect, it } from 'vitest';
import { evaluateGold, scores, type EvalCase } from '../../src/classify/evaluate.js';
import type { GoldLabel } from '../../src/classify/gold.js';
import type { Classification } from '../../src/classify/types.js';

function label(overrides: Partial<GoldLabel>): GoldLabel {
  return { platform: 'civitai', platformId: '1', personTarget: true, targetGender: 'female', fame: 'celebrity', sexual: false, targetName: null, nameGroup: 'latin', ...overrides };
}

function decision(overrides: Partial<Classification>): Classification {
  return {
    classifierVersion: 'test', personScore: 0, personScoreNoPoi: 0, personTarget: false, personTargetNoPoi: false, targetName: null, targetNameScript: null,
    targetGender: 'unknown', fame: 'unknown', sexual: false, ncii: false, nciiNoPoi: false, nciiLevel: 'none', nciiSignals: [], minorSignal: false, baseFamily: 'Other', evidence: [],
    ...overrides,
  };
}

const hit = decision({ personTarget: true, personTargetNoPoi: true, targetGender: 'female' });

describe('evaluateGold', () => {
  it('computes precision, recall and F1', () => {
    const result = scores([
      { truth: true, predicted: true },
      { truth: true, predicted: false },
      { truth: false, predicted: true },
      { truth: false, predicted: false },
    ]);
    expect(result).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it('reports recall per target gender and per name script, with the gap to the overall recall', () => {
    const cases: EvalCase[] = [
      { label: label({ platformId: '1', nameGroup: 'latin' }), decision: hit, poi: true },
      { label: label({ platformId: '2', nameGroup: 'latin' }), decision: hit, poi: true },
      { label: label({ platformId: '3', nameGroup: 'cjk' }), decision: hit, poi: true },
      { label: label({ platformId: '4', nameGroup: 'cjk' }), decision: decision({ personTarget: true }), poi: true },
      { label: label({ platformId: '5', targetGender: 'male', nameGroup: 'latin' }), decision: decision({}), poi: false },
    ];
    const report = evaluateGold(cases);
    const overall = report.personTargetNoPoi.recall;
    expect(overall).toBeCloseTo(3 / 5);
    const cjk = report.groups.find((group) => group.group === 'name:cjk')!;
    expect(cjk).toMatchObject({ positives: 2, recallNoPoi: 0.5, recallWithPoi: 1 });
    expect(cjk.gapNoPoi).toBeCloseTo(0.5 - overall);
    expect(report.groups.find((group) => group.group === 'gender:male')).toMatchObject({ positives: 1, recallNoPoi: 0 });
  });

  it('scores poi alone as a baseline and leaves undecided labels out', () => {
    const cases: EvalCase[] = [
      { label: label({ platformId: '1' }), decision: hit, poi: false },
      { label: label({ platformId: '2', personTarget: false, targetGender: null, nameGroup: null }), decision: decision({}), poi: true },
      { label: label({ platformId: '3', personTarget: null }), decision: hit, poi: true },
    ];
    const report = evaluateGold(cases);
    expect(report.undecided).toBe(1);
    expect(report.poiFlagAlone).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 1 });
  });

  it('lists the worst false negatives with their evidence', () => {
    const miss = decision({ personScoreNoPoi: -2, evidence: [{ rule: 'counter.character-tag', field: 'tags', match: 'anime', weight: -1.5 }] });
    const report = evaluateGold([{ label: label({ modelName: 'Someone' }), decision: miss, poi: null }]);
    expect(report.worstFalseNegatives[0]).toMatchObject({ modelName: 'Someone', score: -2 });
    expect(report.worstFalseNegatives[0]!.evidence[0]!.match).toBe('anime');
  });
});
