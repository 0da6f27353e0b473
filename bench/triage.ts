// Triage at scale: builds a synthetic store of N models (1,000,000 by default) with raw prepared
// inserts in one transaction, then times filtered triage queries. The bar is < 200 ms per
// filtered query at 1,000,000 models.
//
//   node bin/run-ts.js bench/triage.ts [--models N] [--db PATH] [--keep]
//
// benchTriage() is exported for the bench harness (bench/run.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/db/open.js';
import { buildSyntheticStore } from '../src/db/synthetic-store.js';
import { SAMPLE_TRIAGE_QUERIES } from '../src/replay/triage-queries.js';
import { queryTriage, triageFiltersSchema, type TriageFilterInput } from '../src/triage/triage.js';

export interface TriageBenchOptions {
  models?: number;
  /** Where to build the database; a temporary file by default. */
  dbPath?: string;
  /** Keep the database afterwards (it is deleted otherwise). */
  keep?: boolean;
  /** Timed repetitions per query (the median is reported). */
  repeats?: number;
  log?: (line: string) => void;
}

export interface TriageBenchQuery {
  name: string;
  filters: TriageFilterInput;
  rows: number;
  medianMs: number;
  maxMs: number;
}

export interface TriageBenchResult {
  models: number;
  buildMs: number;
  queries: TriageBenchQuery[];
  /** The slowest median: the figure held against the 200 ms bar. */
  worstMedianMs: number;
}


function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export async function benchTriage(options: TriageBenchOptions = {}): Promise<TriageBenchResult> {
  const count = options.models ?? 1_000_000;
  const repeats = options.repeats ?? 5;
  const log = options.log ?? (() => {});
  const dbPath = options.dbPath ?? path.join(os.tmpdir(), `dfwatch-bench-triage-${process.pid}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
  const buildStarted = performance.now();
  const writer = openStore({ path: dbPath });
  writer.sqlite.pragma('synchronous = OFF');
  buildSyntheticStore(writer, count);
  writer.close();
  const buildMs = performance.now() - buildStarted;
  log(`built ${count} models in ${(buildMs / 1000).toFixed(1)} s`);

  // The same read-only connection the console and the CLI use.
  const store = openStore({ path: dbPath, readonly: true });
  const queries: TriageBenchQuery[] = [];
  try {
    for (const { name, filters } of SAMPLE_TRIAGE_QUERIES) {
      const parsed = triageFiltersSchema.parse(filters);
      let rows = queryTriage(store, parsed).rows.length;
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const started = performance.now();
        rows = queryTriage(store, parsed).rows.length;
        times.push(performance.now() - started);
      }
      const result = { name, filters, rows, medianMs: median(times), maxMs: Math.max(...times) };
      queries.push(result);
      log(`${result.medianMs.toFixed(1).padStart(8)} ms median  ${result.maxMs.toFixed(1).padStart(8)} ms max  ${String(rows).padStart(3)} rows  ${name}`);
    }
  } finally {
    store.close();
    if (!options.keep) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
  }
  return { models: count, buildMs, queries, worstMedianMs: Math.max(...queries.map((query) => query.medianMs)) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const valueOf = (flag: string) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const result = await benchTriage({
    models: valueOf('--models') ? Number(valueOf('--models')) : undefined,
    dbPath: valueOf('--db'),
    keep: args.includes('--keep'),
    log: (line) => process.stdout.write(line + '\n'),
  });
  process.stdout.write(`worst median ${result.worstMedianMs.toFixed(1)} ms at ${result.models} models (bar: 200 ms)\n`);
  if (result.worstMedianMs >= 200) process.exitCode = 1;
}
