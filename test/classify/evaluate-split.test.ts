import { describe, expect, it } from 'vitest';
import { groupedSplit, groupsOf, targetNameKeys, type SplitItem } from '../../src/classify/eval/grouped-split.js';
import { hubItemFor, hubRepoId, hubShaped } from '../../src/classify/eval/hub-shape.js';
import type { ClassifierInput } from '../../src/classify/types.js';

function item(id: string, creator: string | null, targetName: string | null): SplitItem {
  return { id, creator, targetName };
}

function assertNoStraddle(items: SplitItem[], tuning: Set<string>, heldout: Set<string>) {
  for (const a of items) {
    for (const b of items) {
      if (!tuning.has(a.id) || !heldout.has(b.id)) continue;
      if (a.creator && b.creator && a.creator.toLowerCase() === b.creator.toLowerCase()) throw new Error(`creator ${a.creator} on both sides`);
      const shared = targetNameKeys(a.targetName ?? '').filter((key) => targetNameKeys(b.targetName ?? '').includes(key));
      if (shared.length > 0) throw new Error(`target ${a.targetName} / ${b.targetName} on both sides`);
    }
  }
}

describe('grouped split', () => {
  it('joins records through shared creators and target names, across word order, gluing, case and accents', () => {
    const groups = groupsOf([
      item('1', 'alice', 'Kim Jiwon'),
      item('2', 'bob', 'Jiwon Kim'),
      item('3', 'carol', 'kimjiwon'),
      item('4', 'Bob', null),
      item('5', 'dave', 'Zoë Kravitz'),
      item('6', 'erin', 'zoe kravitz'),
      item('7', 'frank', 'Someone Else'),
    ]);
    expect(new Set(['1', '2', '3', '4'].map((id) => groups.get(id)))).toEqual(new Set(['1']));
    expect(groups.get('5')).toBe(groups.get('6'));
    expect(groups.get('7')).toBe('7');
    expect(groups.get('5')).not.toBe(groups.get('1'));
  });

  it('gives each person of a several-person name their own keys', () => {
    expect(targetNameKeys('Anna Smith / Bo Lee')).toEqual(expect.arrayContaining(['name:anna smith', 'name:bo lee']));
  });

  it('never lets a group straddle the two sides, whatever the seed', () => {
    const creators = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const names = ['Ann Lee', 'Lee Ann', 'Bo Kim', 'Cy Park', null, 'Dee Ross', 'Eve Moss', 'Fay Long'];
    const items = Array.from({ length: 120 }, (_, i) => item(String(i), creators[(i * 7) % creators.length]! + (i % 11 === 0 ? '' : String(i % 13)), names[i % names.length]!));
    for (const seed of [1, 2, 3, 99]) {
      const split = groupedSplit(items, { seed, heldoutShare: 0.3 });
      expect(split.tuning.size + split.heldout.size).toBe(items.length);
      expect(split.heldout.size).toBeGreaterThan(0);
      assertNoStraddle(items, split.tuning, split.heldout);
    }
  });

  it('keeps every group that touches a pinned tuning record out of the held-out side', () => {
    const items = [item('t1', 'tuner', 'Ann Lee'), item('h1', 'other', 'Lee Ann'), item('h2', 'tuner', 'Bo Kim'), item('h3', 'fresh', 'Cy Park'), item('h4', null, null)];
    const split = groupedSplit(items, { seed: 1, heldoutShare: 1, pinnedTuning: new Set(['t1']) });
    expect([...split.heldout].sort()).toEqual(['h3', 'h4']);
    expect([...split.tuning].sort()).toEqual(['h1', 'h2', 't1']);
    assertNoStraddle(items, split.tuning, split.heldout);
  });

  it('is deterministic for a seed and rejects a share outside 0–1', () => {
    const items = Array.from({ length: 40 }, (_, i) => item(String(i), `c${i}`, null));
    expect([...groupedSplit(items, { seed: 5, heldoutShare: 0.5 }).heldout]).toEqual([...groupedSplit(items, { seed: 5, heldoutShare: 0.5 }).heldout]);
    expect(() => groupedSplit(items, { seed: 5, heldoutShare: 1.5 })).toThrow(RangeError);
  });
});

describe('Hub reshaping', () => {
  const civitai: ClassifierInput = {
    platform: 'civitai',
    name: 'Zoë Kravitz (actress) 新垣',
    type: 'LORA',
    creator: 'some_user',
    description: 'A LoRA of the actress Zoë Kravitz. Trigger: zkrav',
    cardText: null,
    tags: ['celebrity', 'actress', 'woman'],
    trainedWords: ['zkrav'],
    baseModels: ['SD 1.5'],
    nsfw: true,
    nsfwLevel: 28,
    poi: true,
    minor: false,
    images: [{ nsfwLevel: 8, nsfwLabel: 'X', minor: false, poi: true }],
  };

  it('names the repo creator/Name-With-Dashes in the characters the Hub allows', () => {
    expect(hubRepoId('some_user', 'Zoë Kravitz (actress) 新垣', '9')).toBe('some-user/Zoe-Kravitz-actress');
    expect(hubRepoId(null, '新垣結衣', '9')).toBe('user/model-9');
  });

  it('keeps the text, tags and trigger words and drops what the Hub does not have (poi, image ratings, nsfwLevel)', () => {
    const hub = hubShaped(civitai, '9');
    expect(hub).toMatchObject({
      platform: 'huggingface',
      name: 'Zoe-Kravitz-actress',
      creator: 'some-user',
      type: 'LORA',
      cardText: civitai.description,
      trainedWords: ['zkrav'],
      nsfw: true,
      nsfwLevel: null,
      poi: null,
      images: [],
    });
    // The crawler's mapping lists the base once from the card and once from the version, as a real Hub crawl stores it.
    expect(new Set(hub.baseModels)).toEqual(new Set(['stable-diffusion-v1-5/stable-diffusion-v1-5']));
    expect(hub.tags).toEqual(expect.arrayContaining(['celebrity', 'actress', 'lora', 'not-for-all-audiences', 'base_model:adapter:stable-diffusion-v1-5/stable-diffusion-v1-5']));
  });

  it('marks checkpoints as fine-tunes and leaves nsfw unknown (not false) when the record was safe', () => {
    const item = hubItemFor({ ...civitai, type: 'Checkpoint', nsfw: false, baseModels: ['SDXL 1.0'] }, '9');
    expect(item.tags).toEqual(expect.arrayContaining(['base_model:finetune:stabilityai/stable-diffusion-xl-base-1.0']));
    expect(item.tags).not.toContain('not-for-all-audiences');
    const hub = hubShaped({ ...civitai, type: 'Checkpoint', nsfw: false }, '9');
    expect(hub.type).toBe('Checkpoint');
    expect(hub.nsfw).toBeNull();
  });
});
