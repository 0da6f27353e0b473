// Runs `dfwatch demo` once per test file, as a user would, keeping its database so a test can ask
// `dfwatch stats --json` the same database the report was written from.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/cli.js';

export interface DemoReport {
  directory: string;
  outDir: string;
  dbPath: string;
  /** `dfwatch stats --json` on the demo database. */
  stats: Record<string, unknown> & StatsJson;
  cleanUp: () => void;
}

/** The parts of stats --json the report tests read. */
export interface StatsJson {
  personTargeting: { scope: string; classifier: number; downloadsLifetime: number; nciiExplicit: number; nciiSuggestive: number }[];
  growth: { rows: { scope: string; population: string; downloadsGained: number }[] };
  shares: { scope: string; dimension: string; value: string; models: number; share: number }[];
  removals: { scope: string; reason: string; personTargeting: number }[];
  reuploads: { summary: { personTargetingPairs: number }[] };
  topTargets: unknown[];
}

export async function runDemoReport(): Promise<DemoReport> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-demo-report-'));
  const outDir = path.join(directory, 'report');
  const demo = await runCli(['demo', '--out', outDir, '--keep']);
  if (demo.code !== 0) throw new Error(`dfwatch demo failed: ${demo.stderr}`);
  const dbPath = /The demo database is kept at (\S+)/.exec(demo.stdout)![1]!;
  const stats = await runCli(['--db', dbPath, 'stats', '--json']);
  if (stats.code !== 0) throw new Error(`dfwatch stats failed: ${stats.stderr}`);
  return {
    directory,
    outDir,
    dbPath,
    stats: JSON.parse(stats.stdout),
    cleanUp: () => {
      fs.rmSync(directory, { recursive: true, force: true });
      fs.rmSync(path.dirname(dbPath), { recursive: true, force: true });
    },
  };
}
