// The published figures of "Deepfakes on Demand: the rise of accessible non-consensual deepfake
// image generators" (FAccT 2025, arXiv:2505.03859), which a dfwatch crawl re-measures. Quoted as the
// paper's abstract states them.
export const STUDY = {
  citation: 'Deepfakes on Demand (FAccT 2025, arXiv:2505.03859)',
  variants: 'almost 35,000 publicly downloadable deepfake model variants',
  downloads: 'almost 15 million downloads since November 2022',
  women: '96% of models target women',
  modelTypes: 'mostly LoRAs',
  baseModels: 'mostly Stable Diffusion and Flux',
} as const;

/** Civitai's types that are low-rank adapters (LoRA and its variants). */
export const LORA_TYPES = ['LORA', 'LoCon', 'DoRA'] as const;
