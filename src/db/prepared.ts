// Statements prepared once per store: a module asks for its SQL by text and gets the statement the
// connection already compiled, so no query is prepared again in a loop or on every call.
import type { Statement } from 'better-sqlite3';
import type { Store } from './open.js';

const cache = new WeakMap<Store, Map<string, Statement>>();

/** The store's prepared statement for this SQL text (compiled on first use). */
export function prepared<Params extends unknown[] | {} = unknown[], Row = unknown>(store: Store, sql: string): Statement<Params, Row> {
  let statements = cache.get(store);
  if (!statements) {
    statements = new Map();
    cache.set(store, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = store.sqlite.prepare(sql);
    statements.set(sql, statement);
  }
  return statement as unknown as Statement<Params, Row>;
}
