// The training metadata inside a .safetensors file, read without the weights. The file starts with
// an 8-byte little-endian length N and N bytes of JSON (tensor index plus `__metadata__`, string
// values). LoRA trainers (kohya) write ss_output_name, ss_tag_frequency (training folders → caption
// tag counts, as a JSON string), ss_dataset_dirs and the base model there.
//
// huggingface_hub's get_safetensors_metadata asks for `bytes=0-100000` and, when N is larger, for
// `bytes=8-(N+7)` in a second request, refusing headers above 25 MB; it reads whatever the server
// sends. dfwatch does the same with a 1 MB cap, and stops reading (dropping the connection) as soon
// as the first 8 bytes and then N more have arrived: never more than 8 + N ≤ 8 + cap bytes read in
// all, even from a server that ignores the Range and sends the whole file. One Range of the whole
// cap would save the rare second request, but a server honouring it sends the full 1 MB (measured
// on the replay CDN: 1,048,584 bytes written per file) where most LoRA headers are 20–100 KB.
import { z } from 'zod';
import type { GetBytesOptions } from './http.js';

/** The first Range: the length and, for most LoRAs, the whole header (huggingface_hub's choice too). */
export const FIRST_RANGE_BYTES = 100_000;
/** No header beyond this is read (a LoRA's is 20–200 KB; the tensor index dominates). */
export const MAX_HEADER_BYTES = 1024 * 1024;
/** The most one header read takes in: the length prefix and a header at the cap. */
export const MAX_HEADER_READ_BYTES = 8 + MAX_HEADER_BYTES;

const MAX_TAGS = 200;
const MAX_TEXT_CHARS = 500;

export type HeaderStatus = 'read' | 'none' | 'too_large' | 'invalid' | 'error';

/** What dfwatch keeps of a header: the names and captions a classifier can read. */
export interface HeaderMetadata {
  outputName: string | null;
  baseModel: string | null;
  /** Training folder names (kohya's "<repeats>_<subject>"), from ss_dataset_dirs and ss_tag_frequency. */
  datasetDirs: string[];
  /** The most frequent caption tags across folders, most frequent first. */
  captionTags: string[];
  trainingComment: string | null;
}

export type HeaderReading = { status: 'read'; metadata: HeaderMetadata } | { status: Exclude<HeaderStatus, 'read'>; metadata: null };

/** The header: a JSON object whose `__metadata__`, when present, maps strings to strings (the format says so). */
const SafetensorsHeader = z.looseObject({ __metadata__: z.record(z.string(), z.string()).optional() });
/** ss_tag_frequency: training folder → caption tag → count. */
const TagFrequency = z.record(z.string(), z.record(z.string(), z.unknown()));
/** ss_dataset_dirs: training folder → {n_repeats, img_count}. */
const DatasetDirs = z.record(z.string(), z.unknown());

function text(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value.trim().slice(0, MAX_TEXT_CHARS) : null;
}

/** A metadata value that is itself JSON (kohya nests objects as strings), validated, or null. */
function nestedJson<T>(value: string | undefined, schema: z.ZodType<T>): T | null {
  if (value === undefined) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The classifier-relevant part of `__metadata__`; every field is optional and untrusted. */
export function metadataOf(meta: Readonly<Record<string, string>>): HeaderMetadata {
  const frequency = nestedJson(meta.ss_tag_frequency, TagFrequency) ?? {};
  const dirs = new Set(Object.keys(nestedJson(meta.ss_dataset_dirs, DatasetDirs) ?? {}));
  const counts = new Map<string, number>();
  for (const [folder, tags] of Object.entries(frequency)) {
    dirs.add(folder);
    for (const [tag, count] of Object.entries(tags)) {
      const key = tag.trim().slice(0, MAX_TEXT_CHARS);
      if (key !== '') counts.set(key, (counts.get(key) ?? 0) + (typeof count === 'number' && Number.isFinite(count) ? count : 1));
    }
  }
  return {
    outputName: text(meta.ss_output_name),
    baseModel: text(meta.ss_base_model_version) ?? text(meta.ss_sd_model_name),
    datasetDirs: [...dirs].map((dir) => dir.slice(0, MAX_TEXT_CHARS)).slice(0, MAX_TAGS),
    captionTags: [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_TAGS)
      .map(([tag]) => tag),
    trainingComment: text(meta.ss_training_comment),
  };
}

/** The header length from the first 8 bytes, or null when they are missing or absurd. */
export function headerLength(bytes: Buffer): number | null {
  if (bytes.length < 8) return null;
  const length = bytes.readBigUInt64LE(0);
  return length > 0n && length <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(length) : null;
}

/** Parses and validates the header JSON once its N bytes are at hand. */
export function parseHeader(json: Buffer): HeaderReading {
  let raw: unknown;
  try {
    raw = JSON.parse(json.toString('utf8'));
  } catch {
    return { status: 'invalid', metadata: null };
  }
  const header = SafetensorsHeader.safeParse(raw);
  if (!header.success) return { status: 'invalid', metadata: null };
  return { status: 'read', metadata: metadataOf(header.data.__metadata__ ?? {}) };
}

/** How many bytes a header read needs, once the prefix holds the length: 8 + N, or 8 when N is absurd or over the cap. */
export function headerBytesNeeded(prefix: Buffer): number | null {
  if (prefix.length < 8) return null;
  const length = headerLength(prefix);
  return length === null || length > MAX_HEADER_BYTES ? 8 : 8 + length;
}

/** Reads a byte range of the file (the resolve path, then the CDN): see hub-archive-fetch.ts. */
export type RangeReader = (options: Required<Pick<GetBytesOptions, 'maxBytes' | 'range' | 'neededBytes'>>) => Promise<{ status: number; body: Buffer }>;

/**
 * Reads a file's header with one Range request (two when N is over FIRST_RANGE_BYTES), reading no
 * further than 8 + N bytes in all. Transport failures propagate; the caller decides what they mean.
 */
export async function readSafetensorsHeader(read: RangeReader): Promise<HeaderReading> {
  // maxBytes is the cap, not the Range: a server that ignores the Range is read up to 8 + N and cut there.
  const first = await read({ maxBytes: MAX_HEADER_READ_BYTES, range: { start: 0, end: FIRST_RANGE_BYTES - 1 }, neededBytes: headerBytesNeeded });
  const length = headerLength(first.body);
  if (length === null) return { status: 'invalid', metadata: null };
  if (length > MAX_HEADER_BYTES) return { status: 'too_large', metadata: null };
  if (first.body.length >= 8 + length) return parseHeader(first.body.subarray(8, 8 + length));
  // A file that ended early is shorter than its own header says: not a safetensors file.
  if (first.status !== 206 || first.body.length < FIRST_RANGE_BYTES) return { status: 'invalid', metadata: null };
  const rest = await read({ maxBytes: 8 + length - first.body.length, range: { start: first.body.length, end: 8 + length - 1 }, neededBytes: () => null });
  if (rest.status !== 206 || first.body.length + rest.body.length < 8 + length) return { status: 'invalid', metadata: null };
  return parseHeader(Buffer.concat([first.body.subarray(8), rest.body]).subarray(0, length));
}
