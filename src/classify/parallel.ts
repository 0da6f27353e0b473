// `dfwatch classify` on two cores: the main thread reads model batches from the store and writes the
// decisions, a worker thread classifies. Reading and writing SQLite and classifying each took about
// half of the sequential run (200,000 synthetic models: ~4.5 s of SQLite, ~4.5 s of rules), so
// overlapping them nearly halves the wall time. The rows stored are those runClassify stores: both
// build them with decisionRow().
import { Worker } from 'node:worker_threads';
import type { Store } from '../db/open.js';
import type { DecisionRow } from './decision-row.js';
import { getClassifier } from './index.js';
import type { ModelInputRow } from './load.js';
import { DEFAULT_BATCH_SIZE, decisionWriter, modelBatchReader, type ClassifyRunOptions, type ClassifySummary } from './run.js';

export interface WorkerRequest {
  batch: number;
  rows: ModelInputRow[];
}

export type WorkerReply = { kind: 'ready'; version: string } | { kind: 'decisions'; batch: number; rows: DecisionRow[] };

export class ClassifyWorkerError extends Error {
  override name = 'ClassifyWorkerError';
}

/** Batches in flight: one being classified while the next waits, so the worker never idles while the main thread writes. */
const IN_FLIGHT = 2;

// Built (dist/*.js) the worker is plain JavaScript. Run from sources, dfwatch goes through tsx, whose
// loader a worker thread does not inherit: the worker registers it before importing its entry point.
function startWorker(): Worker {
  if (import.meta.url.endsWith('.js')) return new Worker(new URL('./classify-worker.js', import.meta.url));
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./classify-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}

/** Serves the worker's replies in the order asked for; any failure of the worker rejects every wait. */
class WorkerChannel {
  private readonly waiting: ((reply: WorkerReply) => void)[] = [];
  private readonly replies: WorkerReply[] = [];
  private failure: Error | null = null;
  private readonly rejectors: ((error: Error) => void)[] = [];

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => {
      const resolve = this.waiting.shift();
      this.rejectors.shift();
      if (resolve) resolve(reply);
      else this.replies.push(reply);
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const reject of this.rejectors.splice(0)) reject(this.failure);
      this.waiting.length = 0;
    };
    worker.on('error', (error) => fail(new ClassifyWorkerError(`classify worker failed: ${error.message}`)));
    worker.on('exit', (code) => fail(new ClassifyWorkerError(`classify worker exited (${code})`)));
  }

  send(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  next(): Promise<WorkerReply> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      this.rejectors.push(reject);
    });
  }
}

export type ParallelClassifyOptions = Omit<ClassifyRunOptions, 'classifier'>;

/** runClassify with the shipped classifier (getClassifier), classifying on a worker thread. */
export async function runClassifyParallel(store: Store, options: ParallelClassifyOptions): Promise<ClassifySummary> {
  const { version, confirmingTags } = getClassifier();
  const read = modelBatchReader(store, { version, all: options.all, batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE, confirmingTags });
  const writer = decisionWriter(store, { version, now: options.now ?? (() => new Date()) });
  const worker = startWorker();
  try {
    const channel = new WorkerChannel(worker);
    const ready = await channel.next();
    if (ready.kind !== 'ready' || ready.version !== version) throw new ClassifyWorkerError('classify worker runs another classifier version');
    let sent = 0;
    let received = 0;
    let isDrained = false;
    const sendNext = () => {
      if (isDrained) return;
      const rows = read();
      if (rows.length === 0) isDrained = true;
      else channel.send({ batch: sent++, rows });
    };
    for (let i = 0; i < IN_FLIGHT; i++) sendNext();
    while (received < sent) {
      const reply = await channel.next();
      if (reply.kind !== 'decisions' || reply.batch !== received) throw new ClassifyWorkerError('classify worker answered out of order');
      received++;
      // Queue the next batch before writing this one, so the worker classifies while this thread writes.
      sendNext();
      writer.write(reply.rows);
      options.onBatch?.(writer.summary);
    }
    return writer.summary;
  } finally {
    await worker.terminate();
  }
}
