// Builds the classifier's input from a ModelRecord (what crawlers and importers produce) or from the
// rows the store holds (see load.ts), so the same rules run on both.
import type { ModelRecord } from '../db/ingest.js';
import type { ClassifierInput } from './types.js';

export function inputFromRecord(record: ModelRecord): ClassifierInput {
  const versions = record.versions ?? [];
  return {
    platform: record.platform,
    name: record.name,
    type: record.type,
    creator: record.creator,
    description: record.description,
    cardText: record.cardText,
    tags: record.tags,
    trainedWords: versions.flatMap((version) => version.trainedWords),
    baseModels: [...versions.map((version) => version.baseModel).filter((base): base is string => Boolean(base)), ...(record.baseModels ?? [])],
    nsfw: record.nsfw,
    nsfwLevel: record.nsfwLevel,
    poi: record.poi,
    minor: record.minor,
    images: versions.flatMap((version) => version.images),
  };
}
