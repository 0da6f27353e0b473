// Every bad input through the real `dfwatch` binary: one line "dfwatch: …", exit 2, no stack trace,
// and nothing stored is touched (row counts and integrity_check unchanged).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open.js';
import { runCli, type CliResult } from '../helpers/cli.js';

interface Row {
  name: string;
  args: (paths: Paths) => string[];
  env?: NodeJS.ProcessEnv;
  /** A text the one line must contain, so the message says what was wrong. */
  says: RegExp;
  /** Text that must never appear (a password from the command line). */
  never?: string;
}

interface Paths {
  db: string;
  dir: string;
  file: string;
}

const ROWS: Row[] = [
  { name: 'an impossible date', args: (p) => ['--db', p.db, 'stats', '--since', '2025-02-30'], says: /--since.*2025-02-30.*no such day/ },
  { name: 'a date that is only a number', args: (p) => ['--db', p.db, 'import', 'civitai', p.file, '--as-of', '0'], says: /--as-of.*'0'/ },
  { name: 'a date with a time but no zone', args: (p) => ['--db', p.db, 'report', '--since', '2025-05-01T10:00'], says: /--since/ },
  { name: 'a port above 65535', args: (p) => ['--db', p.db, 'serve', '--port', '65536'], says: /--port.*0 to 65535/ },
  { name: 'a count beyond any integer', args: (p) => ['--db', p.db, 'stats', '--top', '99999999999999999999'], says: /--top/ },
  { name: 'a count written as a float', args: (p) => ['--db', p.db, 'eval', '--worst', '2.5'], says: /--worst/ },
  { name: 'a rate below one request a hundred seconds', args: (p) => ['--db', p.db, 'crawl', 'civitai', '--rps', '1e-300'], says: /--rps.*0\.01/ },
  { name: 'an infinite rate', args: (p) => ['--db', p.db, 'crawl', 'huggingface', '--rps', 'Infinity'], says: /--rps/ },
  { name: 'a negative rate', args: (p) => ['--db', p.db, 'run', '--rps=-1'], says: /--rps/ },
  { name: 'a page size over the API cap', args: (p) => ['--db', p.db, 'crawl', 'civitai', '--limit', '101'], says: /--limit.*1 to 100/ },
  { name: 'a javascript: base URL', args: (p) => ['--db', p.db, 'crawl', 'civitai', '--base-url', 'javascript:alert(1)'], says: /http or https/ },
  { name: 'a file: base URL for the Hub', args: (p) => ['--db', p.db, 'crawl', 'huggingface', '--base-url', 'file:///etc/passwd'], says: /http or https/ },
  { name: 'a javascript: base URL for run', args: (p) => ['--db', p.db, 'run', '--civitai-base-url', 'javascript:alert(1)'], says: /--civitai-base-url.*http or https/ },
  { name: 'a base URL from the environment', args: (p) => ['--db', p.db, 'crawl', 'civitai'], env: { CIVITAI_BASE_URL: 'javascript:alert(1)' }, says: /\$CIVITAI_BASE_URL must be an http or https URL/ },
  {
    name: 'credentials inside a base URL',
    args: (p) => ['--db', p.db, 'crawl', 'civitai', '--base-url', 'https://ann:hunter2-secret@civitai.example/'],
    says: /user name or password/,
    never: 'hunter2-secret',
  },
  { name: 'a base URL given to crawl all', args: (p) => ['--db', p.db, 'crawl', 'all', '--base-url', 'http://127.0.0.1:9'], says: /\$CIVITAI_BASE_URL and \$HF_BASE_URL/ },
  { name: 'an export into a missing directory', args: (p) => ['--db', p.db, 'export', '--out', path.join(p.dir, 'missing', 'x.csv')], says: /cannot write .*missing.*no such file or directory/ },
  { name: 'an export onto a directory', args: (p) => ['--db', p.db, 'export', '--out', p.dir], says: /cannot write .*is a directory/ },
  { name: 'a report under a file', args: (p) => ['--db', p.db, 'report', '--out', path.join(p.file, 'report')], says: /cannot write to .*not a directory/ },
  { name: 'eval records that are a directory', args: (p) => ['--db', p.db, 'eval', '--records', p.dir], says: /--records: .* is a directory/ },
  { name: 'a gold set that does not exist', args: (p) => ['--db', p.db, 'eval', '--gold', path.join(p.dir, 'nope.jsonl')], says: /--gold: cannot read/ },
  { name: 'a gold set for run that does not exist', args: (p) => ['--db', p.db, 'run', '--gold', path.join(p.dir, 'nope.jsonl')], says: /--gold: cannot read/ },
  { name: 'gold records for run without a gold set', args: (p) => ['--db', p.db, 'run', '--gold-records', p.file], says: /--gold-records needs --gold/ },
  { name: 'an import of a directory', args: (p) => ['--db', p.db, 'import', 'civitai', p.dir, '--as-of', '2023-07-15'], says: /directory/ },
  { name: 'a value outside a choice', args: (p) => ['--db', p.db, 'export', '--format', 'xml'], says: /--format.*jsonl, csv/ },
  { name: 'an unknown platform to run', args: (p) => ['--db', p.db, 'run', '--platforms', 'civitai,myspace'], says: /myspace/ },
  { name: 'an unknown option', args: (p) => ['--db', p.db, 'triage', '--bogus'], says: /unknown option '--bogus'/ },
  { name: 'an unknown command', args: () => ['tirage'], says: /unknown command 'tirage'.*triage/ },
  { name: 'a missing required option', args: (p) => ['--db', p.db, 'import', 'civitai', p.file], says: /--as-of/ },
];

let root = '';
const paths = (): Paths => ({ db: path.join(root, 'dfwatch.db'), dir: path.join(root, 'a-directory'), file: path.join(root, 'archive.jsonl') });

function storedState(db: string) {
  const sqlite = new Database(db, { readonly: true });
  try {
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
    return {
      integrity: sqlite.pragma('integrity_check', { simple: true }),
      rows: Object.fromEntries(tables.map((table) => [table, sqlite.prepare(`SELECT count(*) FROM "${table}"`).pluck().get()])),
    };
  } finally {
    sqlite.close();
  }
}

/** Runs the rows a few at a time: each is a process start, and the machine is shared. */
async function runAll(rows: Row[], parallel = 4): Promise<CliResult[]> {
  const results: CliResult[] = new Array(rows.length);
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const index = next++;
      const row = rows[index]!;
      results[index] = await runCli(row.args(paths()), row.env);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return results;
}

describe('bad input through the real CLI', () => {
  let results: CliResult[] = [];
  let before: ReturnType<typeof storedState>;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-bad-input-'));
    fs.mkdirSync(paths().dir);
    fs.writeFileSync(paths().file, '{"id": 1}\n');
    openStore({ path: paths().db }).close();
    before = storedState(paths().db);
    results = await runAll(ROWS);
  }, 180_000);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it.each(ROWS.map((row, index) => [row.name, index] as const))('%s: one line "dfwatch: …", exit 2', (_name, index) => {
    const row = ROWS[index]!;
    const result = results[index]!;
    expect(result.code, result.stderr).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^dfwatch: /);
    expect(lines[0]).toMatch(row.says);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    if (row.never) expect(result.stdout + result.stderr).not.toContain(row.never);
  });

  it('leaves the database as it was', () => {
    expect(storedState(paths().db)).toEqual(before);
    expect(before.integrity).toBe('ok');
  });
});
