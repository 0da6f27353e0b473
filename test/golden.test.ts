// Restructuring must not change what dfwatch finds: the decisions and the export of the real 2023
// records are compared with recorded digests (test/helpers/golden.ts says how to refresh them).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_PATH, goldenDigests, type GoldenDigests } from './helpers/golden.js';
import { hasRealRecords } from './helpers/real-records.js';
import { tempDir } from './helpers/temp.js';

describe.skipIf(!hasRealRecords)('decisions and export of the real 2023 records', () => {
  it('are exactly the recorded ones, apart from the classifier version', async () => {
    const recorded = JSON.parse(fs.readFileSync(GOLDEN_PATH, 'utf8')) as GoldenDigests;
    expect(await goldenDigests(tempDir())).toEqual(recorded);
  }, 120_000);
});
