// `dfwatch stats` on the crawled and classified database.
import { computeStats } from '../../src/stats/stats.js';
import { openStore } from '../../src/db/open.js';
import { finishStep, seconds, stepArgs } from '../lib/step.js';

const { dbPath } = stepArgs<{ dbPath: string }>();
const store = openStore({ path: dbPath, readonly: true });
const started = performance.now();
const stats = computeStats(store);
const elapsed = seconds(started);
store.close();
const all = stats.overview.find((row) => row.scope === 'all');
finishStep({ models: all?.models ?? null, seconds: elapsed });
