// Digests of what dfwatch produces from the real 2023 Civitai records: every classifier decision and
// the whole export, with the classifier version left out. A change of structure must leave them as
// they are; a change of the rules changes them on purpose, and then `node bin/run-ts.js
// scripts/refresh-golden.ts` records the new digests (say why in the commit).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { importCivitai } from '../../src/crawlers/import-civitai.js';
import { openStore } from '../../src/db/open.js';
import { getClassifier } from '../../src/classify/index.js';
import { runClassify } from '../../src/classify/run.js';
import { exportRecords, writeRecords, EXPORT_COLUMNS } from '../../src/export/export.js';
import { silentLogger } from '../../src/log.js';
import { REAL_RECORDS_PATH } from './real-records.js';

export const GOLDEN_PATH = path.resolve(import.meta.dirname, '../golden/dev-records.json');

export interface GoldenDigests {
  models: number;
  decisions: string;
  export: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function goldenDigests(dir: string): Promise<GoldenDigests> {
  const store = openStore({ path: path.join(dir, 'golden.db') });
  try {
    await importCivitai({ store, logger: silentLogger, files: [REAL_RECORDS_PATH], asOf: '2023-07-15T00:00:00.000Z', fresh: false });
    runClassify(store, { classifier: getClassifier(), all: true, now: () => new Date('2023-07-16T00:00:00.000Z') });
    const decisions = store.sqlite
      .prepare(
        `SELECT m.platform, m.platform_id, c.person_score, c.person_target, c.person_target_no_poi, c.target_name, c.target_gender,
                c.fame, c.sexual, c.ncii, c.ncii_level, c.ncii_signals, c.minor_signal, c.base_family, c.evidence
         FROM classifications c JOIN models m ON m.id = c.model_id ORDER BY m.platform, m.platform_id`,
      )
      .raw()
      .all();
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const columns = EXPORT_COLUMNS.filter((column) => column !== 'classifierVersion');
    const models = await writeRecords({ format: 'jsonl', columns, records: exportRecords(store), out });
    return { models, decisions: sha256(JSON.stringify(decisions)), export: sha256(Buffer.concat(chunks).toString('utf8')) };
  } finally {
    store.close();
  }
}
