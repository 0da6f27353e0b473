import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDbLock, type DbLock } from '../../src/db/lock.js';
import { LockHeldError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const held: DbLock[] = [];
afterEach(() => {
  for (const lock of held.splice(0)) lock.release();
});

function take(dbPath: string): DbLock {
  const lock = acquireDbLock(dbPath);
  if (!lock) throw new Error('no lock for a file database');
  held.push(lock);
  return lock;
}

describe('the database lock', () => {
  it('refuses a second holder and names the first one', () => {
    const dbPath = path.join(tempDir(), 'dfwatch.db');
    take(dbPath);
    expect(() => acquireDbLock(dbPath)).toThrow(LockHeldError);
    expect(() => acquireDbLock(dbPath)).toThrow(`another dfwatch process (pid ${process.pid}) is writing ${dbPath}`);
  });

  it('is free again once released', () => {
    const dbPath = path.join(tempDir(), 'dfwatch.db');
    take(dbPath).release();
    expect(take(dbPath).path).toBe(`${dbPath}.lock`);
  });

  it('is released by the kernel when its holder is killed with SIGKILL', async () => {
    const dbPath = path.join(tempDir(), 'dfwatch.db');
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `
      const { acquireDbLock } = await import(${JSON.stringify(path.join(ROOT, 'src/db/lock.ts'))});
      acquireDbLock(${JSON.stringify(dbPath)});
      process.stdout.write('locked\\n');
      setInterval(() => {}, 1000);`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    expect(() => acquireDbLock(dbPath)).toThrow(LockHeldError);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(take(dbPath).path).toBe(`${dbPath}.lock`);
  });

  it('never has two holders when many processes race for it', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'dfwatch.db');
    const logPath = path.join(dir, 'holds.log');
    const processes = 8;
    const rounds = 4;
    // Every child starts trying at the same instant, after all of them have loaded.
    const startAt = Date.now() + 4000;
    const children = Array.from({ length: processes }, () =>
      spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/db/lock-racer.ts'), dbPath, String(startAt), logPath, String(rounds)], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    const codes = await Promise.all(children.map((child) => new Promise<number | null>((resolve) => child.once('exit', resolve))));
    expect(codes).toEqual(Array(processes).fill(0));
    const lines = fs.readFileSync(logPath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(processes * rounds);
    expect(lines.filter((line) => !line.endsWith(' held'))).toEqual([]);
  }, 40_000);
});
