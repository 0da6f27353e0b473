import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/db/open.js';
import { ReviewNotUndoableError, ReviewWriter } from '../../src/triage/reviews.js';
import { getModelDetail } from '../../src/triage/model-detail.js';
import { UserError } from '../../src/errors.js';
import { buildTriageStore, modelIdOf } from './fixture.js';

let store: Store;
let writer: ReviewWriter;
beforeEach(() => {
  store = buildTriageStore();
  writer = new ReviewWriter(store);
});
afterEach(() => store.close());

const statusOf = (platformId: string) => getModelDetail(store, { platform: 'civitai', platformId }).status;
const rowsOf = (platformId: string) =>
  store.sqlite
    .prepare('SELECT decision, reviewer, undoes_review_id AS undoes FROM reviews WHERE model_id = ? ORDER BY id')
    .all(modelIdOf(store, platformId));
const at = (minute: number) => `2026-03-01T00:${String(minute).padStart(2, '0')}:00.000Z`;
const ref = (platformId: string) => ({ platform: 'civitai' as const, platformId });

describe('ReviewWriter', () => {
  it('sets a model back to unreviewed with a new row, keeping the history', () => {
    writer.record({ ref: ref('1'), decision: 'unreviewed', note: 'needs a second look', reviewer: 'bo', at: at(1) });
    expect(statusOf('1')).toBe('unreviewed');
    expect(rowsOf('1').map((row) => (row as { decision: string }).decision)).toEqual(['confirmed', 'escalated', 'unreviewed']);
  });

  it('records several decisions all or none', () => {
    const recorded = writer.recordAll([
      { ref: ref('4'), decision: 'confirmed', note: null, reviewer: 'bo', at: at(1) },
      { ref: ref('5'), decision: 'confirmed', note: null, reviewer: 'bo', at: at(1) },
    ]);
    expect(recorded.map((review) => review.ref)).toEqual(['civitai:4', 'civitai:5']);
    expect(() =>
      writer.recordAll([
        { ref: ref('4'), decision: 'reported', note: null, reviewer: 'bo', at: at(2) },
        { ref: ref('999'), decision: 'reported', note: null, reviewer: 'bo', at: at(2) },
      ]),
    ).toThrow(UserError);
    expect(statusOf('4')).toBe('confirmed');
  });

  it('undoes a decision with a new row that restores the status before it', () => {
    const review = writer.record({ ref: ref('1'), decision: 'false_positive', note: null, reviewer: 'bo', at: at(1) });
    const undone = writer.undo({ reviewId: review.id, reviewer: 'bo', at: at(2) });
    expect(undone).toMatchObject({ ref: 'civitai:1', decision: 'escalated', undoesReviewId: review.id });
    expect(statusOf('1')).toBe('escalated');
    expect(rowsOf('1')).toEqual([
      { decision: 'confirmed', reviewer: 'ana', undoes: null },
      { decision: 'escalated', reviewer: 'ana', undoes: null },
      { decision: 'false_positive', reviewer: 'bo', undoes: null },
      { decision: 'escalated', reviewer: 'bo', undoes: review.id },
    ]);
  });

  it('undoes a first decision back to unreviewed', () => {
    const review = writer.record({ ref: ref('4'), decision: 'confirmed', note: null, reviewer: 'bo', at: at(1) });
    writer.undo({ reviewId: review.id, reviewer: 'bo', at: at(2) });
    expect(statusOf('4')).toBe('unreviewed');
  });

  it('refuses to undo a decision someone has decided over since', () => {
    const mine = writer.record({ ref: ref('4'), decision: 'confirmed', note: null, reviewer: 'bo', at: at(1) });
    writer.record({ ref: ref('4'), decision: 'reported', note: null, reviewer: 'cy', at: at(2) });
    expect(() => writer.undo({ reviewId: mine.id, reviewer: 'bo', at: at(3) })).toThrow(ReviewNotUndoableError);
    expect(statusOf('4')).toBe('reported');
  });
});
