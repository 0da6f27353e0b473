// Opening the store from a command: --db (a global option), then $DFWATCH_DB, then data/dfwatch.db.
import type { Command } from '@commander-js/extra-typings';
import { openStore, resolveDbPath, type Store } from '../db/open.js';
import { acquireDbLock, type DbLock } from '../db/lock.js';

export function dbPathOf(command: Command<any, any, any>): string {
  let root: Command<any, any, any> = command;
  while (root.parent) root = root.parent;
  return resolveDbPath((root.opts() as { db?: string }).db);
}

/** Opens the store for writing under the one-writer lock; close() releases both. */
export function openForWriting(command: Command<any, any, any>): Store & { lock: DbLock | null } {
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
