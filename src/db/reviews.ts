// The reviews table: analysts' decisions, append-only (src/triage/reviews.ts decides what may be
// written). The statements are prepared once, when the log is opened on a store; the web console
// writes through one of these on its own connection and nothing else. Hand-written SQL: the
// "latest review" and "status before a review" reads order by (created_at, id), which reads plainer
// as SQL than as builder calls.
import type { Statement } from 'better-sqlite3';
import type { Store } from './open.js';
import type { models, reviews } from './schema.js';

type Review = typeof reviews.$inferSelect;

export type NewReview = Pick<Review, 'modelId' | 'decision' | 'note' | 'reviewer' | 'createdAt' | 'undoesReviewId'>;

/** A review with the model it is about. */
export type ReviewOfModel = Pick<Review, 'id' | 'modelId' | 'createdAt'> & Pick<typeof models.$inferSelect, 'platform' | 'platformId'>;

export class ReviewLog {
  private readonly insert: Statement<[number, string, string | null, string, string, number | null], { id: number }>;
  private readonly byId: Statement<[number], ReviewOfModel>;
  private readonly latestOf: Statement<[number], { id: number }>;
  private readonly decisionBefore: Statement<[number, string, string, number], { decision: string }>;

  constructor(store: Store) {
    const db = store.sqlite;
    this.insert = db.prepare('INSERT INTO reviews (model_id, decision, note, reviewer, created_at, undoes_review_id) VALUES (?, ?, ?, ?, ?, ?) RETURNING id');
    this.byId = db.prepare(
      `SELECT r.id, r.model_id AS modelId, r.created_at AS createdAt, m.platform, m.platform_id AS platformId
       FROM reviews r JOIN models m ON m.id = r.model_id WHERE r.id = ?`,
    );
    this.latestOf = db.prepare('SELECT id FROM reviews WHERE model_id = ? ORDER BY created_at DESC, id DESC LIMIT 1');
    this.decisionBefore = db.prepare(
      `SELECT decision FROM reviews WHERE model_id = ? AND (created_at < ? OR (created_at = ? AND id < ?))
       ORDER BY created_at DESC, id DESC LIMIT 1`,
    );
  }

  /** Appends a review; returns its id. */
  append(review: NewReview): number {
    return this.insert.get(review.modelId, review.decision, review.note, review.reviewer, review.createdAt, review.undoesReviewId)!.id;
  }

  find(reviewId: number): ReviewOfModel | null {
    return this.byId.get(reviewId) ?? null;
  }

  /** The id of the model's latest review (its current status), or null when it has none. */
  latestId(modelId: number): number | null {
    return this.latestOf.get(modelId)?.id ?? null;
  }

  /** The model's decision just before this review of it, or null when the review was its first. */
  decisionBeforeReview(review: Pick<Review, 'id' | 'modelId' | 'createdAt'>): string | null {
    return this.decisionBefore.get(review.modelId, review.createdAt, review.createdAt, review.id)?.decision ?? null;
  }
}

/** A model's latest person verdict by an analyst: confirmed (targets a person) or false_positive. */
export interface PersonVerdictRow extends Pick<typeof models.$inferSelect, 'platform' | 'platformId' | 'name'> {
  decision: 'confirmed' | 'false_positive';
}

/** Every reviewed model's latest confirmed or false_positive decision (the evaluation's extra gold). */
export function latestPersonVerdicts(store: Store): PersonVerdictRow[] {
  return store.sqlite
    .prepare<[], PersonVerdictRow>(
      `SELECT m.platform, m.platform_id AS platformId, m.name, r.decision FROM reviews r JOIN models m ON m.id = r.model_id
       WHERE r.decision IN ('confirmed', 'false_positive')
         AND r.id = (SELECT MAX(r2.id) FROM reviews r2 WHERE r2.model_id = r.model_id AND r2.decision IN ('confirmed', 'false_positive'))`,
    )
    .all();
}
