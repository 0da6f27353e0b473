// Base model family from Civitai's baseModel strings ("SD 1.5", "SDXL 1.0", "Pony", "Flux.1 D") and
// Hugging Face's base_model repos ("stabilityai/stable-diffusion-xl-base-1.0"). The newest version's
// base decides; a model whose bases are all unknown is 'Other'.
import type { BaseFamily, Evidence } from '../types.js';

const FAMILIES: [RegExp, BaseFamily][] = [
  [/pony/i, 'Pony'],
  [/illustrious|noobai|noob ?ai/i, 'Illustrious'],
  [/flux/i, 'Flux.1'],
  [/\bsd ?3|stable-diffusion-3/i, 'SD3'],
  [/svd|video|hunyuan|wan[- ]?(?:ai|video|2)|ltx|mochi|cogvideo|animatediff/i, 'Video'],
  [/sdxl|\bxl\b|stable-diffusion-xl|playground|sd ?xl/i, 'SDXL'],
  [/\bsd ?2(?:\.\d)?|stable-diffusion-2/i, 'SD 2.x'],
  [/\bsd ?1(?:\.\d)?|stable-diffusion-v1|stable-diffusion-1|runwayml|compvis/i, 'SD 1.x'],
];

export function familyOf(baseModel: string): BaseFamily {
  for (const [pattern, family] of FAMILIES) if (pattern.test(baseModel)) return family;
  return 'Other';
}

export interface BaseResult {
  baseFamily: BaseFamily;
  evidence: Evidence[];
}

export function decideBaseFamily(baseModels: readonly string[]): BaseResult {
  for (const base of baseModels) {
    const family = familyOf(base);
    if (family !== 'Other') return { baseFamily: family, evidence: [{ rule: 'base.family', field: 'baseModels', match: base, weight: 0 }] };
  }
  return { baseFamily: 'Other', evidence: [] };
}
