// Which classifier version's decisions a query reads: every output names exactly one.
import type { Store } from './open.js';
import { UserError } from '../errors.js';

/** The version that classified most recently, or null when nothing is classified yet. */
export function newestClassifierVersion(store: Store): string | null {
  const row = store.sqlite
    .prepare('SELECT classifier_version AS version FROM classifications ORDER BY classified_at DESC LIMIT 1')
    .get() as { version: string } | undefined;
  return row?.version ?? null;
}

/** The version asked for (it must exist), else the newest one, else null. */
export function chooseClassifierVersion(store: Store, requested: string | undefined): string | null {
  if (requested === undefined) return newestClassifierVersion(store);
  const exists = store.sqlite.prepare('SELECT 1 FROM classifications WHERE classifier_version = ? LIMIT 1').get(requested);
  if (!exists) {
    const known = store.sqlite.prepare('SELECT DISTINCT classifier_version AS version FROM classifications ORDER BY 1').all() as { version: string }[];
    throw new UserError(
      `no classifications with classifier version "${requested}"` +
        (known.length > 0 ? ` (present: ${known.map((row) => row.version).join(', ')})` : ' (nothing is classified yet)'),
    );
  }
  return requested;
}
