// Classify throughput: every model of the crawled database, as `dfwatch classify` does it.
import { getClassifier } from '../../src/classify/index.js';
import { runClassify } from '../../src/classify/run.js';
import { openStore } from '../../src/db/open.js';
import { finishStep, seconds, stepArgs } from '../lib/step.js';

const { dbPath } = stepArgs<{ dbPath: string }>();
const store = openStore({ path: dbPath });
const classifier = getClassifier();
const started = performance.now();
const summary = runClassify(store, { classifier, all: true });
const elapsed = seconds(started);
store.close();
finishStep({ models: summary.classified, personTarget: summary.personTarget, ncii: summary.ncii, seconds: elapsed });
