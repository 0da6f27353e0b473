import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { importCivitai } from '../../src/crawlers/import-civitai.js';
import { readArchive } from '../../src/crawlers/archive.js';
import { openStore, type Store } from '../../src/db/open.js';
import { silentLogger } from '../../src/log.js';
import { civitaiItem, civitaiItems } from '../helpers/civitai-items.js';
import { tempDir } from '../helpers/temp.js';
import { runCliInProcess } from '../helpers/cli.js';

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function store(dir: string): Store {
  const opened = openStore({ path: path.join(dir, 'import.db') });
  stores.push(opened);
  return opened;
}

async function collect(file: string, skipUntil = 0) {
  const out = [];
  for await (const item of readArchive(file, { skipUntil })) out.push(item);
  return out;
}

describe('archive formats', () => {
  it('reads JSONL, gzipped JSONL, a JSON array, an API page and pretty-printed JSON alike', async () => {
    const dir = tempDir();
    const items = civitaiItems(3);
    const files = {
      jsonl: items.map((item) => JSON.stringify(item)).join('\n'),
      array: JSON.stringify(items),
      page: JSON.stringify({ items, metadata: { nextCursor: '9' } }),
      pretty: JSON.stringify(items, null, 2),
      pages: [JSON.stringify({ items: items.slice(0, 2) }), JSON.stringify({ items: items.slice(2) })].join('\n'),
    };
    for (const [name, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(dir, `${name}.json`), text);
      const read = await collect(path.join(dir, `${name}.json`));
      expect(read.map((item) => (item.raw as { id: number }).id), name).toEqual([1, 2, 3]);
    }
    fs.writeFileSync(path.join(dir, 'x.jsonl.gz'), gzipSync(files.jsonl));
    expect(await collect(path.join(dir, 'x.jsonl.gz'))).toHaveLength(3);
  });

  it('resumes after a position', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'a.jsonl'), civitaiItems(5).map((item) => JSON.stringify(item)).join('\n'));
    expect((await collect(path.join(dir, 'a.jsonl'), 3)).map((item) => item.position)).toEqual([4, 5]);
  });

  it('hands a broken line over as text instead of stopping', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'b.jsonl'), [JSON.stringify(civitaiItem({ id: 1 })), '{"id": 2, "name": "cut', JSON.stringify(civitaiItem({ id: 3 }))].join('\n'));
    const read = await collect(path.join(dir, 'b.jsonl'));
    expect(read).toHaveLength(3);
    expect(read[1]).toMatchObject({ position: 2, problem: expect.stringMatching(/^line 2: not JSON/), text: '{"id": 2, "name": "cut' });
  });

  it('reads on past a broken first line (JSON lines, not a document to read whole)', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'c.jsonl'), ['{"id": 1, "na', ...civitaiItems(3).map((item) => JSON.stringify(item))].join('\n'));
    const read = await collect(path.join(dir, 'c.jsonl'));
    expect(read.map((item) => item.problem === undefined)).toEqual([false, true, true, true]);
  });

  it('skips a line over the size cap without keeping it', async () => {
    const dir = tempDir();
    const huge = JSON.stringify({ ...civitaiItem({ id: 2 }), description: 'x'.repeat(5000) });
    fs.writeFileSync(path.join(dir, 'd.jsonl'), [JSON.stringify(civitaiItem({ id: 1 })), huge, JSON.stringify(civitaiItem({ id: 3 }))].join('\n'));
    const read = [];
    for await (const item of readArchive(path.join(dir, 'd.jsonl'), { maxItemBytes: 4000 })) read.push(item);
    expect(read.map((item) => item.position)).toEqual([1, 2, 3]);
    expect(read[1]).toMatchObject({ raw: undefined, problem: expect.stringMatching(/^line 2: [\d,]+ bytes, over the 4,000-byte cap; skipped$/) });
    expect((read[2]?.raw as { id: number }).id).toBe(3);
  });

  it('streams a pretty-printed API page item by item, whatever comes before "items"', async () => {
    const dir = tempDir();
    const items = civitaiItems(4);
    const page = { metadata: { nextCursor: '9', note: 'an "items" lookalike: [1, {2}]' }, items, tail: [{ items: [] }] };
    fs.writeFileSync(path.join(dir, 'p.json'), JSON.stringify(page, null, 2));
    const read = await collect(path.join(dir, 'p.json'));
    expect(read.map((item) => (item.raw as { id: number }).id)).toEqual([1, 2, 3, 4]);
    expect((await collect(path.join(dir, 'p.json'), 2)).map((item) => item.position)).toEqual([3, 4]);
  });

  it('keeps the items before the point where a pretty-printed document is cut off, then says so', async () => {
    const dir = tempDir();
    const text = JSON.stringify(civitaiItems(3), null, 2);
    fs.writeFileSync(path.join(dir, 'cut.json'), text.slice(0, text.lastIndexOf('"id"')));
    const read: unknown[] = [];
    await expect(async () => {
      for await (const item of readArchive(path.join(dir, 'cut.json'))) read.push(item);
    }).rejects.toThrow(/cut\.json: the document ends early \(truncated\); the 2 items before it were imported/);
    expect(read).toHaveLength(2);
  });

  it('refuses a directory with one line', async () => {
    await expect(collect(tempDir())).rejects.toThrow(/is a directory; name the archive files inside it/);
  });
});

describe('import civitai', () => {
  it('stores each item once, dated as of the archive, with bad lines as item errors', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'dump.jsonl');
    const lines = civitaiItems(20).map((item) => JSON.stringify(item));
    lines.splice(5, 0, 'not json at all', JSON.stringify({ id: 999, name: 1 }));
    lines.push(JSON.stringify(civitaiItem({ id: 3 })));
    fs.writeFileSync(file, lines.join('\n'));
    const target = store(dir);
    const summary = await importCivitai({ store: target, logger: silentLogger, files: [file], asOf: '2023-07-15T00:00:00.000Z', fresh: false, batchSize: 4 });
    expect(summary.items).toBe(20);
    expect(summary.itemErrors).toBe(2);
    const dates = target.sqlite.prepare('SELECT DISTINCT taken_at AS at FROM snapshots').all();
    expect(dates).toEqual([{ at: '2023-07-15T00:00:00.000Z' }]);
  });

  it('resumes an interrupted import without counting anything twice', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'dump.jsonl');
    fs.writeFileSync(file, civitaiItems(30).map((item) => JSON.stringify(item)).join('\n'));
    const target = store(dir);
    const asOf = '2023-07-15T00:00:00.000Z';
    await importCivitai({ store: target, logger: silentLogger, files: [file], asOf, fresh: false, batchSize: 10 });
    // Pretend the process died after the first batch: roll the checkpoint back and reopen the run.
    target.sqlite.prepare("UPDATE crawl_units SET cursor = '10', is_done = 0").run();
    target.sqlite.prepare("UPDATE crawl_runs SET status = 'running'").run();
    const again = await importCivitai({ store: target, logger: silentLogger, files: [file], asOf, fresh: false, batchSize: 10 });
    expect(again.id).toBe(1);
    expect(again.items).toBe(30);
    expect((target.sqlite.prepare('SELECT count(*) AS n FROM snapshots').get() as { n: number }).n).toBe(30);
  });

  it('does not roll a model back when an older archive is imported after a newer crawl', async () => {
    const dir = tempDir();
    const target = store(dir);
    const newer = path.join(dir, 'new.jsonl');
    const older = path.join(dir, 'old.jsonl');
    fs.writeFileSync(newer, JSON.stringify(civitaiItem({ id: 1, name: 'Renamed', downloads: 50 })));
    fs.writeFileSync(older, JSON.stringify(civitaiItem({ id: 1, name: 'Original', downloads: 10 })));
    await importCivitai({ store: target, logger: silentLogger, files: [newer], asOf: '2025-01-01T00:00:00.000Z', fresh: false });
    await importCivitai({ store: target, logger: silentLogger, files: [older], asOf: '2023-01-01T00:00:00.000Z', fresh: false });
    expect(target.sqlite.prepare('SELECT name, downloads FROM models').get()).toEqual({ name: 'Renamed', downloads: 50 });
    expect((target.sqlite.prepare('SELECT count(*) AS n FROM snapshots').get() as { n: number }).n).toBe(2);
  });

  it('keeps what a truncated gzip held before the damage and stops with one line', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'cut.jsonl.gz');
    const whole = gzipSync(civitaiItems(400).map((item) => JSON.stringify(item)).join('\n'));
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const target = store(dir);
    await expect(importCivitai({ store: target, logger: silentLogger, files: [file], asOf: '2023-07-15T00:00:00.000Z', fresh: false, batchSize: 50 })).rejects.toThrow(
      /cut\.jsonl\.gz: the gzip stream is truncated or corrupt \(unexpected end of file\) after line \d+; everything before it was imported/,
    );
    const models = (target.sqlite.prepare('SELECT count(*) AS n FROM models').get() as { n: number }).n;
    expect(models).toBeGreaterThan(100);
    expect(models).toBeLessThan(400);
  });

  it('refuses to write into a database that fails PRAGMA quick_check', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'dump.jsonl');
    fs.writeFileSync(file, civitaiItems(5).map((item) => JSON.stringify(item)).join('\n'));
    const dbPath = path.join(dir, 'damaged.db');
    const first = openStore({ path: dbPath });
    await importCivitai({ store: first, logger: silentLogger, files: [file], asOf: '2023-07-15T00:00:00.000Z', fresh: false });
    const { rootpage } = first.sqlite.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'models_downloads'").get() as { rootpage: number };
    const pageSize = first.sqlite.pragma('page_size', { simple: true }) as number;
    first.close();
    // Scribble over one index page: the tables still read, only an integrity check sees the damage.
    const fd = fs.openSync(dbPath, 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (rootpage - 1) * pageSize + 8);
    fs.closeSync(fd);
    const damaged = openStore({ path: dbPath });
    stores.push(damaged);
    const runsBefore = damaged.sqlite.prepare('SELECT count(*) AS n FROM crawl_runs').get();
    await expect(importCivitai({ store: damaged, logger: silentLogger, files: [file], asOf: '2024-01-01T00:00:00.000Z', fresh: false })).rejects.toThrow(
      /damaged\.db is corrupt \(PRAGMA quick_check failed: .+\); nothing was imported$/,
    );
    expect(damaged.sqlite.prepare('SELECT count(*) AS n FROM crawl_runs').get()).toEqual(runsBefore);
  });

  it('gives a one-line error for a missing file or a missing --as-of', async () => {
    const dir = tempDir();
    const missing = await runCliInProcess(['--db', path.join(dir, 'x.db'), 'import', 'civitai', path.join(dir, 'nope.jsonl'), '--as-of', '2023-07-01']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toMatch(/^dfwatch: no such file: .*nope\.jsonl$/);
    const noDate = await runCliInProcess(['--db', path.join(dir, 'x.db'), 'import', 'civitai', 'x.jsonl']);
    expect(noDate.code).toBe(2);
    expect(noDate.stderr).toMatch(/--as-of/);
  });
});
