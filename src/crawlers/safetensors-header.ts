// The training metadata inside a .safetensors file, read without the weights. The file starts with
// an 8-byte little-endian length N and N bytes of JSON (tensor index plus `__metadata__`, string
// values). Like huggingface_hub's get_safetensors_metadata, the first Range asks for 100 KB (most
// headers fit), a second Range reads the rest only when N says so, and a header above the cap is
// never read. LoRA trainers (kohya) write ss_output_name, ss_tag_frequency (training folders →
// caption tag counts, as a JSON string), ss_dataset_dirs and the base model there.
import type { HttpClient } from './http.js';

/** The first read: the length and, for most LoRAs, the whole header. */
export const FIRST_RANGE_BYTES = 100_000;
/** No header beyond this is read (a LoRA's is 20–200 KB; the tensor index dominates). */
export const MAX_HEADER_BYTES = 1024 * 1024;

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

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, MAX_TEXT_CHARS) : null;
}

function jsonObject(value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The classifier-relevant part of `__metadata__`; every field is optional and untrusted. */
export function metadataOf(header: unknown): HeaderMetadata {
  const raw = header && typeof header === 'object' ? (header as Record<string, unknown>).__metadata__ : null;
  const meta = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const frequency = jsonObject(meta.ss_tag_frequency) ?? {};
  const dirs = new Set(Object.keys(jsonObject(meta.ss_dataset_dirs) ?? {}));
  const counts = new Map<string, number>();
  for (const [folder, tags] of Object.entries(frequency)) {
    dirs.add(folder);
    if (!tags || typeof tags !== 'object') continue;
    for (const [tag, count] of Object.entries(tags as Record<string, unknown>)) {
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

/** Parses the header JSON once its N bytes are at hand. */
export function parseHeader(json: Buffer): HeaderReading {
  try {
    const header = JSON.parse(json.toString('utf8')) as unknown;
    if (!header || typeof header !== 'object' || Array.isArray(header)) return { status: 'invalid', metadata: null };
    return { status: 'read', metadata: metadataOf(header) };
  } catch {
    return { status: 'invalid', metadata: null };
  }
}

/**
 * Reads a file's header with one or two Range requests, never asking for (or reading) more than
 * 8 + MAX_HEADER_BYTES bytes in all. Transport failures propagate; the caller decides what they mean.
 */
export async function readSafetensorsHeader(http: HttpClient, url: string): Promise<HeaderReading> {
  const first = await http.getBytes(url, { maxBytes: FIRST_RANGE_BYTES, range: { start: 0, end: FIRST_RANGE_BYTES - 1 } });
  const length = headerLength(first.body);
  if (length === null) return { status: 'invalid', metadata: null };
  if (length > MAX_HEADER_BYTES) return { status: 'too_large', metadata: null };
  if (8 + length <= first.body.length) return parseHeader(first.body.subarray(8, 8 + length));
  // A server that ignored the Range sent the file from byte 0 and was cut at FIRST_RANGE_BYTES; the
  // second request asks for the header's remaining bytes only.
  const rest = await http.getBytes(url, { maxBytes: 8 + length - first.body.length, range: { start: first.body.length, end: 8 + length - 1 } });
  if (rest.status !== 206) return { status: 'invalid', metadata: null };
  return parseHeader(Buffer.concat([first.body.subarray(8), rest.body]).subarray(0, length));
}
