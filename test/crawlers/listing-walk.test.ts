// The one crawl loop: the next page is on its way while the current one commits, its cursor commits
// with it, and no page past a sample's cap or a failed commit is ever stored.
import { describe, expect, it } from 'vitest';
import type { Checkpoint, ModelRecord } from '../../src/db/ingest.js';
import type { UnitState } from '../../src/db/runs.js';
import { walkListing, type ListingPage } from '../../src/crawlers/listing-walk.js';

const FRESH: UnitState = { cursor: null, isDone: false, pages: 0, items: 0 };

/** A listing of `count` pages whose cursors are "1", "2", …; records every fetch it starts and ends. */
function fakeListing(count: number, events: string[], options: { repeatFrom?: number } = {}) {
  return async function* (cursor: string | null): AsyncGenerator<ListingPage, void, undefined> {
    for (let at = Number(cursor ?? 0); ; ) {
      events.push(`fetch ${at}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      events.push(`fetched ${at}`);
      const isRepeating = options.repeatFrom !== undefined && at >= options.repeatFrom;
      const next = isRepeating ? at : at + 1;
      const nextCursor = next < count ? String(next) : null;
      yield { items: [{ platformId: String(at) } as ModelRecord], errors: [], nextCursor };
      if (nextCursor === null) return;
      at = next;
    }
  };
}

describe('walkListing', () => {
  it('asks for the next page before the current one commits, and commits each page with the cursor after it', async () => {
    const events: string[] = [];
    const checkpoints: Checkpoint[] = [];
    const state = await walkListing({
      unit: 'u',
      state: FRESH,
      listing: fakeListing(3, events),
      commit: (page, checkpoint) => {
        events.push(`commit ${page.items[0]!.platformId}`);
        checkpoints.push(checkpoint);
      },
    });
    expect(events).toEqual(['fetch 0', 'fetched 0', 'fetch 1', 'commit 0', 'fetched 1', 'fetch 2', 'commit 1', 'fetched 2', 'commit 2']);
    expect(checkpoints).toEqual([
      { unit: 'u', cursor: '1', isDone: false },
      { unit: 'u', cursor: '2', isDone: false },
      { unit: 'u', cursor: '2', isDone: true },
    ]);
    expect(state).toEqual({ cursor: '2', isDone: true, pages: 3, items: 3 });
  });

  it('carries on from a stored cursor and counts on from the stored totals', async () => {
    const events: string[] = [];
    const state = await walkListing({ unit: 'u', state: { cursor: '2', isDone: false, pages: 2, items: 7 }, listing: fakeListing(4, events), commit: () => undefined });
    expect(events.filter((event) => event.startsWith('fetch '))).toEqual(['fetch 2', 'fetch 3']);
    expect(state).toEqual({ cursor: '3', isDone: true, pages: 4, items: 9 });
  });

  it('never requests a page past a sample cap', async () => {
    const events: string[] = [];
    const state = await walkListing({ unit: 'u', state: FRESH, listing: fakeListing(10, events), maxPages: 2, commit: () => undefined });
    expect(events.filter((event) => event.startsWith('fetch '))).toEqual(['fetch 0', 'fetch 1']);
    expect(state).toMatchObject({ pages: 2, isDone: false, cursor: '2' });
  });

  it('does nothing for a unit that is done or already at its cap', async () => {
    const events: string[] = [];
    await walkListing({ unit: 'u', state: { cursor: '5', isDone: true, pages: 5, items: 5 }, listing: fakeListing(10, events), commit: () => undefined });
    await walkListing({ unit: 'u', state: { cursor: '2', isDone: false, pages: 2, items: 2 }, listing: fakeListing(10, events), maxPages: 2, commit: () => undefined });
    expect(events).toEqual([]);
  });

  it('ends a listing whose cursor stops moving after three repeats', async () => {
    const events: string[] = [];
    const state = await walkListing({ unit: 'u', state: FRESH, listing: fakeListing(100, events, { repeatFrom: 1 }), commit: () => undefined });
    expect(state).toMatchObject({ cursor: '1', isDone: true, pages: 4 });
  });

  it('stops at a commit that fails: nothing after it is committed and the page in flight is dropped without an unhandled rejection', async () => {
    const events: string[] = [];
    const failing = async function* (): AsyncGenerator<ListingPage, void, undefined> {
      yield { items: [], errors: [], nextCursor: '1' };
      events.push('fetch 1');
      throw new Error('the server went away');
    };
    const committed: string[] = [];
    const error = await walkListing({
      unit: 'u',
      state: FRESH,
      listing: failing,
      commit: (_page, checkpoint) => {
        committed.push(String(checkpoint.cursor));
        throw new Error('disk full');
      },
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('disk full');
    expect(events).toEqual(['fetch 1']);
    expect(committed).toEqual(['1']);
    // An unhandled rejection would fail the run here (vitest reports it as an error).
    await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it('a fetch that fails after a page was handed over leaves that page committed', async () => {
    const failing = async function* (): AsyncGenerator<ListingPage, void, undefined> {
      yield { items: [], errors: [], nextCursor: '1' };
      throw new Error('HTTP 500');
    };
    const committed: (string | null)[] = [];
    const error = await walkListing({ unit: 'u', state: FRESH, listing: failing, commit: (_page, checkpoint) => void committed.push(checkpoint.cursor) }).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('HTTP 500');
    expect(committed).toEqual(['1']);
  });
});
