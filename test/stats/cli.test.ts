// dfwatch stats and report through the real command line, on a database file.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openStore } from '../../src/db/open.js';
import { buildChangingWorld } from './changing-world.js';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-analysis-cli-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));
const dbPath = path.join(directory, 'world.db');
const bin = path.resolve('bin/dfwatch.js');

describe('dfwatch stats and report', () => {
  const memory = buildChangingWorld();
  memory.sqlite.exec(`VACUUM INTO '${dbPath.replace(/'/g, "''")}'`);
  memory.close();
  openStore({ path: dbPath }).close();

  test('stats --json prints the statistics on stdout', () => {
    const stats = JSON.parse(execFileSync('node', [bin, '--db', dbPath, 'stats', '--json', '--platform', 'civitai'], { encoding: 'utf8' }));
    expect(stats.overview.find((row: { scope: string }) => row.scope === 'civitai').models).toBe(5);
    expect(stats.filters.platform).toBe('civitai');
  });

  test('stats prints readable tables', () => {
    const text = execFileSync('node', [bin, '--db', dbPath, 'stats', '--since', '2025-03-01'], { encoding: 'utf8' });
    expect(text).toMatch(/Models crawled/);
    expect(text).toMatch(/Downloads gained/);
  });

  test('report --redact without a secret is a one-line user error (exit 2)', () => {
    const env = { ...process.env, DFWATCH_REDACT_KEY: '' };
    const result = spawnSync('node', [bin, '--db', dbPath, 'report', '--out', path.join(directory, 'out'), '--redact'], { encoding: 'utf8', env });
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/DFWATCH_REDACT_KEY/);
  });

  test('report --redact writes pseudonymised files', () => {
    const out = path.join(directory, 'public');
    const env = { ...process.env, MY_SECRET: 'a-long-enough-test-secret' };
    execFileSync('node', [bin, '--db', dbPath, 'report', '--out', out, '--redact', '--redact-key-env', 'MY_SECRET'], { encoding: 'utf8', env });
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/target-[0-9a-f]{12}/);
    expect(html).not.toMatch(/Jane Roe/);
  });

  test('stats --gold corrects the classifier counts for the gold set\'s precision and recall', () => {
    // synthetic-hf.jsonl carries its models inline, so it scores without them being in the database.
    const stats = JSON.parse(execFileSync('node', [bin, '--db', dbPath, 'stats', '--json', '--gold', 'data/gold/synthetic-hf.jsonl'], { encoding: 'utf8' }));
    expect(stats.keyFindings.correction.goldSet).toBe('data/gold/synthetic-hf.jsonl');
    expect(stats.keyFindings.correction.classifierVersion).toMatch(/^1\.0\.0\+/);
    const people = stats.keyFindings.findings.find((row: { id: string }) => row.id === 'personTargeting');
    expect(people.corrected.observed).toBe(people.value);
    expect(people.corrected.low).toBeLessThanOrEqual(people.corrected.estimate);
    expect(people.corrected.high).toBeGreaterThanOrEqual(people.corrected.estimate);
    const missing = spawnSync('node', [bin, '--db', dbPath, 'stats', '--gold', path.join(directory, 'nope.jsonl')], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('an unparseable --since is a user error', () => {
    const result = spawnSync('node', [bin, '--db', dbPath, 'stats', '--since', 'yesterday-ish'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
  });
});
