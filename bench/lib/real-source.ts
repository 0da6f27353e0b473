// The real 2023 Civitai records (../shared/civitai-2023-dev.jsonl.gz) as a replay-server source of
// any size: record i is record (i mod 4,422) under the new id i + 1, so pages carry real descriptions,
// versions, files and images (about 17 KB a model) however many models the bench asks for.
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { CivitaiSource } from '../../src/replay/civitai-server.js';
import { REPO_ROOT } from './child.js';

export const REAL_RECORDS_PATH = path.resolve(REPO_ROOT, '..', 'shared', 'civitai-2023-dev.jsonl.gz');

export function hasRealRecords(): boolean {
  return fs.existsSync(REAL_RECORDS_PATH);
}

export function realRecordsSource(count: number): CivitaiSource {
  const records = gunzipSync(fs.readFileSync(REAL_RECORDS_PATH))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const id = (index: number) => index + 1;
  return { size: () => count, id, item: (index) => ({ ...records[index % records.length], id: id(index) }) };
}
