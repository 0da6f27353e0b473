// Records the digests test/golden.test.ts compares against (see test/helpers/golden.ts): run after
// a deliberate change of the classifier's rules or of the export, and say why in the commit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GOLDEN_PATH, goldenDigests } from '../test/helpers/golden.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-golden-'));
try {
  const digests = await goldenDigests(dir);
  fs.writeFileSync(GOLDEN_PATH, JSON.stringify(digests, null, 2) + '\n');
  process.stdout.write(`${GOLDEN_PATH}: ${digests.models} models\n`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
