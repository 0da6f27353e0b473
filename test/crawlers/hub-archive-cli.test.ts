import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticArchives } from '../../src/replay/hub-archives.js';
import { arrayHubSource, startFakeHub, type FakeHubServer } from '../../src/replay/huggingface-server.js';
import { startFakeCdn, type FakeCdnServer } from '../../src/replay/hub-cdn-server.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const servers: (FakeHubServer | FakeCdnServer)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('archive repos through the CLI', () => {
  it('crawl finds an archive by its id alone, classify decides each file, stats --json, export --variants and export --flagged report them', async () => {
    const archives = syntheticArchives({ repos: 1, filesPerRepo: 20 });
    const cdn = await startFakeCdn({ files: archives.files });
    servers.push(cdn);
    const server = await startFakeHub({ source: arrayHubSource(archives.repos), resolve: { files: archives.files, rateLimit: { quota: 3000, windowSeconds: 300 }, redirect: { cdnUrl: cdn.url } } });
    servers.push(server);
    const db = path.join(tempDir(), 'archive.db');
    const crawled = await runCli(['--db', db, 'crawl', 'huggingface', '--base-url', server.url, '--rps', '0', '--headers', '--log', 'json'], { HF_TOKEN: 'hf_cliReplayToken42', HF_CDN_HOSTS: cdn.host });
    expect(crawled.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(crawled.code).toBe(0);
    // 18 sidecars from the Hub; 20 headers redirected to the CDN, one Range each (they fit in the first 100 KB).
    expect(server.resolveStats.requests).toBe(38);
    expect(server.resolveStats.redirects).toBe(20);
    expect(cdn.stats.rangeRequests).toBe(20);
    expect(cdn.stats.maxBytesSent).toBeLessThanOrEqual(100_000);
    expect(cdn.stats.authorizationHeaders).toEqual([]);
    expect(server.stats.authorizationHeaders.length).toBeGreaterThan(0);

    const classified = await runCli(['--db', db, 'classify']);
    expect(classified.code).toBe(0);
    expect(classified.stdout).toMatch(/archive files \(variants\): 20 classified/);

    const stats = await runCli(['--db', db, 'stats', '--json']);
    expect(stats.code).toBe(0);
    const rehosting = (JSON.parse(stats.stdout) as { rehosting: Record<string, unknown> }).rehosting;
    expect(rehosting).toMatchObject({ archiveRepos: 1, variants: 20, variantsWithSidecar: 18 });
    expect(Object.keys(rehosting.definitions as object)).toContain('rehostedAfterRemoval');

    // The report shows the same figures, each with its definition.
    const reportDir = tempDir();
    const report = await runCli(['--db', db, 'report', '--out', reportDir]);
    expect(report.code).toBe(0);
    const markdown = fs.readFileSync(path.join(reportDir, 'report.md'), 'utf8');
    expect(markdown).toContain('Re-hosted on Hugging Face, counted by file');
    expect(markdown).toContain('Model files inside archive repos, each counted once per repo and path.');
    expect(markdown).toContain('archiver0/civitai-lora-archive-0');
    expect(fs.readFileSync(path.join(reportDir, 'csv', 'rehosting.csv'), 'utf8')).toMatch(/^figure,value,definition\r?\nArchive repos,1,/);

    const out = path.join(tempDir(), 'variants.csv');
    const exported = await runCli(['--db', db, 'export', '--variants', '--format', 'csv', '--out', out]);
    expect(exported.code).toBe(0);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/^platform,repo,path,url,sizeBytes,sha256,autov2,civitaiModelId,civitaiVersionId,matchedOn/);
    expect(lines.slice(1).every((line) => line.startsWith('huggingface,archiver0/civitai-lora-archive-0,loras/'))).toBe(true);

    // Takedown rows name each flagged file by its URL inside the repo, with its SHA256.
    const variantsJsonl = await runCli(['--db', db, 'export', '--variants']);
    const variants = variantsJsonl.stdout.trim().split('\n').map((line) => JSON.parse(line) as { path: string; sha256: string; personTarget: boolean });
    const flagged = variants.filter((variant) => variant.personTarget);
    const takedown = await runCli(['--db', db, 'export', '--flagged', '--format', 'jsonl']);
    expect(takedown.code).toBe(0);
    const files = takedown.stdout.trim().split('\n').map((line) => JSON.parse(line) as { url: string; filePath: string | null; fileHashes: string; platformId: string }).filter((row) => row.filePath !== null);
    expect(files.length).toBeGreaterThan(0);
    expect(files.map((file) => file.filePath).sort()).toEqual(flagged.map((variant) => variant.path).sort());
    for (const file of files) {
      expect(file.url).toBe(`https://huggingface.co/archiver0/civitai-lora-archive-0/blob/main/${file.filePath!.split('/').map(encodeURIComponent).join('/')}`);
      expect(file.fileHashes).toMatch(/^[0-9A-F]{64}$/);
      expect(file.fileHashes).toBe(variants.find((variant) => variant.path === file.filePath)!.sha256);
    }
    const hashes = await runCli(['--db', db, 'export', '--flagged', '--format', 'sha256']);
    expect(hashes.stdout.trim().split('\n')).toEqual(expect.arrayContaining(files.map((file) => file.fileHashes.toLowerCase())));
    const urls = await runCli(['--db', db, 'export', '--flagged', '--format', 'hma-url']);
    expect(urls.stdout.trim().split('\n')).toEqual(expect.arrayContaining(files.map((file) => `url ${file.url}`)));

    // `show` on the repo points at each file inside it, flagged ones first.
    const shown = await runCli(['--db', db, 'show', 'huggingface:archiver0/civitai-lora-archive-0', '--json']);
    expect(shown.code).toBe(0);
    const archiveFiles = (JSON.parse(shown.stdout) as { archiveFiles: { path: string; url: string; personTarget: boolean | null }[] }).archiveFiles;
    expect(archiveFiles).toHaveLength(20);
    expect(archiveFiles.slice(0, files.length).map((file) => file.path).sort()).toEqual(files.map((file) => file.filePath).sort());
    expect(archiveFiles.every((file) => file.url.startsWith('https://huggingface.co/archiver0/civitai-lora-archive-0/blob/main/loras/'))).toBe(true);
    const shownText = await runCli(['--db', db, 'show', 'huggingface:archiver0/civitai-lora-archive-0']);
    expect(shownText.stdout).toContain(`Archive files: 20 (${files.length} person-targeting)`);

    const refused = await runCli(['--db', db, 'export', '--variants', '--flagged']);
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  }, 120_000);
});
