import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { takedownRows } from '../../src/triage/takedown.js';
import { runCliInProcess } from '../helpers/cli.js';
import { SHARED_SHA, buildTriageStore } from './fixture.js';

describe('takedownRows', () => {
  const store = buildTriageStore();
  afterAll(() => store.close());

  it('lists person-targeting models with URLs, hashes, evidence and first-seen date, most downloaded first', () => {
    const rows = [...takedownRows(store)];
    expect(rows.map((row) => `${row.platform}:${row.platformId}`)).toEqual(['civitai:1', 'civitai:5', 'huggingface:bob/jane-flux', 'civitai:3', 'civitai:4']);
    expect(rows.map((row) => [row.downloadsLifetime, row.downloads30d])).toEqual([[1500, null], [700, null], [400, 80], [200, null], [10, null]]);
    expect(rows[0]).toMatchObject({
      url: 'https://civitai.com/models/1',
      fileHashes: SHARED_SHA,
      evidence: 'person.name "Jane Doe" (name); sexual.tag "nsfw" (tags)',
      firstSeenAt: '2026-01-01T00:00:00.000Z',
      status: 'escalated',
      reviewedAt: '2026-02-04T00:00:00.000Z',
      reviewer: 'ana',
      reviewNote: null,
      ncii: true,
      classifierVersion: '1.0.0',
    });
  });

  it('filters by the latest review decision', () => {
    expect([...takedownRows(store, { status: 'escalated' })].map((row) => row.platformId)).toEqual(['1']);
    expect([...takedownRows(store, { status: 'confirmed' })]).toEqual([]);
    expect([...takedownRows(store, { status: 'unreviewed' })].map((row) => row.platformId)).toEqual(['5', 'bob/jane-flux', '4']);
  });

  it('carries the latest review note and reviewer', () => {
    const [row] = takedownRows(store, { status: 'false_positive' });
    expect(row).toMatchObject({ platformId: '3', reviewer: 'ana', reviewNote: 'different person' });
  });
});

describe('dfwatch export --flagged', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-takedown-'));
  const dbPath = path.join(directory, 'dfwatch.db');
  buildTriageStore(dbPath).close();
  afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('writes takedown rows as CSV, with the status filter', async () => {
    const result = await runCliInProcess(['--db', dbPath, 'export', '--flagged', '--status', 'false_positive', '--format', 'csv']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      'platform,platformId,name,url,filePath,creator,targetName,targetGender,fame,ncii,downloadsLifetime,downloads30d,fileHashes,evidence,firstSeenAt,createdAt,removedAt,status,reviewedAt,reviewer,reviewNote,classifierVersion',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^civitai,3,John Smith,https:\/\/civitai\.com\/models\/3,,alice,John Smith,male,celebrity,false,200,,/);
    expect(lines[1]).toMatch(/,false_positive,2026-02-03T00:00:00.000Z,ana,different person,1.0.0$/);
  });

  it('writes the flagged model pages as an HMA URL signal file', async () => {
    const result = await runCliInProcess(['--db', dbPath, 'export', '--flagged', '--format', 'hma-url']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'url https://civitai.com/models/1',
        'url https://civitai.com/models/5',
        'url https://huggingface.co/bob/jane-flux',
        'url https://civitai.com/models/3',
        'url https://civitai.com/models/4',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toContain('exported 5 URL signals');
  });

  it('writes the distinct SHA256 of the flagged files, lower case, one per line', async () => {
    const result = await runCliInProcess(['--db', dbPath, 'export', '--flagged', '--status', 'unreviewed', '--format', 'sha256']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    // civitai:5 shares its file with civitai:1; unreviewed are 5, bob/jane-flux and 4.
    expect(lines).toEqual([SHARED_SHA.toLowerCase(), '4'.padEnd(64, 'c'), 'bobjaneflux'.padEnd(64, 'c')].sort());
  });

  it('refuses the signal formats without --flagged', async () => {
    const result = await runCliInProcess(['--db', dbPath, 'export', '--format', 'sha256']);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBe(70);
    expect(result.stderr.trim()).toBe('dfwatch: --format sha256 only applies with --flagged');
  });
});
