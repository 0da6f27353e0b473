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
    expect(rows.map((row) => `${row.platform}:${row.platformId}`)).toEqual(['civitai:1', 'civitai:5', 'civitai:3', 'huggingface:bob/jane-flux', 'civitai:4']);
    expect(rows[0]).toMatchObject({
      url: 'https://civitai.com/models/1',
      fileHashes: SHARED_SHA,
      evidence: 'person.name "Jane Doe" (name); sexual.tag "nsfw" (tags)',
      firstSeenAt: '2026-01-01T00:00:00.000Z',
      status: 'escalated',
      reviewedAt: '2026-02-04T00:00:00.000Z',
      reviewer: 'ana',
      ncii: true,
      classifierVersion: '1.0.0',
    });
  });

  it('filters by the latest review decision', () => {
    expect([...takedownRows(store, { status: 'escalated' })].map((row) => row.platformId)).toEqual(['1']);
    expect([...takedownRows(store, { status: 'confirmed' })]).toEqual([]);
    expect([...takedownRows(store, { status: 'unreviewed' })].map((row) => row.platformId)).toEqual(['5', 'bob/jane-flux', '4']);
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
    expect(lines[0]).toBe('platform,platformId,name,url,creator,targetName,targetGender,fame,ncii,downloads,fileHashes,evidence,firstSeenAt,createdAt,removedAt,status,reviewedAt,reviewer,classifierVersion');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^civitai,3,John Smith,https:\/\/civitai\.com\/models\/3,alice,John Smith,male,celebrity,false,200,/);
  });
});
