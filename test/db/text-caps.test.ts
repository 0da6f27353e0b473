import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { importCivitai } from '../../src/crawlers/import-civitai.js';
import { openStore, type Store } from '../../src/db/open.js';
import { capText, TEXT_CAPS } from '../../src/db/text-caps.js';
import { stripControls } from '../../src/display-text.js';
import { exportRecords, writeRecords } from '../../src/export/export.js';
import { csvCell, escapeHtml, escapeMarkdown } from '../../src/report/format.js';
import { terminalSafe } from '../../src/commands/terminal-text.js';
import { silentLogger } from '../../src/log.js';
import { civitaiItem } from '../helpers/civitai-items.js';
import { tempDir } from '../helpers/temp.js';
import fs from 'node:fs';

const stores: Store[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

const HOSTILE = 'Nice\u001b[2J\u001b]0;pwned\u0007 model \u202egpj.exe\u202c\u2066x\u2069\u0085!';

async function importItems(items: object[]): Promise<Store> {
  const dir = tempDir();
  const file = path.join(dir, 'dump.jsonl');
  fs.writeFileSync(file, items.map((item) => JSON.stringify(item)).join('\n'));
  const store = openStore({ path: path.join(dir, 'caps.db') });
  stores.push(store);
  await importCivitai({ store, logger: silentLogger, files: [file], asOf: '2025-01-01T00:00:00.000Z', fresh: false });
  return store;
}

describe('stored text is capped', () => {
  it('cuts a field at its cap and says where', () => {
    const cut = capText('x'.repeat(5000), 1000);
    expect(cut).toHaveLength(1000);
    expect(cut.endsWith(' [… truncated by dfwatch: 5,000 characters]')).toBe(true);
    expect(capText('short', 1000)).toBe('short');
  });

  it('stores a huge description and name within their caps, and every other model whole', async () => {
    const huge = { ...civitaiItem({ id: 1 }), name: 'N'.repeat(2_000_000), description: 'd'.repeat(5_000_000) };
    const store = await importItems([huge, civitaiItem({ id: 2, name: 'Plain' })]);
    const rows = store.sqlite.prepare('SELECT platform_id AS id, length(name) AS name, length(description) AS description FROM models ORDER BY id').all();
    expect(rows).toEqual([
      { id: '1', name: TEXT_CAPS.name, description: TEXT_CAPS.description },
      { id: '2', name: 5, description: expect.any(Number) },
    ]);
    const stored = store.sqlite.prepare("SELECT name FROM models WHERE platform_id = '1'").pluck().get() as string;
    expect(stored).toMatch(/ \[… truncated by dfwatch: 2,000,000 characters\]$/);
  });
});

describe('control and bidi characters never reach an output', () => {
  const visible = 'Nice[2J]0;pwned model gpj.exex!';

  it('are stripped for every renderer', () => {
    expect(stripControls(HOSTILE)).toBe(visible);
    expect(terminalSafe(`${HOSTILE}\nline two`)).toBe(`${visible} line two`);
    expect(csvCell(HOSTILE)).toBe(visible);
    expect(escapeHtml(HOSTILE)).toBe(visible);
    expect(escapeMarkdown(HOSTILE)).toBe('Nice\\[2J\\]0;pwned model gpj.exex!');
  });

  it('are stripped from exports in both formats, though the store keeps the text as crawled', async () => {
    const store = await importItems([{ ...civitaiItem({ id: 7 }), name: HOSTILE, tags: [`tag\u202e`] }]);
    expect(store.sqlite.prepare('SELECT name FROM models').pluck().get()).toBe(HOSTILE);
    for (const format of ['jsonl', 'csv'] as const) {
      const out = new PassThrough();
      let text = '';
      out.on('data', (chunk: Buffer) => (text += chunk.toString()));
      await writeRecords({ format, columns: ['name', 'tags'], records: exportRecords(store), out });
      expect(text, format).toContain(visible);
      expect(text, format).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(text, format).not.toContain('\\u001b');
    }
  });
});
