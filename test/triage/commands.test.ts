// `dfwatch triage` and `dfwatch review` as a user runs them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open.js';
import { runCli } from '../helpers/cli.js';
import { buildTriageStore } from './fixture.js';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-triage-cli-'));
const dbPath = path.join(directory, 'dfwatch.db');
buildTriageStore(dbPath).close();
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

describe('dfwatch triage', () => {
  it('prints lifetime and 30-day downloads in their own columns, words for labels, and the total', async () => {
    const result = await runCli(['--db', dbPath, 'triage', '--limit', '3', '--page', '1']);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^MODEL\s+NAME\s+LIFETIME DL\s+GROWTH\s+30-DAY DL\s+FLAGS\s+STATUS\s+EVIDENCE\s+URL$/);
    expect(rows[0]).toMatch(/^civitai:1\s+Jane Doe LoRA\s+1,500\s+\+500\s+NCII\s+Escalated\s/);
    expect(rows[2]).toMatch(/^huggingface:bob\/jane-flux\s+jane-flux\s+400\s+\+100\s+80\s+NCII\s+Unreviewed\s/);
    expect(result.stderr).toBe('1–3 of 5 (--page 2 for more)\n');
  });

  it('lists only flagged models with --flag any', async () => {
    const store = openStore({ path: dbPath });
    store.sqlite.exec(`UPDATE classifications SET sexual = 0 WHERE model_id = (SELECT id FROM models WHERE platform_id = '2')`);
    store.close();
    const result = await runCli(['--db', dbPath, 'triage', '--flag', 'any', '--json']);
    expect((JSON.parse(result.stdout) as { ref: string }[]).map((row) => row.ref)).not.toContain('civitai:2');
  });
});

describe('dfwatch review', () => {
  const statuses = () => {
    const store = openStore({ path: dbPath, readonly: true });
    try {
      return store.sqlite
        .prepare(`SELECT m.platform_id AS id, r.decision, r.note FROM reviews r JOIN models m ON m.id = r.model_id WHERE r.reviewer = 'cy' ORDER BY r.id`)
        .all();
    } finally {
      store.close();
    }
  };

  it('records one decision and note for several models', async () => {
    const result = await runCli(['--db', dbPath, 'review', 'civitai:4', 'civitai:5', '--decision', 'confirmed', '--note', 'same face', '--reviewer', 'cy']);
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(2);
    expect(statuses()).toEqual([
      { id: '4', decision: 'confirmed', note: 'same face' },
      { id: '5', decision: 'confirmed', note: 'same face' },
    ]);
  });

  it('records none when one model is unknown', async () => {
    const result = await runCli(['--db', dbPath, 'review', 'civitai:4', 'civitai:999', '--decision', 'reported', '--reviewer', 'cy']);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBe(70);
    expect(result.stderr.trim()).toBe('dfwatch: no model civitai:999 in the database');
    expect(statuses()).toHaveLength(2);
  });

  it('sets a model back to unreviewed', async () => {
    const result = await runCli(['--db', dbPath, 'review', 'civitai:4', '--decision', 'unreviewed', '--reviewer', 'cy']);
    expect(result.code).toBe(0);
    const queue = await runCli(['--db', dbPath, 'triage', '--status', 'unreviewed', '--json']);
    expect((JSON.parse(queue.stdout) as { ref: string }[]).map((row) => row.ref)).toContain('civitai:4');
  });
});
