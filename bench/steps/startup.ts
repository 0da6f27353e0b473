// Start-up of the dfwatch binary as a user meets it: `--help`, `show` of one model and a filtered
// `triage`, each a fresh process, against the bench database. The binary runs dist/ when it is
// current, so the step builds it first if src/ changed; a bare `node` start is timed beside them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildDist, isBuildCurrent, ROOT } from '../../bin/build-state.js';
import { finishStep, stepArgs } from '../lib/step.js';

const { dbPath, repeats = 5 } = stepArgs<{ dbPath: string; repeats?: number }>();
if (!isBuildCurrent()) buildDist('inherit');

const sqlite = new Database(dbPath, { readonly: true });
const model = sqlite.prepare("SELECT platform_id AS id FROM models WHERE platform = 'civitai' ORDER BY id DESC LIMIT 1").get() as { id: string } | undefined;
sqlite.close();
if (!model) throw new Error(`no Civitai model in ${dbPath}`);

const BIN = path.join(ROOT, 'bin', 'dfwatch.js');

/**
 * CPU seconds used by this process's finished children (Linux: /proc/self/stat, in clock ticks of
 * 10 ms), or null elsewhere. On a loaded machine wall time mostly measures the queue for a core.
 */
function childCpuSeconds(): number | null {
  try {
    const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median wall and CPU time of `repeats` fresh processes, in seconds; each must exit 0. */
function timed(args: string[]): { wall: number; cpu: number | null } {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let index = 0; index < repeats; index++) {
    const cpuBefore = childCpuSeconds();
    const started = performance.now();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DFWATCH_FROM_SOURCE: '' } });
    walls.push((performance.now() - started) / 1000);
    const cpuAfter = childCpuSeconds();
    if (cpuBefore !== null && cpuAfter !== null) cpus.push(cpuAfter - cpuBefore);
    if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  }
  return { wall: median(walls), cpu: cpus.length ? median(cpus) : null };
}

finishStep({
  usedBuild: isBuildCurrent(),
  node: timed(['-e', '0']),
  help: timed([BIN, '--help']),
  show: timed([BIN, '--db', dbPath, 'show', `civitai:${model.id}`]),
  triage: timed([BIN, '--db', dbPath, 'triage', '--platform', 'civitai', '--min-downloads', '100', '--sort', 'growth', '--limit', '50']),
});
