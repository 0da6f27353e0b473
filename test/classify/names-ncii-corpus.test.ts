// Issue 14: each new rule family pinned in both directions, with invented names built from the lists.
import { describe, expect, it } from 'vitest';
import { classifyModel } from '../../src/classify/index.js';
import { corpusSignal } from '../../src/classify/rules/corpus.js';
import type { Evidence } from '../../src/classify/types.js';
import { image, lora } from './fixtures.js';

describe('names in every script', () => {
  it('flags a romanised Japanese name family-first, given-first and with macrons', () => {
    for (const name of ['Ogawa Haruka', 'Haruka Ogawa', 'Ōgawa Haruka']) {
      const decision = classifyModel(lora({ name, tags: ['photorealistic'] }));
      expect(decision.personTargetNoPoi, name).toBe(true);
      expect(decision.targetNameScript).toBe('cjk');
      expect(decision.targetGender).toBe('female');
      expect(decision.evidence.some((item) => item.rule === 'person.name.east-asian.strong')).toBe(true);
    }
  });

  it('does not flag an anime character with the same name shape', () => {
    const decision = classifyModel(lora({ name: 'Ogawa Haruka (Magical Academy)', tags: ['photorealistic'], trainedWords: ['1girl', 'school uniform', 'twintails'] }));
    expect(decision.personTargetNoPoi).toBe(false);
    expect(decision.evidence.some((item) => item.rule.endsWith('.fictional-context') && item.weight === 0)).toBe(true);
  });

  it('recognises a kanji surname with a kana given name, and Hangul names with a Korean surname', () => {
    const japanese = classifyModel(lora({ name: '小川はるか', tags: ['photorealistic'] }));
    expect(japanese.personTargetNoPoi).toBe(true);
    expect(japanese.evidence.some((item) => item.rule === 'person.name.native.strong')).toBe(true);
    const korean = classifyModel(lora({ name: '박민지', tags: ['photorealistic', 'korean'] }));
    expect(korean.personTargetNoPoi).toBe(true);
    expect(korean.targetName).toBe('박민지');
  });

  it('does not take a Hangul word without a surname, or a long Han phrase, for a name', () => {
    expect(classifyModel(lora({ name: '사진 스타일', tags: ['photorealistic', 'korean'] })).targetName).toBeNull();
    expect(classifyModel(lora({ name: '国风古装少女风格模型', tags: ['photorealistic'] })).personTargetNoPoi).toBe(false);
  });

  it('recognises Cyrillic names and takes the gender from the surname ending', () => {
    const decision = classifyModel(lora({ name: 'Анна Петрова', tags: ['photorealistic'] }));
    expect(decision.personTargetNoPoi).toBe(true);
    expect(decision.targetGender).toBe('female');
    expect(decision.evidence.some((item) => item.rule === 'person.name.cyrillic.strong')).toBe(true);
  });

  it('counts handles and platform words in the name, not in a clothing LoRA', () => {
    const streamer = classifyModel(lora({ name: 'Mochi @mochi.cos Twitch', tags: ['photorealistic'] }));
    expect(streamer.personTargetNoPoi).toBe(true);
    expect(classifyModel(lora({ name: 'Twitch Emote Style', tags: ['style'] })).personTargetNoPoi).toBe(false);
  });

  it('flags an actor named with a film although a clothing tag pulls down', () => {
    const decision = classifyModel(lora({ name: 'Emily Carter in Northern Lights', tags: ['clothing'] }));
    expect(decision.personTargetNoPoi).toBe(true);
    expect(decision.evidence.some((item) => item.rule === 'person.actor-in-role')).toBe(true);
  });

  it('does not penalise a single-person Dreambooth checkpoint as a checkpoint', () => {
    const person = classifyModel(lora({ type: 'Checkpoint', name: 'Emily Carter Dreambooth', tags: ['base model', 'photorealistic'] }));
    expect(person.personTargetNoPoi).toBe(true);
    expect(person.evidence.some((item) => item.rule === 'counter.checkpoint-tag')).toBe(false);
    const mix = classifyModel(lora({ type: 'Checkpoint', name: 'Dreamy Realistic Mix', tags: ['base model', 'photorealistic'] }));
    expect(mix.personTargetNoPoi).toBe(false);
  });
});

describe('target names', () => {
  it('reads a Hub repo name split on - and _ without LoRA and version tokens', () => {
    const decision = classifyModel(lora({ platform: 'huggingface', name: 'someone/Emily-Carter-LoRA-144', tags: ['photorealistic'], poi: null }));
    expect(decision.personTargetNoPoi).toBe(true);
    expect(decision.targetName).toBe('Emily Carter');
  });

  it('reads "lora of firstname lastname" in a description', () => {
    const decision = classifyModel(lora({ name: 'EC v2', tags: ['celebrity'], description: 'This is a LoRA of emily carter, trained on 40 photos.' }));
    expect(decision.targetName).toBe('Emily Carter');
  });
});

describe('NCII, graded', () => {
  const person = { name: 'Emily Carter', tags: ['celebrity', 'photorealistic'] };

  it('is explicit with an X showcase image or a sexual tag, and ncii follows explicit', () => {
    const decision = classifyModel(lora({ ...person, images: [image('X')] }));
    expect(decision.nciiLevel).toBe('explicit');
    expect(decision.ncii).toBe(true);
    expect(classifyModel(lora({ ...person, tags: [...person.tags, 'nude'] })).nciiLevel).toBe('explicit');
  });

  it('is suggestive with only Mature images or "sexy", and then not ncii', () => {
    const mature = classifyModel(lora({ ...person, images: [image('Mature')] }));
    expect(mature.nciiLevel).toBe('suggestive');
    expect(mature.ncii).toBe(false);
    expect(classifyModel(lora({ ...person, tags: [...person.tags, 'sexy'] })).nciiLevel).toBe('suggestive');
  });

  it('is explicit when the description promises nudity, not when it forbids it', () => {
    expect(classifyModel(lora({ ...person, description: 'This model contains NSFW content.' })).nciiLevel).toBe('explicit');
    expect(classifyModel(lora({ ...person, description: 'Please do not use for NSFW.' })).nciiLevel).toBe('none');
    expect(classifyModel(lora({ ...person, description: 'NSFW content of real people is prohibited.' })).nciiLevel).toBe('none');
  });

  it('makes the nsfw flag explicit only beside an adult-industry word', () => {
    expect(classifyModel(lora({ ...person, nsfw: true })).nciiLevel).toBe('suggestive');
    expect(classifyModel(lora({ ...person, tags: [...person.tags, 'pornstar'], nsfw: true })).nciiLevel).toBe('explicit');
  });

  it('is none for a model that targets no one', () => {
    expect(classifyModel(lora({ name: 'Sunset Landscape', tags: ['landscape', 'nude'] })).nciiLevel).toBe('none');
  });
});

describe('corpus evidence', () => {
  it('counts a trigger word other models confirm, leaving the model itself out, and says so', () => {
    const evidence: Evidence[] = [];
    expect(corpusSignal({ words: [['emcart', 15, 10]], creator: null, self: true }, evidence)).toBe(1.5);
    expect(evidence[0]!.match).toBe('"emcart" named by 14 other models, 9 confirmed');
  });

  it('ignores words other models rarely confirm, a model that alone confirms its word, and thin creator histories', () => {
    expect(corpusSignal({ words: [['realistic', 150, 20]], creator: null, self: false }, [])).toBe(0);
    expect(corpusSignal({ words: [['emcart', 2, 1]], creator: null, self: true }, [])).toBe(0);
    expect(corpusSignal({ words: [], creator: [3, 3], self: false }, [])).toBe(0);
  });

  it('counts a creator whose other models mostly target people', () => {
    const evidence: Evidence[] = [];
    expect(corpusSignal({ words: [], creator: [11, 10], self: true }, evidence)).toBe(1);
    expect(evidence[0]!.match).toBe('creator: 9 of 10 other models confirmed real people');
  });

  it('adds nothing when the record is classified alone', () => {
    expect(corpusSignal(undefined, [])).toBe(0);
  });
});
