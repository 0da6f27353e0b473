// `dfwatch demo` end to end, and the promises its bundled data makes (README beside it).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_CIVITAI_DAY1_COUNT, demoCivitaiItem } from '../../src/replay/demo-data/civitai.js';
import { demoHubRepos } from '../../src/replay/demo-data/huggingface.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

describe('dfwatch demo', () => {
  it('replays both platforms offline, twice, and leaves a report where it says', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'report');
    const started = Date.now();
    const result = await runCli(['demo', '--out', out]);
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(result.stdout).toMatch(/day 1: civitai 300 models, huggingface 90 models/);
    expect(result.stdout).toMatch(/civitai\s+run \d+ done: 314 models seen, 20 new, 0 changed, 6 removed/);
    expect(result.stdout).toMatch(/huggingface\s+run \d+ done: 87 models seen, 0 new, 0 changed, 3 removed/);
    expect(result.stdout).toContain(`Open the report: file://${path.join(out, 'report.html')}`);
    for (const file of ['report.html', 'report.md', 'stats.json']) expect(fs.existsSync(path.join(out, file))).toBe(true);

    const stats = JSON.parse(fs.readFileSync(path.join(out, 'stats.json'), 'utf8')) as {
      reuploads: { summary: { pairs: number; matchedOnSha256: number }[] };
      personTargeting: { scope: string; classifier: number }[];
    };
    expect(stats.reuploads.summary[0]).toMatchObject({ pairs: 30, matchedOnSha256: 30 });
    expect(stats.personTargeting.find((row) => row.scope === 'huggingface')!.classifier).toBeGreaterThan(0);
    // The database was temporary: only the report is left behind.
    expect(result.stdout).not.toContain('demo database is kept');
  });
});

describe('demo data', () => {
  it('has unique ascending Civitai ids and unique Hub repo ids', () => {
    const ids = Array.from({ length: DEMO_CIVITAI_DAY1_COUNT + 20 }, (_, index) => Number(demoCivitaiItem(index, 2).id));
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const repos = demoHubRepos(1).map((repo) => repo.id);
    expect(new Set(repos).size).toBe(repos.length);
  });

  it('gives every Hub re-upload the SHA256 of a Civitai file', () => {
    const civitaiHashes = new Set<string>();
    for (let index = 0; index < DEMO_CIVITAI_DAY1_COUNT; index++) {
      for (const version of demoCivitaiItem(index, 1).modelVersions as { files: { hashes: { SHA256: string } }[] }[]) {
        for (const file of version.files) civitaiHashes.add(file.hashes.SHA256.toUpperCase());
      }
    }
    const reuploads = demoHubRepos(1).filter((repo) => repo.siblings?.some((sibling) => sibling.lfs && civitaiHashes.has(sibling.lfs.sha256.toUpperCase())));
    expect(reuploads).toHaveLength(30);
  });

  it('grows downloads from day 1 to day 2', () => {
    const downloads = (day: 1 | 2) => Number((demoCivitaiItem(0, day).stats as { downloadCount: number }).downloadCount);
    expect(downloads(2)).toBeGreaterThan(downloads(1));
  });
});
