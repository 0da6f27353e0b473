// Signal lists for teams that share them: model and file page URLs in the Hasher-Matcher-Actioner
// (HMA, facebook/ThreatExchange) signal file format, and the SHA256 of the flagged models' files and
// flagged archive files.
//
// HMA's local file exchange (python-threatexchange, exchanges/impl/file_api.py) reads one signal per
// line as `<signal type> <value>`, split at the first space; the URL signal type is named `url`.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Store } from '../db/open.js';
import { sha256OfFlagged } from '../db/takedown.js';

/** URL characters that would end the value or the line in a signal file. */
const BREAKS_LINE = /[\s\u0000-\u001f\u007f]/g;

/** `url <value>` lines, one per model page, each URL once, in the order given. */
export function* hmaUrlLines(models: Iterable<{ url: string }>): Generator<string> {
  const seen = new Set<string>();
  for (const { url } of models) {
    // Model URLs are built by dfwatch from platform ids; percent-encoding keeps a stray space from
    // splitting a signal in two.
    const value = url.replace(BREAKS_LINE, (character) => encodeURIComponent(character));
    if (value === '' || seen.has(value)) continue;
    seen.add(value);
    yield `url ${value}\n`;
  }
}

/**
 * The distinct SHA256 of the given models' files and archive files, lower-case hex, one per line
 * (the form `sha256sum` prints). AutoV2 prefixes are left out: they are not SHA256 signals. Sorted,
 * so two exports of the same set compare equal.
 */
export function* sha256Lines(store: Store, modelIds: readonly number[], variantIds: readonly number[] = []): Generator<string> {
  for (const sha256 of sha256OfFlagged(store, { modelIds, variantIds })) yield `${sha256}\n`;
}

/** Writes signal lines honouring back-pressure; returns how many. */
export async function writeLines(lines: Iterable<string>, out: Writable): Promise<number> {
  let count = 0;
  for (const line of lines) {
    if (!out.write(line)) await once(out, 'drain');
    count++;
  }
  return count;
}
