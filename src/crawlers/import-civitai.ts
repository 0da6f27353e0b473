// `dfwatch import civitai`: archives of the API go through the same validation and ingest as a crawl,
// as a run dated --as-of. Each file is a unit whose checkpoint is the last item committed, so an
// interrupted import resumes instead of counting anything twice.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { assertIntact, type Store } from '../db/open.js';
import { Ingestor, type ItemErrorRecord, type ModelRecord } from '../db/ingest.js';
import { finishRun, runSummary, startOrResumeRun, unitState, type RunSummary } from '../db/runs.js';
import type { Logger } from '../log.js';
import { parseCivitaiItem } from './civitai.js';
import { checkArchiveFile, readArchive } from './archive.js';

export interface ImportOptions {
  store: Store;
  logger: Logger;
  files: string[];
  /** ISO 8601: when the archive was taken. */
  asOf: string;
  fresh: boolean;
  /** Items per transaction. */
  batchSize?: number;
}

export async function importCivitai(options: ImportOptions): Promise<RunSummary> {
  const { store, logger } = options;
  const resolved = options.files.map((file) => path.resolve(file));
  for (const file of resolved) checkArchiveFile(file);
  assertIntact(store);
  const scope = `import:${options.asOf}:${createHash('sha1').update(resolved.join('\n')).digest('hex').slice(0, 12)}`;
  const { run, isResumed } = startOrResumeRun(store, {
    platform: 'civitai',
    kind: 'import',
    scope,
    isFull: false,
    asOf: options.asOf,
    options: { files: options.files.map((file) => path.basename(file)), asOf: options.asOf },
    fresh: options.fresh,
  });
  logger.log('info', isResumed ? 'import resumed' : 'import started', { run: run.id, files: options.files.length, asOf: options.asOf });
  const ingestor = new Ingestor(store);
  const context = { runId: run.id, asOf: run.asOf };
  const batchSize = options.batchSize ?? 500;
  let total = 0;
  for (const file of resolved) {
    const unit = `file:${path.basename(file)}:${createHash('sha1').update(file).digest('hex').slice(0, 8)}`;
    const state = unitState(store, run.id, unit);
    if (state.isDone) continue;
    let records: ModelRecord[] = [];
    let errors: ItemErrorRecord[] = [];
    let lastPosition = Number(state.cursor ?? 0);
    const flush = (isDone: boolean) => {
      ingestor.ingestPage(context, records, errors, { unit, cursor: String(lastPosition), isDone });
      total += records.length;
      logger.progress(`import: ${path.basename(file)} · ${total.toLocaleString('en')} models`);
      records = [];
      errors = [];
    };
    try {
      for await (const { raw, position, problem, text } of readArchive(file, { skipUntil: lastPosition })) {
        if (problem !== undefined) {
          errors.push({ platformId: null, source: `${path.basename(file)}:${position}`, message: problem, raw: text ?? '' });
        } else {
          const parsed = parseCivitaiItem(raw);
          if (parsed.ok) records.push(parsed.record);
          else errors.push({ platformId: parsed.platformId, source: `${path.basename(file)}:${position}`, message: parsed.message, raw: parsed.raw });
        }
        lastPosition = position;
        if (records.length + errors.length >= batchSize) flush(false);
      }
    } catch (error) {
      // A damaged file (a truncated gzip): keep every item read before the damage, then stop.
      flush(false);
      logger.done();
      throw error;
    }
    flush(true);
    logger.done();
  }
  finishRun(store, run.id);
  const summary = runSummary(store, run.id);
  logger.log('info', 'import finished', { ...summary });
  return summary;
}
