// The real 2023 Civitai records in ../shared (present on developer machines and in CI).
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

export const REAL_RECORDS_PATH = path.resolve(fileURLToPath(new URL('../../../shared/civitai-2023-dev.jsonl.gz', import.meta.url)));
export const hasRealRecords = fs.existsSync(REAL_RECORDS_PATH);

let cached: Record<string, unknown>[] | null = null;

export function loadRealRecords(): Record<string, unknown>[] {
  cached ??= gunzipSync(fs.readFileSync(REAL_RECORDS_PATH))
    .toString('utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return cached;
}
