// The gold set: hand-labelled models (data/gold/README.md), one JSON object per line. A line names a
// stored model by platform and id, or carries its own `input` (synthetic cases, e.g. Hugging Face).
import fs from 'node:fs';
import { z } from 'zod';
import { UserError } from '../errors.js';

const ImageSignalSchema = z.object({
  nsfwLevel: z.number().nullable(),
  nsfwLabel: z.string().nullable(),
  minor: z.boolean().nullable(),
  poi: z.boolean().nullable(),
});

export const ClassifierInputSchema = z.object({
  platform: z.enum(['civitai', 'huggingface']),
  name: z.string(),
  type: z.string(),
  creator: z.string().nullable(),
  description: z.string().nullable(),
  cardText: z.string().nullable(),
  tags: z.array(z.string()),
  trainedWords: z.array(z.string()),
  baseModels: z.array(z.string()),
  nsfw: z.boolean().nullable(),
  nsfwLevel: z.number().nullable(),
  poi: z.boolean().nullable(),
  minor: z.boolean().nullable(),
  images: z.array(ImageSignalSchema),
});

export const NAME_SCRIPTS = ['latin', 'cjk-romanised', 'cjk-native', 'cyrillic', 'other'] as const;
export type NameScriptLabel = (typeof NAME_SCRIPTS)[number];

export const GoldLabelSchema = z.object({
  platform: z.enum(['civitai', 'huggingface']),
  platformId: z.string(),
  modelName: z.string().optional(),
  /** null: the labeller could not decide; left out of person scores. */
  personTarget: z.boolean().nullable(),
  targetGender: z.enum(['female', 'male', 'unknown']).nullable(),
  fame: z.enum(['celebrity', 'adult_performer', 'influencer', 'private', 'unknown']).nullable(),
  /** null: not labelled (e.g. review decisions); left out of sexual and NCII scores. */
  sexual: z.boolean().nullable(),
  targetName: z.string().nullable(),
  nameGroup: z.enum(['latin', 'cjk', 'other']).nullable(),
  /** The five-way script of the target's name (data/gold/README.md); older lines carry nameGroup only. */
  nameScript: z.enum(NAME_SCRIPTS).nullable().optional(),
  /** How the listing sexualises its subject (issue 14 rubric), labelled for every record of the newer sets. */
  nciiLevel: z.enum(['explicit', 'suggestive', 'none']).nullable().optional(),
  /** personTarget ∧ nciiLevel = explicit: the NCII gold. */
  explicit: z.boolean().nullable().optional(),
  /** The sampling stratum the record was drawn from (weights back to the population use it). */
  stratum: z.string().optional(),
  input: ClassifierInputSchema.optional(),
});
export type GoldLabel = z.infer<typeof GoldLabelSchema>;

/** JSON lines validated by a schema; a bad line is one user error naming the file, the line and the field. */
export function parseJsonLines<T>(text: string, source: string, schema: z.ZodType<T>): T[] {
  const items: T[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new UserError(`${source}:${index + 1}: not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new UserError(`${source}:${index + 1}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
    }
    items.push(parsed.data);
  });
  return items;
}

export function parseGold(text: string, source: string): GoldLabel[] {
  return parseJsonLines(text, source, GoldLabelSchema);
}

export function readGold(path: string): GoldLabel[] {
  if (!fs.existsSync(path)) throw new UserError(`no gold file at ${path}`);
  return parseGold(fs.readFileSync(path, 'utf8'), path);
}
