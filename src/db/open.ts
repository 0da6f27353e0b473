import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.js';
import { CorruptDatabaseError, NotADatabaseError, UserError } from '../errors.js';

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

const SQLITE_HEADER = 'SQLite format 3\u0000';

/** What SQLite's error codes mean to the person who passed --db. */
function storeErrorFrom(error: unknown, dbPath: string, isReadonly: boolean): Error {
  const code = String((error as { code?: unknown }).code ?? '');
  const detail = (error as Error).message;
  if (code === 'SQLITE_NOTADB') return new NotADatabaseError(`${dbPath} is not a dfwatch database (not an SQLite file)`);
  if (code.startsWith('SQLITE_CORRUPT')) return new CorruptDatabaseError(`database ${dbPath} is corrupt (${detail}); restore a backup, or start a new database with --db`);
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return new UserError(isReadonly
      ? `cannot read ${dbPath}: its directory is read-only and the database is in WAL mode (open it once with write access, or copy it elsewhere)`
      : `cannot write ${dbPath}: its directory is read-only`);
  }
  if (code.startsWith('SQLITE_READONLY')) return new UserError(`cannot write ${dbPath}: the database file is read-only`);
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_IOERR')) {
    return new UserError(`cannot open database ${dbPath}: ${detail}`);
  }
  return error as Error;
}

/** Refuses anything that is not an SQLite file before SQLite gets to misread it. */
function checkFile(dbPath: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dbPath);
  } catch {
    return;
  }
  if (stat.isDirectory()) throw new UserError(`--db ${dbPath} is a directory; name the database file inside it`);
  if (!stat.isFile()) throw new NotADatabaseError(`${dbPath} is not a regular file`);
  if (stat.size === 0) return;
  const header = Buffer.alloc(SQLITE_HEADER.length);
  const fd = fs.openSync(dbPath, 'r');
  try {
    fs.readSync(fd, header, 0, header.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (header.toString('latin1') !== SQLITE_HEADER) throw new NotADatabaseError(`${dbPath} is not a dfwatch database (not an SQLite file)`);
}

/** An SQLite file with tables of its own, none of them dfwatch's, is somebody else's database. */
function checkIsDfwatch(sqlite: Database.Database, dbPath: string): void {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (tables.length > 0 && !tables.includes('models') && !tables.includes('__drizzle_migrations')) {
    throw new NotADatabaseError(`${dbPath} is an SQLite database, but not a dfwatch one (no models table)`);
  }
}

function prepareConnection(sqlite: Database.Database, isReadonly: boolean): void {
  if (!isReadonly) {
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
}

/**
 * Leaves the file in rollback-journal mode when the last writer closes, so that read-only commands
 * can still read it from a read-only directory (a WAL database needs a writable -shm beside it).
 * Fails harmlessly while another connection is open; the next writer turns WAL back on.
 */
function closeWriter(sqlite: Database.Database): void {
  try {
    sqlite.pragma('journal_mode = DELETE');
  } catch {
    // Another connection still reads the file: it stays in WAL mode, which is just as correct.
  }
  sqlite.close();
}

export function openStore(options: OpenOptions): Store {
  const isMemory = options.path === ':memory:';
  const isReadonly = options.readonly ?? false;
  if (!isMemory) checkFile(options.path);
  if (!isMemory && !isReadonly) {
    const dir = path.dirname(path.resolve(options.path));
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new UserError(`cannot create the directory ${dir} for the database: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (!isMemory && isReadonly && !fs.existsSync(options.path)) {
    throw new UserError(`no database at ${options.path} (crawl or import first, or pass --db)`);
  }
  let sqlite: Database.Database;
  try {
    sqlite = new Database(options.path, { readonly: isReadonly });
  } catch (error) {
    throw storeErrorFrom(error, options.path, isReadonly);
  }
  try {
    prepareConnection(sqlite, isReadonly);
    if (!isMemory) checkIsDfwatch(sqlite, options.path);
    const db = drizzle(sqlite, { schema });
    if (!isReadonly) migrate(db, { migrationsFolder: MIGRATIONS_DIR });
    const close = isReadonly || isMemory ? () => sqlite.close() : () => closeWriter(sqlite);
    return { sqlite, db, path: options.path, close };
  } catch (error) {
    sqlite.close();
    throw storeErrorFrom(error, options.path, isReadonly);
  }
}

/**
 * Damage that only shows once a query reaches a broken page, long after the database opened: one
 * line for the user instead of a stack trace. Null for any other error.
 */
export function damagedStoreMessage(error: unknown): string | null {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `the database is corrupt (${(error as Error).message}); restore a backup, or start a new database with --db`;
  }
  return null;
}

/** PRAGMA quick_check: a bulk write (import) refuses a damaged file rather than add to the damage. */
export function assertIntact(store: Store): void {
  let problems: string[];
  try {
    problems = (store.sqlite.prepare('PRAGMA quick_check(5)').pluck().all() as string[]).filter((line) => line !== 'ok');
  } catch (error) {
    throw storeErrorFrom(error, store.path, false);
  }
  if (problems.length > 0) {
    // SQLite reports several problems in one string, a line each: the first two say where.
    const where = (problems[0] ?? '').split('\n').slice(0, 2).join(' ');
    throw new CorruptDatabaseError(`database ${store.path} is corrupt (PRAGMA quick_check failed: ${where}); nothing was imported`);
  }
}
