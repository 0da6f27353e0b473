// Integration with the 4,422 real Civitai records of July 2023 in ../shared (skipped where absent).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crawlCivitai } from '../../src/crawlers/crawl-civitai.js';
import { importCivitai } from '../../src/crawlers/import-civitai.js';
import { HttpClient } from '../../src/crawlers/http.js';
import { openStore, type Store } from '../../src/db/open.js';
import { silentLogger } from '../../src/log.js';
import { arraySource, startFakeCivitai, type FakeCivitaiServer } from '../../src/replay/civitai-server.js';
import { hasRealRecords, loadRealRecords, REAL_RECORDS_PATH } from '../helpers/real-records.js';
import { tempDir } from '../helpers/temp.js';

describe.runIf(hasRealRecords)('the real 2023 Civitai records', () => {
  let server: FakeCivitaiServer;
  let records: Record<string, unknown>[];

  beforeAll(async () => {
    records = loadRealRecords();
    server = await startFakeCivitai({
      source: arraySource(records),
      // Every way the edge and the API misbehave, once each; short pages come from the types not asked for.
      faults: {
        duplicateAcrossPages: true,
        onPage: {
          2: { kind: 'rate-limit', retryAfterSeconds: 1 },
          5: { kind: 'rate-limit' },
          10: { kind: 'truncate' },
          12: { kind: 'truncate-json' },
          15: { kind: 'reset' },
          20: { kind: 'server-error', status: 502 },
          25: { kind: 'challenge', status: 403 },
          28: { kind: 'challenge', status: 503 },
          30: { kind: 'html' },
        },
      },
    });
  });
  afterAll(() => server.close());

  function expected(): Map<string, number> {
    return new Map(records.map((record) => [String(record.id), (record.stats as { downloadCount: number }).downloadCount]));
  }

  function stored(store: Store): Map<string, number> {
    const rows = store.sqlite.prepare('SELECT platform_id AS id, downloads FROM models').all() as { id: string; downloads: number }[];
    return new Map(rows.map((row) => [row.id, row.downloads]));
  }

  it('crawls all 4,422 through 429s, 502, challenge pages, resets, truncated bodies, short pages and duplicates: each stored once, with its download count', async () => {
    const store = openStore({ path: path.join(tempDir(), 'real.db') });
    const http = new HttpClient({ userAgent: 'test', concurrency: 2, rps: 0, retry: { baseDelayMs: 1, maxDelayMs: 5 } });
    try {
      const summary = await crawlCivitai({
        store,
        http,
        logger: silentLogger,
        baseUrl: server.url,
        listing: { types: ['LORA', 'Checkpoint'], sort: 'Oldest', limit: 100 },
        fresh: false,
        verifyRemovals: true,
        recordedOptions: {},
      });
      expect(summary.items).toBe(4422);
      expect(summary.itemErrors).toBe(0);
      expect(stored(store)).toEqual(expected());
      const counts = store.sqlite
        .prepare('SELECT (SELECT count(*) FROM snapshots) AS snapshots, (SELECT sum(poi) FROM models) AS poi, (SELECT count(*) FROM files) AS files')
        .get() as { snapshots: number; poi: number; files: number };
      const poi = records.filter((record) => record.poi === true).length;
      const files = records.reduce((sum, record) => sum + (record.modelVersions as { files: unknown[] }[]).reduce((inner, version) => inner + version.files.length, 0), 0);
      expect(counts).toEqual({ snapshots: 4422, poi, files });
      expect(server.stats.faults).toEqual({ 'rate-limit': 2, truncate: 1, 'truncate-json': 1, reset: 1, 'server-error': 1, challenge: 2, html: 1 });
      expect(summary.retries).toBe(9);
      expect(summary.status).toBe('done');
    } finally {
      await http.close();
      store.close();
    }
  });

  it('imports the same file as an archive with the same result', async () => {
    const store = openStore({ path: path.join(tempDir(), 'import.db') });
    try {
      const summary = await importCivitai({ store, logger: silentLogger, files: [REAL_RECORDS_PATH], asOf: '2023-07-15T00:00:00.000Z', fresh: false });
      expect(summary.items).toBe(4422);
      expect(stored(store)).toEqual(expected());
    } finally {
      store.close();
    }
  });
});
