// Opening the store from a command: --db (a global option), then $DFWATCH_DB, then data/dfwatch.db.
import path from 'node:path';
import { openStore, resolveDbPath, type Store } from '../db/open.js';
import { acquireDbLock, type DbLock } from '../db/lock.js';

/** Any dfwatch command: --db is the root's option, so every command sees it among its globals. */
export interface CommandWithDb {
  optsWithGlobals(): { db?: string };
}

export function dbPathOf(command: CommandWithDb): string {
  return resolveDbPath(command.optsWithGlobals().db);
}

/** The report's default home, for `report` and `run` alike: beside the database (data/report for data/dfwatch.db). */
export function defaultReportDir(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'report');
}

/** Opens the store for writing under the one-writer lock; close() releases both. */
export function openForWriting(command: CommandWithDb): Store & { lock: DbLock | null } {
  const path = dbPathOf(command);
  const lock = acquireDbLock(path);
  try {
    const store = openStore({ path });
    return {
      ...store,
      lock,
      close: () => {
        store.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
