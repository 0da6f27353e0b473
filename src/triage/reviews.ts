// Analysts' decisions. Append-only: a new decision is a new row, and the latest row is the model's
// status. The web console opens a connection used only through this class, so it can write nothing
// but reviews.
import type { Statement } from 'better-sqlite3';
import type { Store } from '../db/open.js';
import { UserError } from '../errors.js';
import { REVIEW_DECISIONS, type ReviewDecision } from './triage.js';
import { resolveModelId, type ModelRef } from './model-ref.js';

export interface ReviewInput {
  ref: ModelRef;
  decision: ReviewDecision;
  note: string | null;
  reviewer: string;
  /** ISO 8601; injected so tests and imports can fix the time. */
  at: string;
}

export interface RecordedReview {
  id: number;
  modelId: number;
  decision: ReviewDecision;
  note: string | null;
  reviewer: string;
  createdAt: string;
}

export const MAX_NOTE_CHARS = 2000;
export const MAX_REVIEWER_CHARS = 100;

export class ReviewWriter {
  private readonly insert: Statement;

  constructor(private readonly store: Store) {
    this.insert = store.sqlite.prepare(
      'INSERT INTO reviews (model_id, decision, note, reviewer, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
    );
  }

  record(input: ReviewInput): RecordedReview {
    if (!(REVIEW_DECISIONS as readonly string[]).includes(input.decision)) {
      throw new UserError(`decision must be one of: ${REVIEW_DECISIONS.join(', ')}`);
    }
    const reviewer = input.reviewer.trim();
    if (reviewer === '' || reviewer.length > MAX_REVIEWER_CHARS) {
      throw new UserError(`a reviewer name (1–${MAX_REVIEWER_CHARS} characters) is required: --reviewer or DFWATCH_REVIEWER`);
    }
    const note = input.note?.trim() ? input.note.trim().slice(0, MAX_NOTE_CHARS) : null;
    const modelId = resolveModelId(this.store, input.ref);
    const { id } = this.insert.get(modelId, input.decision, note, reviewer, input.at) as { id: number };
    return { id, modelId, decision: input.decision, note, reviewer, createdAt: input.at };
  }
}
