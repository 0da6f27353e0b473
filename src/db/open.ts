import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { UserError } from '../errors.js';

export const DEFAULT_DB_PATH = path.join('data', 'dfwatch.db');
const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  /** The raw connection, for prepared statements on hot paths. */
  sqlite: Database.Database;
  /** drizzle over the same connection, for readable queries. */
  db: Db;
  path: string;
  close(): void;
}

export interface OpenOptions {
  /** File path, or ':memory:' for tests. */
  path: string;
  /** Open without write access and without migrating (the web console, read-only queries). */
  readonly?: boolean;
}

/** Where the database lives: --db, then DFWATCH_DB, then data/dfwatch.db. */
export function resolveDbPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? env.DFWATCH_DB ?? DEFAULT_DB_PATH;
}

export function openStore(options: OpenOptions): Store {
  const isMemory = options.path === ':memory:';
  if (!isMemory && !options.readonly) {
    fs.mkdirSync(path.dirname(path.resolve(options.path)), { recursive: true });
  }
  if (!isMemory && options.readonly && !fs.existsSync(options.path)) {
    throw new UserError(`no database at ${options.path} (crawl or import first, or pass --db)`);
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(options.path, { readonly: options.readonly ?? false });
  } catch (error) {
    throw new UserError(`cannot open database ${options.path}: ${(error as Error).message}`);
  }
  if (!options.readonly) {
    sqlite.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL survives a killed process (kill -9); only power loss can drop the
    // last commits, and a rerun re-fetches those pages.
    sqlite.pragma('synchronous = NORMAL');
    // A checkpoint fsyncs the database file; checkpointing every ~40 MB of WAL instead of every
    // ~4 MB cut ingest time by 15–25% in `npm run bench`. The WAL is truncated back afterwards.
    sqlite.pragma('wal_autocheckpoint = 10000');
    sqlite.pragma('journal_size_limit = 67108864');
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 32 MB of page cache: a crawl's peak RSS stays under 300 MB at any N (npm run bench), and a
  // larger cache did not make a million-model crawl faster, its indexes being larger than either.
  sqlite.pragma('cache_size = -32768');
  const db = drizzle(sqlite, { schema });
  if (!options.readonly) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  return { sqlite, db, path: options.path, close: () => sqlite.close() };
}
