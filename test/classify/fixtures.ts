import type { ClassifierInput } from '../../src/classify/types.js';

/** A Civitai-shaped LoRA with nothing in it; tests fill in what they are about. */
export function lora(overrides: Partial<ClassifierInput>): ClassifierInput {
  return {
    platform: 'civitai',
    name: 'Untitled',
    type: 'LORA',
    creator: 'someone',
    description: null,
    cardText: null,
    tags: [],
    trainedWords: [],
    baseModels: ['SD 1.5'],
    nsfw: false,
    nsfwLevel: null,
    poi: false,
    minor: false,
    images: [],
    ...overrides,
  };
}

export function image(nsfwLabel: 'None' | 'Soft' | 'Mature' | 'X', extra: Partial<ClassifierInput['images'][number]> = {}) {
  const level = { None: 1, Soft: 2, Mature: 4, X: 8 }[nsfwLabel];
  return { nsfwLevel: level, nsfwLabel, minor: false, poi: false, prompt: null, ...extra };
}
