// Words the demo data and the synthetic generator build models from. Every surname, character and
// show here is invented for dfwatch (see README.md beside this file): the person-like models must
// look like the real ones to the classifier without naming anyone who exists.

/** Common English given names, paired only with the invented surnames below. */
export const GIVEN_NAMES_FEMALE = [
  'Emma', 'Olivia', 'Sophie', 'Clara', 'Hannah', 'Nora', 'Lena', 'Mila', 'Grace', 'Ruby',
  'Alice', 'Ivy', 'Chloe', 'Eva', 'Julia', 'Stella', 'Maya', 'Zoe', 'Isla', 'Leah',
] as const;
export const GIVEN_NAMES_MALE = ['Oliver', 'Lucas', 'Henry', 'Felix', 'Owen', 'Jonah', 'Elias', 'Theo'] as const;

/** Invented surnames: checked against no list, built from syllables that read as plausible. */
export const INVENTED_SURNAMES = [
  'Varnholt', 'Quillmere', 'Draskovin', 'Ellacourt', 'Brindlewood', 'Mortavelle', 'Tessaryn', 'Ocklund',
  'Pellinore', 'Vexmoor', 'Halvardine', 'Corwellyn', 'Zandrovic', 'Fenwhistle', 'Ashcombe-Rye', 'Lorvane',
  'Marchetti-Quell', 'Sorrowby', 'Kestreline', 'Obermaast', 'Thistlecroft', 'Ravensholm', 'Dellacroix-Vey', 'Wintermarsh',
  'Ystrandel', 'Quorvath', 'Belvane', 'Harrowgate-Fey', 'Nimbleton', 'Caskwell',
] as const;

/** Invented romanised East Asian names (family + given) for idol-style models. */
export const INVENTED_EAST_ASIAN_NAMES = ['Seo Harin', 'Kwon Dahye', 'Min Yerim', 'Aoki Mirei', 'Hoshino Rika', 'Tanabe Yuzuha', 'Lin Xiaoyue', 'Qiao Meiling'] as const;

/** What a person-like model says its subject does, with the tags such uploads carry. */
export const PERSON_ROLES = [
  { role: 'actress', tags: ['actress', 'celebrity', 'woman'] },
  { role: 'singer', tags: ['singer', 'celebrity', 'woman'] },
  { role: 'influencer', tags: ['influencer', 'instagram', 'woman'] },
  { role: 'streamer', tags: ['streamer', 'woman', 'realistic'] },
  { role: 'cosplayer', tags: ['cosplayer', 'woman', 'photorealistic'] },
  { role: 'model', tags: ['supermodel', 'woman', 'fashion'] },
  { role: 'pornstar', tags: ['pornstar', 'nsfw', 'woman'] },
  { role: 'kpop idol', tags: ['kpop', 'idol', 'korean', 'woman'] },
] as const;

/** Invented anime characters and the invented shows they come from. */
export const INVENTED_CHARACTERS = [
  { name: 'Aoi Hoshizora', show: 'Starlight Brigade' },
  { name: 'Kirana Vale', show: 'Ashen Crown Online' },
  { name: 'Mitsuha Renge', show: 'Clockwork Tea Party' },
  { name: 'Sable Nightingale', show: 'Eclipse Frontier' },
  { name: 'Yuzu Amaterasu', show: 'Moonlit Academy Z' },
  { name: 'Priscilla Thornveil', show: 'Crimson Lantern Saga' },
  { name: 'Koharu Shirasagi', show: 'Blue Harbor Diaries' },
  { name: 'Ember Lockhart', show: 'Iron Petal Rebellion' },
  { name: 'Nanami Kurogane', show: 'Starlight Brigade' },
  { name: 'Luna Vermillion', show: 'Eclipse Frontier' },
] as const;

export const STYLES = [
  'Watercolor Dreams', 'Ink Wash Noir', 'Retro Pulp Poster', 'Pastel Cel Shading', 'Stained Glass Light',
  'Ukiyo Neon', 'Chalk Sketch', 'Oil Impasto', 'Vaporwave Sunset', 'Papercut Diorama',
] as const;

export const CONCEPTS = ['Rainy Window', 'Floating Islands', 'Glowing Runes', 'Clockwork Wings', 'Misty Forest Path', 'Lantern Festival', 'Crystal Armor', 'Desert Caravan'] as const;

export const CHECKPOINT_NAMES = ['DreamForge', 'PhotonMix', 'AnimeLattice', 'RealVista', 'Nebula Merge', 'Velvet Realism', 'Pixel Orchard', 'Solstice XL'] as const;

export const BASE_MODELS = ['SD 1.5', 'SDXL 1.0', 'Pony', 'Illustrious', 'Flux.1 D', 'NoobAI'] as const;

/** Hugging Face base repos matching BASE_MODELS, so the Hub's model tree can name them. */
export const HUB_BASES: Record<(typeof BASE_MODELS)[number], string> = {
  'SD 1.5': 'stable-diffusion-v1-5/stable-diffusion-v1-5',
  'SDXL 1.0': 'stabilityai/stable-diffusion-xl-base-1.0',
  Pony: 'LyliaEngine/Pony_Diffusion_V6_XL',
  Illustrious: 'OnomaAIResearch/Illustrious-xl-early-release-v0',
  'Flux.1 D': 'black-forest-labs/FLUX.1-dev',
  NoobAI: 'Laxhar/noobai-XL-1.0',
};

/** Invented uploader names. */
export const CREATORS = [
  'pixelwright', 'loraforge', 'moonbeam_models', 'studio_kestrel', 'quietfox', 'neonlattice', 'tinkerpaw', 'velvetcircuit',
  'driftwood_ai', 'amberlight', 'cobaltmint', 'hollowreed', 'saltmarsh', 'paperlantern', 'ironquill', 'mistral_kite',
] as const;
