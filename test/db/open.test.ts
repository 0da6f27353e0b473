import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/open.js';
import { CorruptDatabaseError, NotADatabaseError, UserError } from '../../src/errors.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

function dfwatchDb(dir: string): string {
  const dbPath = path.join(dir, 'dfwatch.db');
  openStore({ path: dbPath }).close();
  return dbPath;
}

describe('opening the store', () => {
  it('refuses a text file, a directory and somebody else\'s SQLite database, and leaves them as they were', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'shopping list\n');
    expect(() => openStore({ path: text })).toThrow(new NotADatabaseError(`${text} is not a dfwatch database (not an SQLite file)`));
    expect(fs.readFileSync(text, 'utf8')).toBe('shopping list\n');
    expect(() => openStore({ path: dir })).toThrow(`--db ${dir} is a directory; name the database file inside it`);
    const other = path.join(dir, 'other.sqlite');
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE recipes (name TEXT)');
    foreign.close();
    expect(() => openStore({ path: other })).toThrow(NotADatabaseError);
    expect(() => openStore({ path: other, readonly: true })).toThrow(/is an SQLite database, but not a dfwatch one/);
  });

  it('calls a truncated database corrupt instead of failing somewhere inside SQLite', () => {
    const dir = tempDir();
    const dbPath = dfwatchDb(dir);
    const bytes = fs.readFileSync(dbPath);
    const truncated = path.join(dir, 'truncated.db');
    fs.writeFileSync(truncated, bytes.subarray(0, 4096 * 3));
    expect(() => openStore({ path: truncated })).toThrow(CorruptDatabaseError);
    expect(() => openStore({ path: truncated })).toThrow(/truncated\.db is corrupt .*restore a backup, or start a new database with --db$/);
  });

  it('creates a missing directory for a new database, and says so when it cannot', () => {
    const dir = tempDir();
    const nested = path.join(dir, 'a', 'b', 'dfwatch.db');
    openStore({ path: nested }).close();
    expect(fs.existsSync(nested)).toBe(true);
    const blocked = path.join(dir, 'file-not-dir');
    fs.writeFileSync(blocked, '');
    expect(() => openStore({ path: path.join(blocked, 'dfwatch.db') })).toThrow(UserError);
  });

  it('leaves a closed database in rollback-journal mode, so it can be read from a read-only directory', () => {
    const dbPath = dfwatchDb(tempDir());
    const reader = new Database(dbPath, { readonly: true });
    expect(reader.pragma('journal_mode', { simple: true })).toBe('delete');
    reader.close();
  });
});

// Root reads and writes everything, so the read-only cases run the CLI as nobody when the suite is
// root; that needs a checkout nobody can reach (a clone inside a private temp folder is not one).
const isRoot = process.getuid?.() === 0;
const asNobody = isRoot ? { uid: 65534, gid: 65534 } : {};

function othersCanReach(dir: string): boolean {
  for (let current = dir; ; current = path.dirname(current)) {
    if ((fs.statSync(current).mode & 0o005) !== 0o005) return false;
    if (path.dirname(current) === current) return true;
  }
}
const canTestReadOnly = !isRoot || othersCanReach(REPO_ROOT);

describe('bad --db through the CLI', () => {
  it('answers each with one line and exit 2, and changes nothing', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    const good = dfwatchDb(dir);
    const text = path.join(dir, 'notes.txt');
    fs.writeFileSync(text, 'not a database\n');
    const truncated = path.join(dir, 'truncated.db');
    fs.writeFileSync(truncated, fs.readFileSync(good).subarray(0, 4096 * 3));
    const cases: Array<[string[], RegExp]> = [
      [['--db', text, 'stats'], /^dfwatch: .*notes\.txt is not a dfwatch database \(not an SQLite file\)$/],
      [['--db', text, 'classify'], /^dfwatch: .*notes\.txt is not a dfwatch database \(not an SQLite file\)$/],
      [['--db', truncated, 'stats'], /^dfwatch: database .*truncated\.db is corrupt \(.*\); restore a backup, or start a new database with --db$/],
      [['--db', truncated, 'classify'], /^dfwatch: database .*truncated\.db is corrupt/],
      [['--db', dir, 'triage'], /^dfwatch: --db .* is a directory; name the database file inside it$/],
      [['--db', path.join(dir, 'missing', 'x.db'), 'stats'], /^dfwatch: no database at /],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect({ args, code: result.code, stderr: result.stderr.trim() }).toEqual({ args, code: 2, stderr: expect.stringMatching(message) });
    }
    expect(fs.readFileSync(text, 'utf8')).toBe('not a database\n');
  }, 60_000);

  it.skipIf(!canTestReadOnly)('reads a database in a read-only directory, and refuses to write there with one line', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    const dbPath = dfwatchDb(dir);
    fs.chmodSync(dbPath, 0o444);
    fs.chmodSync(dir, 0o555);
    try {
      const read = await runCli(['--db', dbPath, 'stats', '--json'], {}, asNobody);
      expect(read.stderr).toBe('');
      expect(read.code).toBe(0);
      const write = await runCli(['--db', dbPath, 'classify'], {}, asNobody);
      expect(write.code).toBe(2);
      expect(write.stderr.trim()).toMatch(/^dfwatch: cannot (write|create the lock file|open)/);
    } finally {
      fs.chmodSync(dir, 0o755);
    }
  }, 30_000);
});
