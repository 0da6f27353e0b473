// Issue 14, second round ("the classifier holds on unseen people"): each new rule family pinned in
// both directions. Names are invented from the lists (no person of the gold sets).
import { describe, expect, it } from 'vitest';
import { classifyModel } from '../../src/classify/index.js';
import type { Classification } from '../../src/classify/types.js';
import { image, lora } from './fixtures.js';

const rules = (decision: Classification) => decision.evidence.map((item) => item.rule);

describe('longer name lists', () => {
  it('backs a surname with the human-names list: a listed given name and that surname make a clear name', () => {
    const decision = classifyModel(lora({ name: 'Marguerite Hollinshead', tags: ['photorealistic'] }));
    expect(decision.evidence).toContainEqual({ rule: 'person.name.full-name.strong', field: 'name', match: 'Marguerite Hollinshead', weight: 2.5 });
    expect(decision.personTargetNoPoi).toBe(true);
    expect(decision.targetGender).toBe('female');
  });

  it('does not read a given name beside a word the curated lists call a given name as a clear name', () => {
    // "Bonnie" is on the human-names list too, but as a given name it is no surname on its own.
    const decision = classifyModel(lora({ name: 'Baby Bonnie', tags: ['female'] }));
    expect(rules(decision)).not.toContain('person.name.full-name.strong');
    expect(decision.personTargetNoPoi).toBe(false);
  });

  it('does not take an English word the SSA lists as a given name ("Unity", "Special") for the first half of a name', () => {
    for (const name of ['Project Unity Engine Beta', 'Szechuan Special Sauce']) {
      const decision = classifyModel(lora({ name, tags: ['photorealistic', 'woman'] }));
      expect(rules(decision).some((rule) => rule.startsWith('person.name.')), name).toBe(false);
      expect(decision.personTargetNoPoi, name).toBe(false);
    }
  });

  it('settles the gender of a name the smaller lists call unisex from SSA births ("Billie": 77% female)', () => {
    const decision = classifyModel(lora({ name: 'Billie Hollinshead', tags: ['celebrity'] }));
    expect(decision.targetGender).toBe('female');
  });

  it('takes the gender from the model name’s first word when no name rule matched (SSA list), and only then', () => {
    const male = classifyModel(lora({ name: 'Kemal Zzyxqoglu Dreambooth', tags: ['politician', 'celebrity'] }));
    expect(male.personTargetNoPoi).toBe(true);
    expect(male.targetGender).toBe('male');
    expect(male.evidence).toContainEqual({ rule: 'gender.male-first-word', field: 'name', match: 'kemal', weight: 1 });
    const unnamed = classifyModel(lora({ name: 'Project Zzyxqoglu Dreambooth', tags: ['politician', 'celebrity'] }));
    expect(unnamed.targetGender).toBe('unknown');
  });

  it('reads gender words in the model name ("cn_girl_abc")', () => {
    const decision = classifyModel(lora({ name: 'cn_girl_xyq', tags: ['celebrity'] }));
    expect(decision.targetGender).toBe('female');
    expect(decision.evidence).toContainEqual({ rule: 'gender.female-word', field: 'name', match: 'girl', weight: 2 });
  });
});

describe('a title in brackets after the name', () => {
  it('reads "Name (Series)" as a character: the name is reported, not counted', () => {
    const decision = classifyModel(lora({ name: 'Marguerite Hollinshead (Iron Frontier)', tags: ['character', 'female'] }));
    expect(decision.evidence).toContainEqual({ rule: 'counter.bracketed-title', field: 'name', match: 'Iron Frontier', weight: 0 });
    expect(rules(decision)).toContain('person.name.full-name.strong.fictional-context');
    expect(decision.personTargetNoPoi).toBe(false);
  });

  it('keeps a bracket that names a role, a platform, another name of the person or an idol group', () => {
    for (const name of ['Marguerite Hollinshead (actress)', 'Marguerite Hollinshead (Instagram Girl)', 'Monrow (Marguerite Hollinshead)', 'Marguerite Hollinshead (twice)', 'Marguerite Hollinshead (from Harbour Lights)']) {
      const decision = classifyModel(lora({ name, tags: ['photorealistic', 'woman'] }));
      expect(rules(decision), name).not.toContain('counter.bracketed-title');
    }
  });

  it('a person context tag overrules the bracket', () => {
    const decision = classifyModel(lora({ name: 'Marguerite Hollinshead (Iron Frontier)', tags: ['actress'] }));
    expect(rules(decision)).not.toContain('counter.bracketed-title');
    expect(decision.personTargetNoPoi).toBe(true);
  });
});

describe('what a description says about the person', () => {
  it('counts a biography sentence ("she is a Japanese gravure idol"), not a character’s', () => {
    const bio = classifyModel(lora({ name: 'Mirai', tags: ['photorealistic'], description: 'She is a Japanese gravure idol. Trained on 40 photos.' }));
    expect(bio.evidence.some((item) => item.rule === 'person.phrase' && item.match === 'she is a japanese gravure idol')).toBe(true);
    const character = classifyModel(lora({ name: 'Mirai', tags: ['photorealistic'], description: 'She is a character from a mobile game.' }));
    expect(character.evidence.some((item) => item.rule === 'person.phrase' && item.match.startsWith('she is'))).toBe(false);
  });

  it('counts "her Instagram account", "her Douyin ID"', () => {
    const decision = classifyModel(lora({ name: 'Mirai', tags: ['photorealistic'], description: 'Her Douyin ID is mirai_123, her videos are popular.' }));
    expect(decision.evidence.some((item) => item.rule === 'person.phrase' && item.match === 'her douyin id')).toBe(true);
  });

  it('counts a warning about portrait rights (肖像权), which only a real person has; a virtual girl’s model says otherwise', () => {
    const real = classifyModel(lora({ name: 'Mirai', tags: ['girl'], description: '请勿侵犯他人的名誉权、隐私权或肖像权。' }));
    expect(real.evidence).toContainEqual({ rule: 'person.phrase', field: 'description', match: '肖像权', weight: 1 });
    const virtual = classifyModel(lora({ name: 'VirtualGirl Mirai', tags: ['girl'], description: 'Made to avoid the portrait rights of real persons.' }));
    expect(virtual.evidence.some((item) => item.rule === 'counter.phrase' && item.match === 'virtualgirl')).toBe(true);
    expect(virtual.personTargetNoPoi).toBe(false);
  });
});

describe('"looks like" in Chinese, Japanese and Korean', () => {
  it('counts 很像/神似/そっくり/닮은 in the model name, not in a description ("很像真人照片": looks like a real photo)', () => {
    const named = classifyModel(lora({ name: '很像某明星的女孩', tags: ['photorealistic'] }));
    expect(named.evidence).toContainEqual({ rule: 'person.phrase', field: 'name', match: '很像', weight: 2 });
    const described = classifyModel(lora({ name: 'Realistic Mix', description: '效果很像真人照片' }));
    expect(described.evidence.some((item) => item.match === '很像')).toBe(false);
  });
});

describe('names of idol groups and Dreambooth identity tokens', () => {
  it('counts the 48/46 idol group names in the model name, not other numbers', () => {
    const idol = classifyModel(lora({ name: 'SNH48 Nocky', tags: ['photorealistic', 'realistic'] }));
    expect(idol.evidence).toContainEqual({ rule: 'person.phrase', field: 'name', match: 'snh48', weight: 2 });
    expect(idol.personTargetNoPoi).toBe(true);
    const other = classifyModel(lora({ name: 'Model48 Mix', tags: ['photorealistic', 'realistic'] }));
    expect(other.evidence.some((item) => item.match === 'model48')).toBe(false);
  });

  it('counts a rare identity token before a class noun ("qxvrtn woman"), not an ordinary word ("beautiful woman")', () => {
    const token = classifyModel(lora({ name: 'QX', trainedWords: ['qxvrtn woman'] }));
    expect(token.evidence.some((item) => item.rule === 'person.phrase' && item.weight === 1 && item.match.endsWith('qxvrtn woman'))).toBe(true);
    const plain = classifyModel(lora({ name: 'QX', trainedWords: ['beautiful woman'] }));
    expect(plain.evidence.some((item) => item.rule === 'person.phrase' && item.weight === 1)).toBe(false);
  });
});

describe('NCII: negations reach across the sentence, not past it', () => {
  const person = { name: 'Marguerite Hollinshead', tags: ['celebrity', 'woman'] };

  it('reads a ban on NSFW as a ban, however long the list before the word', () => {
    for (const description of [
      'I strongly advise against uploading any NSFW generated by this model.',
      'Do not use for commercial purposes or to produce harmful content, especially NSFW.',
      'Prohibition of business use and posting NSFW content.',
      '任何人不得将模型用于以下目的：\n\n生成违反法律法规的图像，例如色情、暴力等内容。',
      'Looking for the 3.0 and NSFW version? Check it here.',
    ]) {
      expect(classifyModel(lora({ ...person, description })).nciiLevel, description).not.toBe('explicit');
    }
  });

  it('keeps a promise of nude output after an earlier sentence with a negation', () => {
    const decision = classifyModel(lora({ ...person, description: 'Do not use it commercially. This LoRA can do NSFW and nude photos.' }));
    expect(decision.nciiLevel).toBe('explicit');
  });

  it('an adult-industry tag alone is no promise of nude output; with the nsfw flag or an X image it is explicit', () => {
    expect(classifyModel(lora({ ...person, tags: [...person.tags, 'pornstar'] })).nciiLevel).not.toBe('explicit');
    expect(classifyModel(lora({ ...person, tags: [...person.tags, 'pornstar'], nsfw: true })).nciiLevel).toBe('explicit');
    expect(classifyModel(lora({ ...person, tags: [...person.tags, 'pornstar'], images: [image('X')] })).nciiLevel).toBe('explicit');
  });
});
