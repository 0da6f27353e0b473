// Classify throughput: every model of the crawled database, as `dfwatch classify --all` does it (main
// thread reading and writing SQLite, a worker thread classifying).
import { runClassifyParallel } from '../../src/classify/parallel.js';
import { openStore } from '../../src/db/open.js';
import { finishStep, seconds, stepArgs } from '../lib/step.js';

const { dbPath } = stepArgs<{ dbPath: string }>();
const store = openStore({ path: dbPath });
const started = performance.now();
const summary = await runClassifyParallel(store, { all: true });
const elapsed = seconds(started);
store.close();
finishStep({ models: summary.classified, personTarget: summary.personTarget, ncii: summary.ncii, seconds: elapsed });
