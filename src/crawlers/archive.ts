// Reads archives of /api/v1/models: JSONL (one item or one API page per line), a JSON array of items,
// or a single API page, pretty-printed or not; gzipped or not. Everything streams: lines and items
// are capped in size, so neither a huge file nor a huge line is ever held in memory, and a broken
// line or item is handed over as a problem for the caller to record while the rest is read on.
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';
import { JsonItemsSplitter } from './json-items-splitter.js';

/** The largest line or item read; a real API page of 100 models is a few MB. */
export const MAX_ARCHIVE_ITEM_BYTES = 32 * 1024 * 1024;

export interface ArchiveItem {
  /** The raw item, not yet validated; undefined when `problem` says why it could not be read. */
  raw: unknown;
  /** Position for checkpoints and error rows: the line (JSONL) or the item index (whole JSON). */
  position: number;
  /** Set when the line or item is unreadable: not JSON, or over the size cap. */
  problem?: string;
  /** The unreadable text (capped), for the error row. */
  text?: string;
}

export interface ReadArchiveOptions {
  /** Positions up to this one were imported already. */
  skipUntil?: number;
  maxItemBytes?: number;
}

export class ArchiveFormatError extends UserError {
  override name = 'ArchiveFormatError';
}

const ERROR_TEXT_CHARS = 2000;

/** A file the import can read: exists, and is a regular file. */
export function checkArchiveFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UserError(`no such file: ${file}`);
  }
  if (stat.isDirectory()) throw new UserError(`${file} is a directory; name the archive files inside it`);
  if (!stat.isFile()) throw new UserError(`${file} is not a regular file`);
}

function openBytes(file: string): AsyncIterable<Buffer> {
  const stream = fs.createReadStream(file);
  return file.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
}

/** Turns a stream failure (a truncated or corrupt gzip, an unreadable file) into one line. */
function readFailure(file: string, error: unknown, where: string): ArchiveFormatError {
  const detail = (error as Error).message;
  const what = file.endsWith('.gz') ? 'the gzip stream is truncated or corrupt' : 'the file could not be read';
  return new ArchiveFormatError(`${file}: ${what} (${detail}) ${where}; everything before it was imported`);
}

interface Line {
  text: string;
  /** Bytes of a line over the cap; its text is then empty. */
  oversized: number;
}

/** Lines of a byte stream, each at most `maxBytes` long; longer ones are measured and dropped. */
async function* boundedLines(source: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let size = 0;
  const finish = (): Line => {
    const line = size <= maxBytes ? { text: Buffer.concat(parts).toString('utf8'), oversized: 0 } : { text: '', oversized: size };
    parts = [];
    size = 0;
    return line;
  };
  for await (const chunk of source) {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a, start); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      size += newline - start;
      if (size <= maxBytes) parts.push(chunk.subarray(start, newline));
      yield finish();
      start = newline + 1;
    }
    size += chunk.length - start;
    if (size <= maxBytes) parts.push(chunk.subarray(start));
    else parts = [];
  }
  if (size > 0) yield finish();
}

function isJsonValue(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function itemsOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)) return (value as { items: unknown[] }).items;
  return null;
}

/**
 * JSON lines, unless the first two non-empty lines are both not JSON: that is a pretty-printed
 * document. (A JSONL file whose first line is broken still has a second line that parses.)
 */
async function isWholeDocument(file: string, maxBytes: number): Promise<boolean> {
  const seen: string[] = [];
  try {
    for await (const line of boundedLines(openBytes(file), maxBytes)) {
      if (line.oversized === 0 && line.text.trim() === '') continue;
      seen.push(line.text);
      if (seen.length === 2) break;
    }
  } catch (error) {
    throw readFailure(file, error, 'at its start');
  }
  const [first, second] = seen;
  if (first === undefined || isJsonValue(first)) return false;
  const opensDocument = /^\s*[[{]/.test(first);
  return opensDocument && (second === undefined ? false : !isJsonValue(second));
}

/** Yields every item after `skipUntil`; an unreadable line or item comes with its `problem`. */
export async function* readArchive(file: string, options: ReadArchiveOptions = {}): AsyncGenerator<ArchiveItem> {
  checkArchiveFile(file);
  const maxBytes = options.maxItemBytes ?? MAX_ARCHIVE_ITEM_BYTES;
  if (await isWholeDocument(file, maxBytes)) yield* readDocument(file, options.skipUntil ?? 0, maxBytes);
  else yield* readJsonLines(file, options.skipUntil ?? 0, maxBytes);
}

async function* readJsonLines(file: string, skipUntil: number, maxBytes: number): AsyncGenerator<ArchiveItem> {
  let lineNumber = 0;
  let position = 0;
  const lines = boundedLines(openBytes(file), maxBytes);
  while (true) {
    let next: IteratorResult<Line>;
    try {
      next = await lines.next();
    } catch (error) {
      throw readFailure(file, error, `after line ${lineNumber}`);
    }
    if (next.done) return;
    lineNumber++;
    const { text, oversized } = next.value;
    if (oversized > 0) {
      position++;
      if (position > skipUntil) yield { raw: undefined, position, problem: `line ${lineNumber}: ${oversized.toLocaleString('en')} bytes, over the ${maxBytes.toLocaleString('en')}-byte cap; skipped` };
      continue;
    }
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      position++;
      if (position > skipUntil) yield { raw: undefined, position, problem: `line ${lineNumber}: not JSON (${(error as Error).message})`, text: text.slice(0, ERROR_TEXT_CHARS) };
      continue;
    }
    const isPage = Array.isArray(parsed) || (parsed !== null && typeof parsed === 'object' && 'items' in parsed);
    const pageItems = isPage ? itemsOf(parsed) : null;
    if (pageItems) {
      // A page per line: positions count items, so a resume lands inside the right page.
      for (const raw of pageItems) {
        position++;
        if (position > skipUntil) yield { raw, position };
      }
    } else {
      position++;
      if (position > skipUntil) yield { raw: parsed, position };
    }
  }
}

async function* readDocument(file: string, skipUntil: number, maxBytes: number): AsyncGenerator<ArchiveItem> {
  const splitter = new JsonItemsSplitter(maxBytes);
  const decoder = new StringDecoder('utf8');
  let position = 0;
  const chunks = openBytes(file)[Symbol.asyncIterator]();
  while (true) {
    let next: IteratorResult<Buffer>;
    try {
      next = await chunks.next();
    } catch (error) {
      throw readFailure(file, error, `after item ${position}`);
    }
    const pieces = next.done ? splitter.push(decoder.end()) : splitter.push(decoder.write(next.value));
    for (const piece of pieces) {
      position++;
      if (position <= skipUntil) continue;
      if ('oversized' in piece) {
        yield { raw: undefined, position, problem: `item ${position}: ${piece.oversized.toLocaleString('en')} characters, over the ${maxBytes.toLocaleString('en')} cap; skipped` };
        continue;
      }
      try {
        yield { raw: JSON.parse(piece.text), position };
      } catch (error) {
        yield { raw: undefined, position, problem: `item ${position}: not JSON (${(error as Error).message})`, text: piece.text.slice(0, ERROR_TEXT_CHARS) };
      }
    }
    if (next.done) break;
  }
  const problem = splitter.problemAtEnd();
  if (problem) throw new ArchiveFormatError(`${file}: ${problem}${position > 0 ? `; the ${position.toLocaleString('en')} items before it were imported` : ''}`);
}
