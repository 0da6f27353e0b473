// Errors that cross a module boundary. Only src/cli.ts turns them into a message and an exit code;
// anything else that escapes is a bug and keeps its stack trace.

/** The user asked for something impossible (bad option, missing file, unknown model). */
export class UserError extends Error {
  override name = 'UserError';
}

/** Another dfwatch process holds the database's run lock. */
export class LockHeldError extends Error {
  override name = 'LockHeldError';
}

/** --db names a file that is not a dfwatch database (not SQLite, or SQLite holding something else). */
export class NotADatabaseError extends UserError {
  override name = 'NotADatabaseError';
}

/** The database file is damaged: SQLite reports corruption, or PRAGMA quick_check fails. */
export class CorruptDatabaseError extends UserError {
  override name = 'CorruptDatabaseError';
}
