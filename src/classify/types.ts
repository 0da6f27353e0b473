// What the classifier reads and what it decides. A ClassifierInput is a model as the store holds it
// (src/db/schema.ts), whatever platform it came from; the rules never touch the database.

export interface ImageSignal {
  /** Bit level (PG=1, PG13=2, R=4, X=8, XXX=16), or mapped from the 2023 label. */
  nsfwLevel: number | null;
  /** The 2023 label: None | Soft | Mature | X. */
  nsfwLabel: string | null;
  minor: boolean | null;
  poi: boolean | null;
}

export interface ClassifierInput {
  platform: 'civitai' | 'huggingface';
  name: string;
  type: string;
  creator: string | null;
  /** Plain text; untrusted. */
  description: string | null;
  /** Hugging Face model card text. */
  cardText: string | null;
  tags: string[];
  /** Trigger words of every version. */
  trainedWords: string[];
  /** Civitai's baseModel of each version (newest first) and Hugging Face's base_model repos. */
  baseModels: string[];
  nsfw: boolean | null;
  nsfwLevel: number | null;
  poi: boolean | null;
  minor: boolean | null;
  images: ImageSignal[];
  /** What the other models in the store say (src/db/corpus.ts); absent when classifying one record alone. */
  corpus?: CorpusSignal;
}

/** Corpus evidence for one model: counts include the model itself (see `self`). */
export interface CorpusSignal {
  /** [trigger word, models using it, of which confirmed a real person]. */
  words: [string, number, number][];
  /** [models by this creator, of which confirmed], or null for a creator with little history. */
  creator: [number, number] | null;
  /** This model is itself confirmed (poi flag, person context tag or confirmed review). */
  self: boolean;
}

export type EvidenceField =
  | 'name'
  | 'tags'
  | 'trainedWords'
  | 'description'
  | 'poi'
  | 'minor'
  | 'nsfw'
  | 'nsfwLevel'
  | 'images'
  | 'type'
  | 'baseModels'
  | 'corpus';

/** One reason behind a decision: which rule fired, on which field, on what text, and how much it counted. */
export interface Evidence {
  rule: string;
  field: EvidenceField;
  match: string;
  weight: number;
}

export type TargetGender = 'female' | 'male' | 'unknown';
export type Fame = 'celebrity' | 'adult_performer' | 'influencer' | 'private' | 'unknown';
export type BaseFamily = 'SD 1.x' | 'SD 2.x' | 'SDXL' | 'Pony' | 'Illustrious' | 'Flux.1' | 'SD3' | 'Video' | 'Other';
export type NameScript = 'latin' | 'cjk' | 'other';

export type NciiLevel = 'explicit' | 'suggestive' | 'none';

export interface Classification {
  classifierVersion: string;
  /** Person score with every signal, Civitai's poi included. */
  personScore: number;
  /** Person score with poi ignored. */
  personScoreNoPoi: number;
  personTarget: boolean;
  personTargetNoPoi: boolean;
  targetName: string | null;
  /** Script of the name found: Latin, Chinese/Japanese/Korean (romanised or native), other. */
  targetNameScript: NameScript | null;
  targetGender: TargetGender;
  fame: Fame;
  sexual: boolean;
  /** personTarget ∧ the listing is explicit (nciiLevel 'explicit'). */
  ncii: boolean;
  /** personTargetNoPoi ∧ explicit. */
  nciiNoPoi: boolean;
  /** explicit: shows or promises nude or sexual imagery of the person; suggestive: sexualises without that. */
  nciiLevel: NciiLevel;
  nciiSignals: string[];
  minorSignal: boolean;
  baseFamily: BaseFamily;
  evidence: Evidence[];
}
