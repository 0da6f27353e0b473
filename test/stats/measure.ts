// Times computeStats and writeReport on a synthetic store (not part of `npm test`):
//   node bin/run-ts.js test/stats/measure.ts --models 200000 [--db /tmp/dfwatch-200k.db] [--out /tmp/report]
// Builds the database first when the file does not exist. Prints one JSON line.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../../src/db/open.js';
import { computeStats } from '../../src/stats/stats.js';
import { writeReport } from '../../src/report/report.js';
import { buildSyntheticStatsDb } from './synthetic-db.js';

const { values } = parseArgs({ options: { models: { type: 'string', default: '200000' }, db: { type: 'string' }, out: { type: 'string' } } });
const models = Number(values.models);
const dbPath = values.db ?? path.join(os.tmpdir(), `dfwatch-synthetic-${models}.db`);
const outDir = values.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-measure-'));

let buildSeconds: number | null = null;
if (!fs.existsSync(dbPath)) {
  const started = performance.now();
  buildSyntheticStatsDb({ path: dbPath, models });
  buildSeconds = (performance.now() - started) / 1000;
}
const store = openStore({ path: dbPath, readonly: true });
// CPU seconds beside wall seconds: other work on a shared machine stretches the wall clock, not the CPU time.
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return Number(((used.user + used.system) / 1e6).toFixed(2));
};
let started = performance.now();
let cpu = process.cpuUsage();
const stats = computeStats(store);
const statsSeconds = (performance.now() - started) / 1000;
const statsCpuSeconds = cpuSeconds(cpu);
started = performance.now();
cpu = process.cpuUsage();
await writeReport(store, { outDir });
const reportSeconds = (performance.now() - started) / 1000;
const reportCpuSeconds = cpuSeconds(cpu);
store.close();
process.stdout.write(
  JSON.stringify({
    models,
    db: dbPath,
    buildSeconds,
    statsSeconds: Number(statsSeconds.toFixed(2)),
    reportSeconds: Number(reportSeconds.toFixed(2)),
    statsCpuSeconds,
    reportCpuSeconds,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(1))),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    personTargeting: stats.personTargeting.find((row) => row.scope === 'all')?.classifier,
    reuploadPairs: stats.reuploads.summary.reduce((sum, row) => sum + row.pairs, 0),
  }) + '\n',
);
