// The CLI and the console answer the same triage query with the same rows, in the same order; and the
// real `dfwatch serve` refuses a public address without a token.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from '../../src/serve/server.js';
import { runCli } from '../helpers/cli.js';
import { buildTriageStore } from '../triage/fixture.js';

const TOKEN = 'parity-console-token-0123456789';
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-serve-parity-'));
const dbPath = path.join(directory, 'dfwatch.db');
let running: RunningConsole;

beforeAll(async () => {
  buildTriageStore(dbPath).close();
  running = await startConsole({ dbPath, host: '127.0.0.1', port: 0, token: TOKEN, defaultReviewer: 'ana' });
});
afterAll(async () => {
  await running?.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

const QUERIES: Record<string, string>[] = [
  {},
  { flag: 'ncii', sort: 'growth' },
  { flag: 'any', sort: 'newest', limit: '3' },
  { flag: 'any', limit: '2', page: '2' },
  { gender: 'female', base: 'SDXL', sort: 'score' },
  { status: 'unreviewed', platform: 'civitai' },
  { target: 'jane', grown: '50' },
  { since: '2026-01-15', creator: 'alice' },
];

const cliFlag = (key: string) => `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

describe('CLI and console', () => {
  it.each(QUERIES.map((query) => [JSON.stringify(query), query] as const))('return the same rows for %s', async (_label, query) => {
    const cli = await runCli(['--db', dbPath, 'triage', '--json', ...Object.entries(query).flatMap(([key, value]) => [cliFlag(key), value])]);
    expect(cli.code).toBe(0);
    const cliRows = JSON.parse(cli.stdout) as { ref: string }[];
    expect(cliRows.length).toBeGreaterThan(0);

    const search = new URLSearchParams(query).toString();
    const headers = { authorization: `Bearer ${TOKEN}` };
    const apiRows = (await (await fetch(`${running.url}/api/triage?${search}`, { headers })).json()) as { ref: string }[];
    const html = await (await fetch(`${running.url}/?${search}`, { headers })).text();
    const htmlRefs = [...html.matchAll(/<tr data-ref="([^"]+)"/g)].map((match) => match[1]!.replace(/&#39;/g, "'").replace(/&amp;/g, '&'));

    expect(apiRows).toEqual(cliRows);
    expect(htmlRefs).toEqual(cliRows.map((row) => row.ref));
  });
});

describe('dfwatch serve', () => {
  it('refuses --host 0.0.0.0 without a token, with one line and a non-zero exit', async () => {
    const result = await runCli(['--db', dbPath, 'serve', '--host', '0.0.0.0', '--port', '0'], { DFWATCH_TOKEN: '' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'dfwatch: refusing to listen on 0.0.0.0 without a token: set $DFWATCH_TOKEN, or pass --token-file (or name another variable with --token-env)',
    ]);
  });
});
