// `dfwatch run` end to end: the real CLI in a child process against both replay servers.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { arraySource, startFakeCivitai, type FakeCivitaiServer } from '../../src/replay/civitai-server.js';
import { startFakeHub, syntheticHubSource, type FakeHubServer } from '../../src/replay/huggingface-server.js';
import { openStore } from '../../src/db/open.js';
import { acquireDbLock } from '../../src/db/lock.js';
import { civitaiItem, civitaiItems } from '../helpers/civitai-items.js';
import { runCli, runCliInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const servers: (FakeCivitaiServer | FakeHubServer)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function replay(civitaiSource = arraySource(civitaiItems(150))) {
  const civitai = await startFakeCivitai({ source: civitaiSource });
  const hub = await startFakeHub({ source: syntheticHubSource(30) });
  servers.push(civitai, hub);
  return { civitai, hub };
}

function runArgs(dir: string, urls: { civitai: string; hub: string }, extra: string[] = []): string[] {
  return ['--db', path.join(dir, 'dfwatch.db'), 'run', '--civitai-base-url', urls.civitai, '--huggingface-base-url', urls.hub, '--rps', '0', '--concurrency', '4', '--retries', '1', '--retry-base-delay', '10', '--log', 'json', '--out', path.join(dir, 'report'), ...extra];
}

describe('dfwatch run', () => {
  it('crawls both platforms, classifies, writes the report and prints one screen of figures (exit 0)', async () => {
    const dir = tempDir();
    const { civitai, hub } = await replay();
    const result = await runCliInProcess(runArgs(dir, { civitai: civitai.url, hub: hub.url }));
    expect(result.stderr).not.toContain('Error:');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^dfwatch run: done in [\d.]+ s/);
    expect(result.stdout).toMatch(/civitai\s+run \d+ done: 150 models seen, 150 new, 0 changed, 0 removed/);
    expect(result.stdout).toMatch(/huggingface\s+run \d+ done: 30 models seen, 30 new/);
    expect(result.stdout).toMatch(/classified\s+180 new or changed models/);
    expect(result.stdout).toMatch(/totals\s+models 180 new, 0 changed, 0 removed, \d+ flagged · \d+ requests, 0 retries/);
    expect(result.stdout.split('\n').length).toBeLessThan(24);
    for (const file of ['report.html', 'report.md', 'stats.json']) expect(fs.existsSync(path.join(dir, 'report', file))).toBe(true);

    const store = openStore({ path: path.join(dir, 'dfwatch.db'), readonly: true });
    const classified = store.sqlite.prepare('SELECT count(DISTINCT model_id) AS n FROM classifications').get() as { n: number };
    store.close();
    expect(classified.n).toBe(180);
  });

  it('gives the report corrected intervals when given a gold set', async () => {
    const dir = tempDir();
    const { civitai, hub } = await replay();
    // The synthetic Hub gold carries its text inline, so it scores without its models in the database.
    const result = await runCliInProcess(runArgs(dir, { civitai: civitai.url, hub: hub.url }, ['--gold', 'data/gold/synthetic-hf.jsonl']));
    expect(result.code, result.stderr).toBe(0);
    const markdown = fs.readFileSync(path.join(dir, 'report', 'report.md'), 'utf8');
    expect(markdown).toContain('synthetic-hf.jsonl');
    expect(markdown).toMatch(/\d+ \(95% interval \d+–\d+\)/);
  });

  it('classifies only what is new or changed on the next run', async () => {
    const dir = tempDir();
    const { civitai, hub } = await replay();
    expect((await runCliInProcess(runArgs(dir, { civitai: civitai.url, hub: hub.url }))).code).toBe(0);
    const second = await runCliInProcess(runArgs(dir, { civitai: civitai.url, hub: hub.url }));
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/civitai\s+run \d+ done: 150 models seen, 0 new, 0 changed/);
    expect(second.stdout).toMatch(/classified\s+0 new or changed models/);
  });

  it('exits 1 when the job finished with malformed items kept as error rows', async () => {
    const dir = tempDir();
    const items = [...civitaiItems(20), { ...civitaiItem({ id: 21 }), name: 42 }];
    const { civitai, hub } = await replay(arraySource(items));
    const result = await runCliInProcess(runArgs(dir, { civitai: civitai.url, hub: hub.url }, ['--platforms', 'civitai']));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/dfwatch run: done with item errors/);
    expect(result.stdout).toMatch(/1 item errors/);
    expect(fs.existsSync(path.join(dir, 'report', 'report.html'))).toBe(true);
  });

  it('exits 3 when a platform is unreachable, and still crawls the other one and reports', async () => {
    const dir = tempDir();
    const { hub } = await replay();
    const closed = await startFakeCivitai({ source: arraySource([]) });
    const deadUrl = closed.url;
    await closed.close();
    const result = await runCliInProcess(runArgs(dir, { civitai: deadUrl, hub: hub.url }, ['--retries', '0']));
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/civitai\s+FAILED \(exit 3\): cannot reach 127\.0\.0\.1/);
    expect(result.stdout).toMatch(/huggingface\s+run \d+ done: 30 models seen/);
    expect(fs.existsSync(path.join(dir, 'report', 'report.html'))).toBe(true);
  });

  it('exits 5 with a clear message while another process holds the database lock', async () => {
    const dir = tempDir();
    const { civitai, hub } = await replay();
    // This test process takes the lock, as another dfwatch process would.
    const lock = acquireDbLock(path.join(dir, 'dfwatch.db'));
    const result = await runCli(runArgs(dir, { civitai: civitai.url, hub: hub.url }));
    lock?.release();
    expect(result.code).toBe(5);
    expect(result.stderr.trim()).toMatch(new RegExp(`^dfwatch: another dfwatch process \\(pid ${process.pid}\\) is writing`));
    expect(civitai.stats.requests).toBe(0);
  });

  it('exits 2 on an unknown platform', async () => {
    const dir = tempDir();
    const result = await runCliInProcess(['--db', path.join(dir, 'dfwatch.db'), 'run', '--platforms', 'civitai,myspace']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(`dfwatch: --platforms 'civitai,myspace': unknown platform "myspace" (expected civitai, huggingface) (see --help)`);
  });
});
