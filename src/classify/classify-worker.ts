// Worker thread of parallel.ts: classifies the batches of model rows it is sent and answers with their
// decision rows. Pure computation: it never opens the store.
import { parentPort } from 'node:worker_threads';
import { decisionRow } from './decision-row.js';
import { getClassifier } from './index.js';
import type { WorkerReply, WorkerRequest } from './parallel.js';

const port = parentPort;
if (!port) throw new Error('classify-worker.ts runs only as a worker thread');
const classifier = getClassifier();
port.postMessage({ kind: 'ready', version: classifier.version } satisfies WorkerReply);
port.on('message', (request: WorkerRequest) => {
  port.postMessage({ kind: 'decisions', batch: request.batch, rows: request.rows.map((row) => decisionRow(classifier, row)) } satisfies WorkerReply);
});
