// Where a model sits in a triage queue, and which model comes after it: the console opens that one
// after a decision. Found by reading the queue from its start up to the page after the model's, so a
// queue that shrinks as models are decided (status unreviewed) still finds the model and its next.
import type { Store } from '../db/open.js';
import { MAX_LIMIT, countTriage, queryTriage, type TriageFilters } from './triage.js';

export interface QueuePosition {
  /** 0-based. */
  index: number;
  total: number;
  nextRef: string | null;
  /** The page of `filters.limit` rows the next model is on. */
  nextPage: number;
}

export function queuePosition(store: Store, filters: TriageFilters, ref: string): QueuePosition | null {
  const span = Math.min((filters.page + 1) * filters.limit, MAX_LIMIT);
  const { rows } = queryTriage(store, { ...filters, page: 1, limit: span });
  const index = rows.findIndex((row) => row.ref === ref);
  if (index < 0) return null;
  return {
    index,
    total: countTriage(store, filters),
    nextRef: rows[index + 1]?.ref ?? null,
    nextPage: Math.floor((index + 1) / filters.limit) + 1,
  };
}
