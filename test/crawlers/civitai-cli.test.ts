// The `dfwatch crawl civitai` command as a user runs it: a child process against the replay server.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { arraySource, startFakeCivitai, type FakeCivitaiServer } from '../../src/replay/civitai-server.js';
import { civitaiItems } from '../helpers/civitai-items.js';
import { runCli, runCliInProcess, startCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const servers: FakeCivitaiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function fake(...args: Parameters<typeof startFakeCivitai>): Promise<FakeCivitaiServer> {
  const server = await startFakeCivitai(...args);
  servers.push(server);
  return server;
}

function query<T>(dbPath: string, sql: string): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

describe('dfwatch crawl civitai (child process)', () => {
  it('survives kill -9 mid-crawl and, rerun, finishes with every model once, re-fetching at most the page in flight', async () => {
    const server = await fake({ source: arraySource(civitaiItems(600)), latencyMs: 40 });
    const dbPath = path.join(tempDir(), 'kill.db');
    const args = ['--db', dbPath, 'crawl', 'civitai', '--base-url', server.url, '--rps', '0', '--limit', '20', '--log', 'json'];
    const { child, done } = startCli(args);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (server.stats.cursorsServed.length >= 8) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve();
        }
      }, 5);
    });
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    expect(fs.existsSync(`${dbPath}.lock`)).toBe(true);

    const rerun = await runCli(args);
    expect(rerun.code).toBe(0);
    const [totals] = query<{ models: number; snapshots: number; runs: number }>(
      dbPath,
      'SELECT (SELECT count(*) FROM models) AS models, (SELECT count(*) FROM snapshots) AS snapshots, (SELECT count(*) FROM crawl_runs) AS runs',
    );
    expect(totals).toEqual({ models: 600, snapshots: 600, runs: 1 });
    const servedTwice = [...server.stats.cursorsRequested.values()].filter((times) => times > 1).length;
    expect(servedTwice).toBeLessThanOrEqual(1);
    expect(server.stats.cursorsRequested.size).toBe(30);
  });

  it('never lets a token reach the logs, the database or the export', async () => {
    const canary = 'canary-7f3a9e-secret-token';
    const server = await fake({ source: arraySource(civitaiItems(30)), faults: { onPage: { 1: { kind: 'server-error', status: 500 } } } });
    const dir = tempDir();
    const dbPath = path.join(dir, 'token.db');
    const crawl = await runCliInProcess(['--db', dbPath, 'crawl', 'civitai', '--base-url', server.url, '--rps', '0', '--limit', '10', '--retry-base-delay', '1', '--log', 'json'], { CIVITAI_API_KEY: canary });
    expect(crawl.code).toBe(0);
    expect(server.stats.authorizationHeaders).toContain(`Bearer ${canary}`);
    const exported = await runCliInProcess(['--db', dbPath, 'export', '--format', 'jsonl'], { CIVITAI_API_KEY: canary });
    for (const text of [crawl.stdout, crawl.stderr, exported.stdout, exported.stderr]) expect(text).not.toContain(canary);
    for (const file of fs.readdirSync(dir)) expect(fs.readFileSync(path.join(dir, file)).includes(canary)).toBe(false);
    expect(exported.stdout.trim().split('\n')).toHaveLength(30);
  });

  it('exits 1 when items were malformed, after storing the rest', async () => {
    const items = civitaiItems(5);
    items[2] = { id: 3, name: null, type: 'LORA' };
    const server = await fake({ source: arraySource(items) });
    const dbPath = path.join(tempDir(), 'bad.db');
    const result = await runCliInProcess(['--db', dbPath, 'crawl', 'civitai', '--base-url', server.url, '--rps', '0', '--log', 'json']);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/4 models .* 1 item errors/);
  });

  it('refuses a second writer on the same database with its own exit code', async () => {
    const server = await fake({ source: arraySource(civitaiItems(2000)), latencyMs: 50 });
    const dbPath = path.join(tempDir(), 'lock.db');
    const args = ['--db', dbPath, 'crawl', 'civitai', '--base-url', server.url, '--rps', '0', '--limit', '10', '--log', 'json'];
    const first = startCli(args);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (server.stats.cursorsServed.length >= 1) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    const second = await runCli(args);
    first.child.kill('SIGKILL');
    await first.done;
    expect(second.code).toBe(5);
    expect(second.stderr).toMatch(/another dfwatch process \(pid \d+\) is writing/);
  });
});

describe('dfwatch command line', () => {
  it('explains every crawl option in --help', async () => {
    const result = await runCliInProcess(['crawl', 'civitai', '--help']);
    expect(result.code).toBe(0);
    for (const option of ['--base-url', '--concurrency', '--rps', '--fresh', '--types', '--max-pages', '--contact', '--retries', '--timeout']) {
      expect(result.stdout).toContain(option);
    }
  });

  it('answers a wrong option with one line and exit 2', async () => {
    const result = await runCliInProcess(['crawl', 'civitai', '--bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--bogus'/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('answers a bad value with one line and exit 2', async () => {
    const result = await runCliInProcess(['crawl', 'civitai', '--rps', 'fast']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--rps/);
  });

  it('answers an unreachable host with one line and exit 3', async () => {
    const result = await runCliInProcess(['--db', path.join(tempDir(), 'x.db'), 'crawl', 'civitai', '--base-url', 'http://127.0.0.1:1', '--rps', '0', '--retry-base-delay', '1', '--log', 'json']);
    expect(result.code).toBe(3);
    const lastLine = result.stderr.trim().split('\n').pop();
    expect(lastLine).toBe('dfwatch: cannot reach 127.0.0.1:1 (ECONNREFUSED)');
  });
});
