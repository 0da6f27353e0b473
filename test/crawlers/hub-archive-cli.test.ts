import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticArchives } from '../../src/replay/hub-archives.js';
import { arrayHubSource, startFakeHub, type FakeHubServer } from '../../src/replay/huggingface-server.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const servers: FakeHubServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('archive repos through the CLI', () => {
  it('crawl finds an archive by its id alone, classify decides each file, stats --json and export --variants report them', async () => {
    const archives = syntheticArchives({ repos: 1, filesPerRepo: 20 });
    const server = await startFakeHub({ source: arrayHubSource(archives.repos), resolve: { files: archives.files, rateLimit: { quota: 3000, windowSeconds: 300 } } });
    servers.push(server);
    const db = path.join(tempDir(), 'archive.db');
    const crawled = await runCli(['--db', db, 'crawl', 'huggingface', '--base-url', server.url, '--rps', '0', '--headers', '--log', 'json']);
    expect(crawled.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(crawled.code).toBe(0);
    // 18 sidecars and 20 headers (one Range each: the headers fit in the first 100 KB).
    expect(server.resolveStats.requests).toBe(38);
    expect(server.resolveStats.rangeRequests).toBe(20);
    expect(server.resolveStats.maxBytesSent).toBeLessThanOrEqual(100_000);

    const classified = await runCli(['--db', db, 'classify']);
    expect(classified.code).toBe(0);
    expect(classified.stdout).toMatch(/archive files \(variants\): 20 classified/);

    const stats = await runCli(['--db', db, 'stats', '--json']);
    expect(stats.code).toBe(0);
    const rehosting = (JSON.parse(stats.stdout) as { rehosting: Record<string, unknown> }).rehosting;
    expect(rehosting).toMatchObject({ archiveRepos: 1, variants: 20, variantsWithSidecar: 18 });
    expect(Object.keys(rehosting.definitions as object)).toContain('rehostedAfterRemoval');

    const out = path.join(tempDir(), 'variants.csv');
    const exported = await runCli(['--db', db, 'export', '--variants', '--format', 'csv', '--out', out]);
    expect(exported.code).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^platform,repo,path,url,sizeBytes,sha256,autov2,civitaiModelId,civitaiVersionId,matchedOn/);
    expect(lines.slice(1).every((line) => line.startsWith('huggingface,archiver0/civitai-lora-archive-0,loras/'))).toBe(true);

    const refused = await runCli(['--db', db, 'export', '--variants', '--flagged']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
