// One writer per database. The lock is an exclusive SQLite transaction held on a small file beside
// the database (`<db>.lock`): the kernel grants the underlying POSIX lock to one process at a time,
// atomically, and releases it when the process ends, kill -9 included. So there is no stale lock to
// detect and no check-then-delete race, which a pid file cannot avoid. The holder's pid is written to
// `<db>.lock.owner` only so that a refused process can say who holds the lock.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { LockHeldError, UserError } from '../errors.js';

export interface DbLock {
  path: string;
  release(): void;
}

function ownerOf(ownerPath: string): string {
  try {
    const pid = Number.parseInt(fs.readFileSync(ownerPath, 'utf8'), 10);
    return Number.isFinite(pid) ? ` (pid ${pid})` : '';
  } catch {
    return '';
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

export function acquireDbLock(dbPath: string): DbLock | null {
  if (dbPath === ':memory:') return null;
  const lockPath = `${dbPath}.lock`;
  const ownerPath = `${lockPath}.owner`;
  let connection: Database.Database;
  try {
    connection = new Database(lockPath, { timeout: 0 });
  } catch (error) {
    throw new UserError(`cannot create the lock file ${lockPath}: ${(error as Error).message}`);
  }
  try {
    // A rollback journal, never WAL: WAL's shared memory would let a second writer in.
    connection.pragma('journal_mode = DELETE');
    connection.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    connection.close();
    if (isBusy(error)) throw new LockHeldError(`another dfwatch process${ownerOf(ownerPath)} is writing ${dbPath}; lock file ${lockPath}`);
    throw new UserError(`cannot take the lock ${lockPath}: ${(error as Error).message}`);
  }
  try {
    fs.writeFileSync(ownerPath, `${process.pid}\n`);
  } catch {
    // The owner file only improves the message another process prints; the lock itself holds.
  }
  let isReleased = false;
  const release = () => {
    if (isReleased) return;
    isReleased = true;
    process.off('exit', release);
    try {
      if (fs.readFileSync(ownerPath, 'utf8').trim() === String(process.pid)) fs.rmSync(ownerPath, { force: true });
    } catch {
      // Already gone: nothing to tidy.
    }
    connection.exec('ROLLBACK');
    connection.close();
  };
  process.once('exit', release);
  return { path: lockPath, release };
}
