import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { civitaiItem } from '../helpers/civitai-items.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

function goldLine(id: number, extra: Record<string, unknown> = {}) {
  return JSON.stringify({ platform: 'civitai', platformId: String(id), personTarget: id % 2 === 1, targetGender: id % 2 === 1 ? 'female' : null, fame: null, sexual: false, targetName: id % 2 === 1 ? `Person ${id}` : null, nameGroup: id % 2 === 1 ? 'latin' : null, ...extra });
}

function writeSets(dir: string) {
  // Creators are creator<id % 7>: 8 shares creator1 with tuning model 1, so the grouped split drops it.
  fs.writeFileSync(path.join(dir, 'records.jsonl'), [1, 2, 3, 4, 5, 8].map((id) => JSON.stringify(civitaiItem({ id, shape: '2023' }))).join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'tuning.jsonl'), [goldLine(1), goldLine(2)].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'heldout.jsonl'), [goldLine(3), goldLine(8)].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'new.jsonl'), [goldLine(4, { stratum: 'a', nciiLevel: 'none' }), goldLine(5, { stratum: 'b', nciiLevel: 'explicit', explicit: true })].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'strata.json'), JSON.stringify({ a: 10, b: 90 }));
  return ['eval', '--records', `${dir}/records.jsonl`, '--gold', `${dir}/tuning.jsonl`, '--heldout', `${dir}/heldout.jsonl`, '--new', `${dir}/new.jsonl`, '--population', `${dir}/strata.json`, '--bootstrap', '50'];
}

describe('dfwatch eval', () => {
  it('reports the grouped held-out split, the old held-out set, the weighted new sample and the tuning set, as Civitai records and as Hub repos', async () => {
    const dir = tempDir();
    const result = await runCli([...writeSets(dir), '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.sections.map((section: { key: string; cases: number }) => [section.key, section.cases])).toEqual([
      ['grouped-heldout', 3],
      ['heldout', 2],
      ['new-weighted', 2],
      ['tuning', 2],
    ]);
    const headline = report.sections[0];
    expect(headline.title).toContain('3 of 4 untuned models');
    for (const shape of ['civitai', 'hub']) {
      expect(headline.figures[shape]['person.recall']).toEqual(expect.objectContaining({ n: 2 }));
      expect(headline.figures[shape]['ncii.recall']).toEqual(expect.objectContaining({ n: 1 }));
    }
    // The Hub has no poi flag: the poi baseline has no cases there.
    expect(headline.figures.hub['poiAlone.recall']).toEqual({ value: null, n: 0, low: null, high: null });
    expect(headline.figures.civitai['poiAlone.recall'].n).toBe(2);
  });

  it('prints the headline table in Markdown, with an interval in every filled cell', async () => {
    const dir = tempDir();
    const result = await runCli([...writeSets(dir), '--markdown']);
    const rows = result.stdout.split('\n').filter((line) => line.startsWith('| '));
    expect(rows[0]).toContain('grouped held-out, Civitai (3; 2 pos.)');
    expect(rows[0]).toContain('new sample, weighted, Hub (2; 1 pos.)');
    const cells = rows.slice(1).flatMap((row) => row.split(' | ').slice(1)).map((cell) => cell.replace(/ \|$/, ''));
    expect(cells.filter((cell) => cell !== '–').every((cell) => /^\d\.\d{3} \(\d\.\d\d–\d\.\d\d\)$/.test(cell))).toBe(true);
  });

  /** Runs eval on the sets with one file replaced by broken content. */
  async function evalWith(file: string, content: string) {
    const dir = tempDir();
    const args = writeSets(dir);
    fs.writeFileSync(path.join(dir, file), content);
    return runCli(args);
  }

  it('rejects a bad gold line in one line, exit 2', async () => {
    const result = await evalWith('heldout.jsonl', '{"platform": "civitai"}\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dfwatch: .*heldout\.jsonl:1: platformId .*\n$/);
  });

  it('says in one line when the records file is not a JSON-lines archive', async () => {
    const result = await evalWith('records.jsonl', '{"id": 1, "name": broken\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dfwatch: .*records\.jsonl: not a JSON-lines archive .*\n$/);
  });

  it('refuses a stratum without a population size', async () => {
    const result = await evalWith('strata.json', JSON.stringify({ a: 10 }));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('dfwatch: no population size for stratum "b"\n');
  });
});
