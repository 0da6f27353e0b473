// A synthetic store for measuring and testing triage at scale: N models, two snapshots each, one
// classification each, and a few reviews, written with raw prepared inserts in one transaction (the
// ingest path would take minutes at a million models, and its work is not what is measured here).
// Shared by the triage bench and the triage tests; seeded, so every build is the same.
import type { Store } from './open.js';
import { seededRandom } from '../random.js';

const BASES = ['SD 1.x', 'SDXL', 'Pony', 'Illustrious', 'Flux.1', 'Other'];
const FAMES = ['celebrity', 'adult_performer', 'influencer', 'private', 'unknown'];
const DECISIONS = ['confirmed', 'false_positive', 'escalated', 'reported'];

/** Fills an empty store with `count` models, two snapshots each, one classification each, and reviews. */
export function buildSyntheticStore(store: Store, count: number): void {
  const db = store.sqlite;
  const next = seededRandom(20250503);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const run = db.prepare(
    `INSERT INTO crawl_runs (platform, kind, scope, is_full, status, as_of, started_at) VALUES ('civitai', 'crawl', 'bench', 1, 'done', ?, ?) RETURNING id`,
  );
  const insertModel = db.prepare(
    `INSERT INTO models (id, platform, platform_id, name, type, creator, url, downloads, downloads_all_time, content_hash, created_at,
       first_seen_run, last_seen_run, first_seen_at, last_seen_at)
     VALUES (?, ?, ?, ?, 'LORA', ?, ?, ?, ?, 'h', ?, ?, ?, ?, ?)`,
  );
  const insertSnapshot = db.prepare('INSERT INTO snapshots (run_id, model_id, taken_at, downloads, downloads_all_time) VALUES (?, ?, ?, ?, ?)');
  const insertClassification = db.prepare(
    `INSERT INTO classifications (model_id, classifier_version, content_hash, classified_at, person_score, person_target, person_target_no_poi,
       target_name, target_gender, fame, sexual, ncii, ncii_signals, minor_signal, base_family, evidence)
     VALUES (?, 'bench-1', 'h', ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', 0, ?, ?)`,
  );
  const insertReview = db.prepare(`INSERT INTO reviews (model_id, decision, note, reviewer, created_at) VALUES (?, ?, NULL, 'bench', ?)`);
  const start = Date.parse('2024-01-01T00:00:00Z');
  const span = 700 * 86_400_000;
  const lastRunAt = '2026-01-01T00:00:00.000Z';
  const previousRunAt = '2025-12-01T00:00:00.000Z';
  db.transaction(() => {
    const previousRun = (run.get(previousRunAt, previousRunAt) as { id: number }).id;
    const lastRun = (run.get(lastRunAt, lastRunAt) as { id: number }).id;
    for (let id = 1; id <= count; id++) {
      const isCivitai = next() < 0.7;
      const platform = isCivitai ? 'civitai' : 'huggingface';
      const platformId = isCivitai ? String(id) : `owner${id % 40_000}/model-${id}`;
      const seenAt = new Date(start + Math.floor(next() * span)).toISOString();
      const firstRun = seenAt < previousRunAt ? previousRun : lastRun;
      // Heavy-tailed downloads: most models have a few, a few have very many.
      const downloads = Math.floor(Math.exp(next() * 12));
      const gained = Math.floor(next() * next() * 500);
      const allTime = isCivitai ? null : downloads * 3;
      insertModel.run(id, platform, platformId, `Model ${id}`, `creator${id % 50_000}`, `https://example.org/${id}`, downloads, allTime,
        seenAt, firstRun, lastRun, seenAt, lastRunAt);
      if (firstRun === previousRun) insertSnapshot.run(previousRun, id, previousRunAt, Math.max(0, downloads - gained), allTime === null ? null : Math.max(0, allTime - gained));
      insertSnapshot.run(lastRun, id, lastRunAt, downloads, allTime);
      // About a third person-like, as in the bench crawl (src/replay/synthetic.ts: 7 slots of 20), so
      // the person flag is no more selective here than there.
      const isPerson = next() < 0.35;
      const isSexual = next() < 0.3;
      insertClassification.run(
        id,
        lastRunAt,
        isPerson ? 0.5 + next() / 2 : next() / 2,
        isPerson ? 1 : 0,
        isPerson ? 1 : 0,
        isPerson ? `Name ${Math.floor(next() * 5000)}` : null,
        isPerson ? (next() < 0.9 ? 'female' : 'male') : 'unknown',
        isPerson ? pick(FAMES) : 'unknown',
        isSexual ? 1 : 0,
        isPerson && isSexual ? 1 : 0,
        pick(BASES),
        JSON.stringify([{ rule: 'person.name', field: 'name', match: `Model ${id}`, weight: 0.5 }]),
      );
      if (isPerson && next() < 0.05) insertReview.run(id, pick(DECISIONS), lastRunAt);
    }
  })();
  db.exec('ANALYZE');
}
