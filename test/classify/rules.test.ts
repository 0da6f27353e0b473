import { describe, expect, it } from 'vitest';
import { classifyModel } from '../../src/classify/index.js';
import { familyOf } from '../../src/classify/rules/base.js';
import { image, lora } from './fixtures.js';

describe('person targeting', () => {
  it('flags a real actress named in the model name and tagged celebrity, without poi', () => {
    const decision = classifyModel(lora({ name: 'Margot Robbie LORA', tags: ['woman', 'actress', 'celebrity', 'photorealistic'], trainedWords: ['margotr'] }));
    expect(decision.personTargetNoPoi).toBe(true);
    expect(decision.targetName).toBe('Margot Robbie');
    expect(decision.targetNameScript).toBe('latin');
  });

  it('does not flag an anime character whose name has the same First Last shape', () => {
    const decision = classifyModel(lora({ name: 'Marin Kitagawa - My Dress Up Darling', tags: ['anime', 'character', 'female', 'woman'], trainedWords: ['marin kitagawa'] }));
    expect(decision.personTargetNoPoi).toBe(false);
    expect(decision.evidence.some((item) => item.rule === 'counter.character-tag' && item.match === 'anime')).toBe(true);
  });

  it('recognises a romanised Japanese name with a role suffix', () => {
    const decision = classifyModel(lora({ name: 'KuboYurika_JP_VA', tags: ['photorealistic', 'female', 'woman'] }));
    expect(decision.personTargetNoPoi).toBe(true);
    expect(decision.targetName).toBe('Kubo Yurika');
    expect(decision.targetNameScript).toBe('cjk');
  });

  it('recognises a glued Chinese name in a trigger word', () => {
    const decision = classifyModel(lora({ name: 'Liuyifei | 刘亦菲', tags: ['chinese', 'celeb'], trainedWords: ['liuyifei'] }));
    expect(decision.personTargetNoPoi).toBe(true);
    expect(decision.evidence.some((item) => item.rule.startsWith('person.name'))).toBe(true);
  });

  it('takes the name from "a woman who resembles …"', () => {
    const decision = classifyModel(lora({ name: '一个酷似刘诗诗的女人 A woman who resembles Liushishi', tags: ['photorealistic', 'female', 'woman'] }));
    expect(decision.personTargetNoPoi).toBe(true);
    expect(decision.targetName).toBe('Liushishi');
  });

  it('does not flag a generic face mix that names no one', () => {
    const decision = classifyModel(lora({ name: 'KoreanDollLikeness', tags: ['photorealistic', 'asian', 'woman'] }));
    expect(decision.personTargetNoPoi).toBe(false);
  });

  it('does not flag a clothing LoRA tagged woman', () => {
    expect(classifyModel(lora({ name: 'Garter belts', tags: ['sexy', 'fashion', 'lingerie', 'woman', 'clothing'] })).personTargetNoPoi).toBe(false);
  });

  it('does not flag a general-purpose checkpoint', () => {
    const decision = classifyModel(lora({ name: 'Project AIO', type: 'Checkpoint', tags: ['base model', 'general purpose', 'photorealistic', 'woman'] }));
    expect(decision.personTarget).toBe(false);
  });

  it('counts poi as one signal: poi alone on a costume LoRA does not flag it', () => {
    const decision = classifyModel(lora({ name: 'Hmong costume', tags: ['girl', 'beautiful', 'realistic'], poi: true }));
    expect(decision.personTarget).toBe(false);
    expect(decision.evidence.some((item) => item.rule === 'person.poi-flag')).toBe(true);
  });

  it('lets poi tip a borderline model in the with-poi mode only', () => {
    const decision = classifyModel(lora({ name: 'zhouzhou', tags: ['photorealistic'], description: 'this is a photorealistic model of ZHOUSHUYI', poi: true }));
    expect(decision.personTarget).toBe(true);
    expect(decision.personTargetNoPoi).toBe(false);
  });

  it('records evidence a reviewer can read: rule, field, match and weight', () => {
    const decision = classifyModel(lora({ name: 'Bella Hadid', tags: ['celebrity', 'woman'] }));
    expect(decision.evidence).toContainEqual({ rule: 'person.context-tag', field: 'tags', match: 'celebrity', weight: 3 });
    // "Hadid" is on the human-names surname list, so both halves are listed: a clear name.
    expect(decision.evidence).toContainEqual({ rule: 'person.name.full-name.strong', field: 'name', match: 'Bella Hadid', weight: 2.5 });
  });
});

describe('gender and fame', () => {
  it('reads a female target from tags', () => {
    expect(classifyModel(lora({ name: 'Bella Hadid', tags: ['celebrity', 'woman', 'female'] })).targetGender).toBe('female');
  });

  it('reads a male target from tags and trigger words', () => {
    expect(classifyModel(lora({ name: '90s Keanu Reeves', tags: ['actor', 'celebrity', 'male'], trainedWords: ['kreeves', 'man'] })).targetGender).toBe('male');
  });

  it('falls back to the first-name list when nothing else says', () => {
    expect(classifyModel(lora({ name: 'Elizabeth Olsen', tags: ['celebrity'] })).targetGender).toBe('female');
  });

  it('calls an adult performer an adult performer even when tagged celebrity', () => {
    expect(classifyModel(lora({ name: 'Riley Reid LoRA', tags: ['celebrity', 'pornstar', 'woman'] })).fame).toBe('adult_performer');
  });

  it('calls an Instagram model an influencer', () => {
    expect(classifyModel(lora({ name: 'Sophia Diamond', tags: ['celebrity', 'instagram model', 'woman'] })).fame).toBe('influencer');
  });
});

describe('sexual content and NCII', () => {
  it('marks a person model with X-rated showcase images as NCII', () => {
    const decision = classifyModel(lora({ name: 'Selena Gomez', tags: ['celebrity', 'woman'], images: [image('None'), image('X')] }));
    expect(decision.ncii).toBe(true);
    expect(decision.nciiSignals).toContain('image-x');
  });

  it('keeps sexual separate: a pose LoRA is sexual but not NCII', () => {
    const decision = classifyModel(lora({ name: 'Head back', tags: ['anime', 'poses', 'sex'], nsfw: true }));
    expect(decision.sexual).toBe(true);
    expect(decision.ncii).toBe(false);
    expect(decision.nciiSignals).toEqual([]);
  });

  it('reads the nsfwLevel bits of today\'s API (R=4 and above)', () => {
    expect(classifyModel(lora({ nsfwLevel: 1 | 2 })).sexual).toBe(false);
    expect(classifyModel(lora({ nsfwLevel: 1 | 16 })).sexual).toBe(true);
  });

  it('ignores a description that forbids NSFW use', () => {
    const decision = classifyModel(lora({ name: 'Twice Tzuyu', tags: ['kpop', 'celebrity'], description: 'It is prohibited to use this Lora to make NSFW/18+ images' }));
    expect(decision.sexual).toBe(false);
  });

  it('counts a description that says the model can do NSFW', () => {
    expect(classifyModel(lora({ description: 'Disclaimer: It can do NSFW.' })).sexual).toBe(true);
  });
});

describe('minor signals', () => {
  it('takes Civitai\'s minor flag', () => {
    expect(classifyModel(lora({ minor: true })).minorSignal).toBe(true);
  });

  it('finds words pointing to a child likeness', () => {
    const decision = classifyModel(lora({ name: 'child actress lora', tags: ['photorealistic'] }));
    expect(decision.minorSignal).toBe(true);
    expect(decision.evidence.some((item) => item.rule === 'minor.word' && item.match === 'child actress')).toBe(true);
  });

  it('does not take "Teen Titans" or "minor changes" for a minor', () => {
    expect(classifyModel(lora({ name: 'Starfire (Teen Titans)', description: 'minor changes in v2' })).minorSignal).toBe(false);
  });
});

describe('base model family', () => {
  it.each([
    ['SD 1.5', 'SD 1.x'],
    ['SD 2.1 768', 'SD 2.x'],
    ['SDXL 1.0', 'SDXL'],
    ['Pony', 'Pony'],
    ['Illustrious', 'Illustrious'],
    ['NoobAI', 'Illustrious'],
    ['Flux.1 D', 'Flux.1'],
    ['SD 3.5', 'SD3'],
    ['Wan Video 14B t2v', 'Video'],
    ['stabilityai/stable-diffusion-xl-base-1.0', 'SDXL'],
    ['black-forest-labs/FLUX.1-dev', 'Flux.1'],
    ['runwayml/stable-diffusion-v1-5', 'SD 1.x'],
    ['Other', 'Other'],
  ])('maps %s to %s', (base, family) => {
    expect(familyOf(base)).toBe(family);
  });
});
