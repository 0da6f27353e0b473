import { afterAll, describe, expect, it } from 'vitest';
import { getModelDetail } from '../../src/triage/model-detail.js';
import { parseModelRef } from '../../src/triage/model-ref.js';
import { ReviewWriter } from '../../src/triage/reviews.js';
import { UserError } from '../../src/errors.js';
import { SHARED_SHA, buildTriageStore } from './fixture.js';

describe('getModelDetail', () => {
  const store = buildTriageStore();
  afterAll(() => store.close());

  it('gathers evidence, files, snapshots, re-uploads and reviews', () => {
    const detail = getModelDetail(store, parseModelRef('civitai:1'));
    expect(detail.classification).toMatchObject({ classifierVersion: '1.0.0', ncii: true, targetName: 'Jane Doe' });
    expect(detail.classification!.evidence.map((item) => item.rule)).toEqual(['person.name', 'sexual.tag']);
    expect(detail.versions[0]!.files[0]).toMatchObject({ sha256: SHARED_SHA, autov2: SHARED_SHA.slice(0, 10), isPrimary: true });
    expect(detail.snapshots.map((snapshot) => snapshot.downloads)).toEqual([1000, 1500]);
    expect(detail.reuploads).toEqual([{ ref: 'civitai:5', name: 'Jane Doe reupload', url: 'https://civitai.com/models/5', matchedOn: 'sha256', hash: SHARED_SHA }]);
    expect(detail.reviews.map((review) => review.decision)).toEqual(['confirmed', 'escalated']);
    expect(detail.status).toBe('escalated');
  });

  it('finds Hugging Face models by owner/name', () => {
    expect(getModelDetail(store, parseModelRef('hf:bob/jane-flux')).model.name).toBe('jane-flux');
  });

  it('names an unknown or malformed reference in a UserError', () => {
    expect(() => getModelDetail(store, parseModelRef('civitai:404'))).toThrow('no model civitai:404 in the database');
    expect(() => parseModelRef('12345')).toThrow(UserError);
    expect(() => parseModelRef('myspace:1')).toThrow(UserError);
  });
});

describe('ReviewWriter', () => {
  const store = buildTriageStore();
  afterAll(() => store.close());

  it('appends decisions and never overwrites earlier ones', () => {
    const writer = new ReviewWriter(store);
    const ref = parseModelRef('civitai:3');
    writer.record({ ref, decision: 'confirmed', note: '  second look  ', reviewer: 'bo', at: '2026-03-01T00:00:00.000Z' });
    const detail = getModelDetail(store, ref);
    expect(detail.reviews).toEqual([
      { id: expect.any(Number), decision: 'false_positive', note: 'different person', reviewer: 'ana', createdAt: '2026-02-03T00:00:00.000Z', undoesReviewId: null },
      { id: expect.any(Number), decision: 'confirmed', note: 'second look', reviewer: 'bo', createdAt: '2026-03-01T00:00:00.000Z', undoesReviewId: null },
    ]);
    expect(detail.status).toBe('confirmed');
  });

  it('requires a reviewer', () => {
    const writer = new ReviewWriter(store);
    expect(() => writer.record({ ref: parseModelRef('civitai:3'), decision: 'confirmed', note: null, reviewer: ' ', at: '2026-03-01T00:00:00.000Z' })).toThrow(/reviewer/);
  });
});
