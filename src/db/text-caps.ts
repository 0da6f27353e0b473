// Bounds on the text dfwatch stores from crawled or imported models. A platform can hand over a
// description of any size (one of 80 MB was seen); the classifier reads the start of a text and a
// reviewer reads a screen of it, so the store keeps a generous, documented prefix (README, "Limits")
// and says where it cut. The real 2023 records stay far inside every cap (longest description 50,353
// characters), so their content hashes do not change.
import type { ItemErrorRecord, ModelRecord, VersionRecord } from './ingest.js';

export const TEXT_CAPS = {
  name: 1_000,
  creator: 200,
  description: 100_000,
  cardText: 100_000,
  tag: 500,
  tags: 500,
  trainedWord: 1_000,
  trainedWords: 500,
  fileName: 1_000,
  prompt: 20_000,
  itemErrorRaw: 10_000,
} as const;

/** Cuts `text` to `max` characters and says so at the end; the mark is part of the cap. */
export function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const mark = ` [… truncated by dfwatch: ${text.length.toLocaleString('en')} characters]`;
  return text.slice(0, Math.max(0, max - mark.length)) + mark;
}

function capNullable(text: string | null, max: number): string | null {
  return text === null ? null : capText(text, max);
}

function capList(items: string[], maxItems: number, maxChars: number): string[] {
  return items.slice(0, maxItems).map((item) => capText(item, maxChars));
}

function capVersion(version: VersionRecord): VersionRecord {
  return {
    ...version,
    name: capNullable(version.name, TEXT_CAPS.name),
    trainedWords: capList(version.trainedWords, TEXT_CAPS.trainedWords, TEXT_CAPS.trainedWord),
    files: version.files.map((file) => ({ ...file, name: capText(file.name, TEXT_CAPS.fileName) })),
    images: version.images.map((image) => ({ ...image, prompt: capNullable(image.prompt, TEXT_CAPS.prompt) })),
  };
}

/** The record as it will be stored: every free-text field within its cap. */
export function capRecord(record: ModelRecord): ModelRecord {
  return {
    ...record,
    name: capText(record.name, TEXT_CAPS.name),
    creator: capNullable(record.creator, TEXT_CAPS.creator),
    description: capNullable(record.description, TEXT_CAPS.description),
    cardText: capNullable(record.cardText, TEXT_CAPS.cardText),
    tags: capList(record.tags, TEXT_CAPS.tags, TEXT_CAPS.tag),
    versions: record.versions?.map(capVersion),
  };
}

export function capItemError(error: ItemErrorRecord): ItemErrorRecord {
  return { ...error, raw: capText(error.raw, TEXT_CAPS.itemErrorRaw), message: capText(error.message, TEXT_CAPS.name) };
}
