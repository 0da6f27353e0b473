// Analysts' decisions. Append-only: a new decision is a new row, and the latest row is the model's
// status. Setting a model back to unreviewed and undoing a decision are new rows too, so the history
// shows who changed what and when. The web console opens a connection used only through this class,
// so it can write nothing but reviews.
import type { Store } from '../db/open.js';
import { ReviewLog } from '../db/reviews.js';
import { UserError } from '../errors.js';
import { REVIEW_STATUSES, type ReviewStatus } from './triage.js';
import { formatModelRef, resolveModelId, type ModelRef } from './model-ref.js';

export interface ReviewInput {
  ref: ModelRef;
  /** A decision, or 'unreviewed' to set the model back. */
  decision: ReviewStatus;
  note: string | null;
  reviewer: string;
  /** ISO 8601; injected so tests and imports can fix the time. */
  at: string;
}

export interface UndoInput {
  /** The review to take back. */
  reviewId: number;
  reviewer: string;
  at: string;
}

export interface RecordedReview {
  id: number;
  /** "platform:platformId" of the model. */
  ref: string;
  modelId: number;
  decision: ReviewStatus;
  note: string | null;
  reviewer: string;
  createdAt: string;
  /** On an undo: the review taken back. */
  undoesReviewId: number | null;
}

export const MAX_NOTE_CHARS = 2000;
export const MAX_REVIEWER_CHARS = 100;

export class ReviewNotUndoableError extends UserError {}

function checkedReviewer(reviewer: string): string {
  const trimmed = reviewer.trim();
  if (trimmed === '' || trimmed.length > MAX_REVIEWER_CHARS) {
    throw new UserError(`a reviewer name (1–${MAX_REVIEWER_CHARS} characters) is required: --reviewer or DFWATCH_REVIEWER`);
  }
  return trimmed;
}

export class ReviewWriter {
  private readonly log: ReviewLog;

  constructor(private readonly store: Store) {
    this.log = new ReviewLog(store);
  }

  record(input: ReviewInput): RecordedReview {
    if (!(REVIEW_STATUSES as readonly string[]).includes(input.decision)) {
      throw new UserError(`decision must be one of: ${REVIEW_STATUSES.join(', ')}`);
    }
    const reviewer = checkedReviewer(input.reviewer);
    const note = input.note?.trim() ? input.note.trim().slice(0, MAX_NOTE_CHARS) : null;
    const modelId = resolveModelId(this.store, input.ref);
    return this.write(modelId, formatModelRef(input.ref), input.decision, note, reviewer, input.at, null);
  }

  /** Several decisions at once: all are recorded, or none (one unknown model stops the lot). */
  recordAll(inputs: ReviewInput[]): RecordedReview[] {
    return this.store.sqlite.transaction(() => inputs.map((input) => this.record(input)))();
  }

  /**
   * Takes a decision back with a new row that restores the status from before it. Only the model's
   * latest review can be undone: once someone decided again, undoing the older one would silently
   * overwrite their decision.
   */
  undo(input: UndoInput): RecordedReview {
    const reviewer = checkedReviewer(input.reviewer);
    const review = this.log.find(input.reviewId);
    if (!review) throw new ReviewNotUndoableError(`no review ${input.reviewId}`);
    const ref = formatModelRef({ platform: review.platform, platformId: review.platformId });
    if (this.log.latestId(review.modelId) !== review.id) throw new ReviewNotUndoableError(`${ref} was reviewed again after that decision: not undone`);
    const before = this.log.decisionBeforeReview(review) as ReviewStatus | null;
    return this.write(review.modelId, ref, before ?? 'unreviewed', null, reviewer, input.at, review.id);
  }

  /** Several undos at once, all or none. */
  undoAll(inputs: UndoInput[]): RecordedReview[] {
    return this.store.sqlite.transaction(() => inputs.map((input) => this.undo(input)))();
  }

  private write(
    modelId: number,
    ref: string,
    decision: ReviewStatus,
    note: string | null,
    reviewer: string,
    at: string,
    undoesReviewId: number | null,
  ): RecordedReview {
    const id = this.log.append({ modelId, decision, note, reviewer, createdAt: at, undoesReviewId });
    return { id, ref, modelId, decision, note, reviewer, createdAt: at, undoesReviewId };
  }
}
