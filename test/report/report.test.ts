// report --out DIR: the files, a self-contained and escaped report.html, safe CSVs, and --redact.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { writeReport } from '../../src/report/report.js';
import { Pseudonymizer, pseudonymizerFromEnv, redactScope } from '../../src/report/pseudonyms.js';
import { csvCell, escapeMarkdown, toCsv } from '../../src/report/format.js';
import { UserError } from '../../src/errors.js';
import { buildChangingWorld, SCRIPT_NAME, T2 } from '../stats/changing-world.js';

const directories: string[] = [];
function outDir(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-report-'));
  directories.push(directory);
  return directory;
}
afterAll(() => {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
});

function readAll(directory: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of fs.readdirSync(directory, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      files.set(path.relative(directory, full), fs.readFileSync(full, 'utf8'));
    }
  }
  return files;
}

const KEY = 'a-long-enough-test-secret';

describe('report --out DIR', async () => {
  const directory = outDir();
  const result = await writeReport(buildChangingWorld(), { outDir: directory, now: () => new Date(T2) });
  const html = fs.readFileSync(path.join(directory, 'report.html'), 'utf8');

  test('writes report.md, report.html, stats.json, a CSV per table and the chart SVGs', () => {
    const files = readAll(directory);
    expect([...files.keys()]).toEqual(expect.arrayContaining(['report.md', 'report.html', 'stats.json', 'csv/overview.csv', 'csv/reupload-pairs.csv', 'charts/monthly-new.svg']));
    expect(JSON.parse(files.get('stats.json')!).overview).toEqual(result.stats.overview);
    expect([...files.keys()].filter((file) => file.startsWith('csv/')).length).toBeGreaterThanOrEqual(15);
  });

  test('report.html has no scripts, no external URLs, and a strict Content-Security-Policy', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-/);
    expect(html.match(/<svg/g)?.length).toBe(9);
  });

  test('opens with the key findings, and no heading repeats', () => {
    const headings = [...html.matchAll(/<h[123][^>]*>([^<]*)<\/h[123]>/g)].map((match) => match[1]);
    expect(headings.slice(0, 3)).toEqual(['dfwatch report', 'Key findings', 'Deepfake (person-targeting) models']);
    const sections = [...html.matchAll(/<section id="([^"]+)">\n<h[12]>([^<]*)</g)].map((match) => match[2]);
    expect(new Set(sections).size).toBe(sections.length);
    expect(headings.filter((heading) => heading === 'Models crawled')).toHaveLength(1);
    const markdown = fs.readFileSync(path.join(directory, 'report.md'), 'utf8');
    expect(markdown.indexOf('## Key findings')).toBeLessThan(markdown.indexOf('## Who is targeted'));
    expect(markdown).toMatch(/\| Deepfake \(person-targeting\) models \| almost 35,000 .* \| 5 \| not measured \(pass --gold\) \|/);
    expect(fs.readFileSync(path.join(directory, 'charts/share-gender.csv'), 'utf8')).toMatch(/^value,platform,share,models\r\n/);
  });

  test('says above the findings when a report covers one platform only', async () => {
    const oneDirectory = outDir();
    await writeReport(buildChangingWorld(), { outDir: oneDirectory, platform: 'huggingface' });
    const one = fs.readFileSync(path.join(oneDirectory, 'report.html'), 'utf8');
    expect(one).toMatch(/<div class="banner" role="note"><p>One platform only: huggingface\. civitai is left out by --platform/);
    expect(one.indexOf('class="banner"')).toBeLessThan(one.indexOf('id="key-findings"'));
    expect(html).not.toContain('class="banner"');
  });

  test('escapes a <script> payload in a crawled name', () => {
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Jane Roe');
    const markdown = fs.readFileSync(path.join(directory, 'report.md'), 'utf8');
    expect(markdown).not.toContain('<script');
    expect(markdown).toContain('&lt;script&gt;');
  });

  test('names no individual in the charts, and warns above every table that does', () => {
    for (const [file, content] of readAll(directory)) {
      if (!file.startsWith('charts/')) continue;
      for (const name of ['ann', 'cal', 'eve', 'mirror', 'Jane', 'Alice']) expect(content, `${file} names ${name}`).not.toMatch(new RegExp(`>${name}`, 'i'));
    }
    const warnings = html.match(/<p class="warning">/g) ?? [];
    expect(warnings).toHaveLength(3);
  });
});

describe('--redact', async () => {
  const first = outDir();
  const second = outDir();
  await writeReport(buildChangingWorld(), { outDir: first, pseudonymizer: new Pseudonymizer(KEY) });
  await writeReport(buildChangingWorld(), { outDir: second, pseudonymizer: new Pseudonymizer(KEY) });
  const files = readAll(first);

  test('leaves no target, creator or model name in any file', () => {
    for (const [file, content] of files) {
      for (const name of ['Alice', 'Jane Roe', 'jane-roe', 'Bob', '"ann"', 'mirror/', '<script']) {
        expect(content.includes(name), `${file} contains ${name}`).toBe(false);
      }
      expect(content).not.toMatch(/\bcal\b|\beve\b/);
    }
  });

  test('gives the same pseudonyms for the same secret, and different ones for another secret', () => {
    const pseudonyms = (content: string) => [...content.matchAll(/(?:target|creator|model)-[0-9a-f]{12}/g)].map((match) => match[0]).sort();
    expect(pseudonyms(files.get('stats.json')!).length).toBeGreaterThan(5);
    expect(pseudonyms(readAll(second).get('stats.json')!)).toEqual(pseudonyms(files.get('stats.json')!));
    const other = new Pseudonymizer('another-long-enough-secret');
    expect(other.pseudonym('target', 'Jane Roe')).not.toBe(new Pseudonymizer(KEY).pseudonym('target', 'Jane Roe'));
    expect(new Pseudonymizer(KEY).pseudonym('target', ' jane roe ')).toBe(new Pseudonymizer(KEY).pseudonym('target', 'Jane Roe'));
  });

  test('pseudonymises search terms and usernames inside crawl scopes', () => {
    const scope = redactScope('models?types=LORA&sort=Newest&query=jane+roe&username=ann', new Pseudonymizer(KEY));
    expect(scope).toMatch(/^models\?types=LORA&sort=Newest&query=query-[0-9a-f]{12}&username=creator-[0-9a-f]{12}$/);
  });

  test('needs a secret of at least 16 characters from the named environment variable', () => {
    expect(() => pseudonymizerFromEnv('DFWATCH_TEST_KEY', {})).toThrow(UserError);
    expect(() => pseudonymizerFromEnv('DFWATCH_TEST_KEY', { DFWATCH_TEST_KEY: 'short' })).toThrow(UserError);
    expect(pseudonymizerFromEnv('DFWATCH_TEST_KEY', { DFWATCH_TEST_KEY: KEY })).toBeInstanceOf(Pseudonymizer);
  });
});

describe('cell formats', () => {
  test('CSV cells are quoted where needed and defused against formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(toCsv(['a', 'b'], [{ a: 1, b: 'x' }])).toBe('a,b\r\n1,x\r\n');
  });

  test('Markdown text cannot inject HTML, links or table cells', () => {
    expect(escapeMarkdown(SCRIPT_NAME)).toBe('&lt;script&gt;alert("x")&lt;/script&gt; Jane Roe');
    expect(escapeMarkdown('[click](javascript:x) | *bold*')).toBe('\\[click\\](javascript:x) \\| \\*bold\\*');
    // A bare & reads as typed; one that would start an entity is escaped so it shows as typed too.
    expect(escapeMarkdown('models?types=LORA&sort=Oldest R&D')).toBe('models?types=LORA&sort=Oldest R&D');
    expect(escapeMarkdown('&lt;b&gt; &#60;')).toBe('&amp;lt;b&amp;gt; &amp;#60;');
  });
});
