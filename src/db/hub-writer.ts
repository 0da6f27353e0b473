// Writes Hugging Face records, on top of the common ingest: a listing has no card text, so the
// stored card is kept while the repo's commit is unchanged, and a repo that is disabled or turned
// gated is marked removed (keeping the date of an earlier mark). Statements are prepared once, in
// the constructor; every write is one transaction with its checkpoint.
import type { Statement } from 'better-sqlite3';
import { contentHash, Ingestor, type Checkpoint, type ItemErrorRecord, type ModelRecord } from './ingest.js';
import { writeRepoVariants, type VariantRow } from './hub-variants.js';
import type { Store } from './open.js';
import { RemovalMarker, type RemovalReason } from './removals.js';
import { saveUnitCheckpoint } from './runs.js';
import type { models } from './schema.js';

/** What a write needs to know of the stored repo. */
type StoredState = Pick<typeof models.$inferSelect, 'platformId' | 'sha' | 'cardText' | 'gated' | 'removedAt' | 'removedReason'>;

/** Whether a stored `gated` value means access is restricted ('auto' or 'manual'; the Hub sends false or a mode). */
export function isGated(gated: string | null): boolean {
  return gated !== null && gated !== 'false';
}

/** One batch of the details step: repos with their files and card, and the step's checkpoint. */
export interface DetailsBatch {
  records: ModelRecord[];
  /** Repos the details lookup found gone (404). */
  removed: string[];
  errors: ItemErrorRecord[];
  /** Archive repos' variants by repo id; a repo absent here keeps no variants. */
  variants: ReadonlyMap<string, readonly VariantRow[]>;
  checkpoint: Checkpoint;
}

export class HubWriter {
  private readonly ingestor: Ingestor;
  private readonly removals: RemovalMarker;
  // JSON array of ids in one bound value: a page of 1,000 ids needs no statement per page size.
  private readonly selectStored: Statement<[string], StoredState>;
  private readonly setContentHash: Statement<[string, string]>;

  constructor(
    private readonly store: Store,
    private readonly context: { runId: number; asOf: string },
  ) {
    this.ingestor = new Ingestor(store);
    this.removals = new RemovalMarker(store);
    this.selectStored = store.sqlite.prepare(
      `SELECT platform_id AS platformId, sha, card_text AS cardText, gated, removed_at AS removedAt, removed_reason AS removedReason
       FROM models WHERE platform = 'huggingface' AND platform_id IN (SELECT value FROM json_each(?))`,
    );
    this.setContentHash = store.sqlite.prepare(`UPDATE models SET content_hash = ? WHERE platform = 'huggingface' AND platform_id = ?`);
  }

  /** A listing page with its checkpoint, in one transaction. */
  writePage(records: ModelRecord[], errors: ItemErrorRecord[], checkpoint?: Checkpoint): void {
    this.store.sqlite.transaction(() => {
      const prior = this.storedState(records);
      for (const record of records) this.carryCard(record, prior.get(record.platformId));
      this.ingestor.ingestPage(this.context, records, errors, checkpoint);
      for (const record of records) this.applyAvailability(record, prior.get(record.platformId));
    })();
  }

  /** Repos confirmed one by one (removal checks), without a listing checkpoint. */
  writeConfirmed(records: ModelRecord[], removed: { platformId: string; reason: RemovalReason }[], errors: ItemErrorRecord[]): void {
    this.store.sqlite.transaction(() => {
      const prior = this.storedState(records);
      for (const record of records) {
        this.carryCard(record, prior.get(record.platformId));
        this.ingestor.upsert(this.context, record);
        this.applyAvailability(record, prior.get(record.platformId));
      }
      for (const gone of removed) this.markRemoved(gone.platformId, gone.reason);
      if (errors.length > 0) this.ingestor.ingestPage(this.context, [], errors);
    })();
  }

  /** Repos with their files and card (and an archive's variants), and the details unit's checkpoint. */
  writeDetails(batch: DetailsBatch): void {
    this.store.sqlite.transaction(() => {
      for (const record of batch.records) {
        this.ingestor.upsert(this.context, record);
        // A repo that is no longer an archive keeps no variants.
        writeRepoVariants(this.store, { platformId: record.platformId, asOf: this.context.asOf }, batch.variants.get(record.platformId) ?? []);
        // Store the hash the next listing will compute (it has no files, and carries this card),
        // so an unchanged repo reads as unchanged rather than flipping between two hashes.
        this.setContentHash.run(contentHash({ ...record, versions: undefined }), record.platformId);
      }
      for (const platformId of batch.removed) this.markRemoved(platformId, 'not_found');
      if (batch.errors.length > 0) this.ingestor.ingestPage(this.context, [], batch.errors);
      saveUnitCheckpoint(this.store, this.context.runId, { ...batch.checkpoint, items: batch.records.length });
    })();
  }

  private storedState(records: readonly ModelRecord[]): Map<string, StoredState> {
    const ids = [...new Set(records.map((record) => record.platformId))];
    return new Map(this.selectStored.all(JSON.stringify(ids)).map((row) => [row.platformId, row]));
  }

  private markRemoved(platformId: string, reason: RemovalReason): void {
    this.removals.mark({ runId: this.context.runId, platform: 'huggingface', platformId, reason, at: this.context.asOf });
  }

  /** A listing has no card text: keep the stored one while the repo's commit is unchanged. */
  private carryCard(record: ModelRecord, prior: StoredState | undefined): void {
    if (record.cardText === null && prior?.cardText && prior.sha !== null && prior.sha === record.sha) record.cardText = prior.cardText;
  }

  /**
   * A disabled repo is marked removed; a gated one only when it turned gated (many repos are gated
   * from birth, with automatic approval). An earlier mark keeps its date: the upsert above cleared
   * it, as it does for any repo seen again, so it is put back.
   */
  private applyAvailability(record: ModelRecord, prior: StoredState | undefined): void {
    const reason: RemovalReason | null = record.disabled
      ? 'disabled'
      : isGated(record.gated) && prior !== undefined && (!isGated(prior.gated) || prior.removedReason === 'gated')
        ? 'gated'
        : null;
    if (reason === null) return;
    if (prior?.removedAt && prior.removedReason === reason) {
      this.removals.restore('huggingface', record.platformId, { removedAt: prior.removedAt, removedReason: reason });
      return;
    }
    this.markRemoved(record.platformId, reason);
  }
}
