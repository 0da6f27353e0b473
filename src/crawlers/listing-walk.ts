// One crawl loop for both platforms. A listing is an async generator of pages, started from a unit's
// committed cursor, that follows the next cursor itself (like the Hub client's listModels, but with
// the cursor exposed so a run can checkpoint it). Each page commits with the cursor that follows it,
// in one transaction, and the next page is already on its way while it does: a kill loses at most
// the page in flight, and nothing is stored twice.
import type { Checkpoint, ItemErrorRecord, ModelRecord } from '../db/ingest.js';
import type { UnitState } from '../db/runs.js';

export interface ListingPage {
  items: ModelRecord[];
  /** Items that failed validation, kept as error rows. */
  errors: ItemErrorRecord[];
  /** Where the next page starts (a cursor, or a next-page URL); null after the last page. */
  nextCursor: string | null;
}

/** A listing from a resume point (null: the first page). */
export type Listing = (cursor: string | null) => AsyncGenerator<ListingPage, void, undefined>;

export interface WalkOptions {
  unit: string;
  /** The unit's committed state: where a resumed walk carries on. */
  state: UnitState;
  listing: Listing;
  /** Stop once the unit holds this many pages (a sample); no page past it is requested. */
  maxPages?: number;
  /** Stores one page with its checkpoint, in one transaction. */
  commit(page: ListingPage, checkpoint: Checkpoint): void;
  /** After each committed page, with the unit's new state (progress, logs, traffic). */
  onCommitted?(page: ListingPage, state: UnitState): void;
}

/** A cursor that does not move would loop forever; Civitai has answered like that on empty tails. */
const MAX_REPEATED_CURSOR = 3;

/** Walks a unit's listing to its end (or its page cap) and returns the unit's final state. */
export async function walkListing(options: WalkOptions): Promise<UnitState> {
  const isCapped = (state: UnitState) => options.maxPages !== undefined && state.pages >= options.maxPages;
  let state = options.state;
  if (state.isDone || isCapped(state)) return state;
  const pages = options.listing(state.cursor);
  let repeated = 0;
  let pending: Promise<IteratorResult<ListingPage, void>> | null = pages.next();
  try {
    while (pending) {
      const result: IteratorResult<ListingPage, void> = await pending;
      if (result.done) break;
      const page: ListingPage = result.value;
      repeated = page.nextCursor !== null && page.nextCursor === state.cursor ? repeated + 1 : 0;
      const isDone: boolean = page.nextCursor === null || repeated >= MAX_REPEATED_CURSOR;
      const next: UnitState = { cursor: page.nextCursor ?? state.cursor, isDone, pages: state.pages + 1, items: state.items + page.items.length };
      // The next request goes out before this page's (synchronous) commit, so the server answers
      // while the store writes. It is awaited on the next turn; should the commit throw first, the
      // catch keeps its failure from surfacing as an unhandled rejection.
      pending = isDone || isCapped(next) ? null : pages.next();
      pending?.catch(() => undefined);
      options.commit(page, { unit: options.unit, cursor: next.cursor, isDone });
      state = next;
      options.onCommitted?.(page, state);
    }
  } finally {
    // Closes the generator (not awaited: after a failed commit it may still wait for its request).
    if (!pending) void pages.return(undefined);
  }
  return state;
}
