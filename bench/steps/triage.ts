// Filtered triage queries on the crawled and classified database: the median of a few runs per
// query (the first run warms the page cache, as a reviewer's second click would find it).
import { parseTriageFilters, queryTriage } from '../../src/triage/triage.js';
import { openStore } from '../../src/db/open.js';
import { SAMPLE_TRIAGE_QUERIES } from '../../src/replay/triage-queries.js';
import { finishStep, stepArgs } from '../lib/step.js';

const REPEATS = 5;
const { dbPath } = stepArgs<{ dbPath: string }>();
const store = openStore({ path: dbPath, readonly: true });
const queries = SAMPLE_TRIAGE_QUERIES.map(({ name, filters }) => {
  const parsed = parseTriageFilters(filters);
  const times: number[] = [];
  let rows = 0;
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const started = performance.now();
    rows = queryTriage(store, parsed).rows.length;
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { name, rows, medianMs: times[Math.floor(times.length / 2)]!, maxMs: times.at(-1)! };
});
store.close();
finishStep({ queries, worstMedianMs: Math.max(...queries.map((query) => query.medianMs)) });
