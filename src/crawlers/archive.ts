// Reads archives of /api/v1/models: JSONL (one item or one API page per line), a JSON array of items,
// or a single API page; gzipped or not. JSONL streams line by line, so archives of any size fit.
import fs from 'node:fs';
import readline from 'node:readline';
import { createGunzip } from 'node:zlib';
import { UserError } from '../errors.js';

export interface ArchiveItem {
  /** The raw item, not yet validated. */
  raw: unknown;
  /** Position for checkpoints and error rows: the line (JSONL) or the item index (whole JSON). */
  position: number;
}

export class ArchiveFormatError extends UserError {
  override name = 'ArchiveFormatError';
}

function openText(file: string): NodeJS.ReadableStream {
  if (!fs.existsSync(file)) throw new UserError(`no such file: ${file}`);
  const stream = fs.createReadStream(file);
  return file.endsWith('.gz') ? stream.pipe(createGunzip()) : stream;
}

function itemsOf(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)) return (value as { items: unknown[] }).items;
  return null;
}

/**
 * Yields every item after `skipUntil` (a position already imported). A line that is not JSON is
 * yielded as its text so the caller records it as an item error and goes on.
 */
export async function* readArchive(file: string, skipUntil = 0): AsyncGenerator<ArchiveItem> {
  const lines = readline.createInterface({ input: openText(file), crlfDelay: Infinity });
  let lineNumber = 0;
  let isWholeJson = false;
  let wholeText = '';
  let position = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (isWholeJson) {
        wholeText += `\n${line}`;
        continue;
      }
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        if (position === 0) {
          // The first value does not fit on its line: a pretty-printed array or page, read whole below.
          isWholeJson = true;
          wholeText = line;
          continue;
        }
        position++;
        if (position > skipUntil) yield { raw: line, position };
        continue;
      }
      const pageItems = Array.isArray(parsed) || (parsed && typeof parsed === 'object' && 'items' in parsed) ? itemsOf(parsed) : null;
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
  } finally {
    lines.close();
  }
  if (isWholeJson) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(wholeText);
    } catch (error) {
      throw new ArchiveFormatError(`${file}: neither JSON lines nor one JSON document (${(error as Error).message})`);
    }
    const items = itemsOf(parsed);
    if (!items) throw new ArchiveFormatError(`${file}: expected an array of models or an API page with "items"`);
    for (let index = 0; index < items.length; index++) {
      if (index + 1 > skipUntil) yield { raw: items[index], position: index + 1 };
    }
  }
}
