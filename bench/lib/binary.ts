// The dfwatch binary as a user runs it: bin/dfwatch.js on the compiled dist/ (built first when src/
// changed since), in a process of its own whose peak RSS is read from /proc while it runs.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildDist, isBuildCurrent, ROOT } from '../../bin/build-state.js';
import { StepFailedError } from './child.js';

export const BIN = path.join(ROOT, 'bin', 'dfwatch.js');

/** Compiles src/ into dist/ when the build is missing or older than the sources; false if that failed. */
export function ensureBuilt(): boolean {
  if (!isBuildCurrent()) buildDist('inherit');
  return isBuildCurrent();
}

/** VmHWM (the kernel's peak resident set) of a live process, in kB; null where /proc has none. */
function peakRssKb(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export interface BinaryRun {
  seconds: number;
  /** Peak RSS in MB, polled every 50 ms (the high-water mark only grows, so the last read is within 50 ms of the end); null off Linux. */
  peakRssMb: number | null;
  stderrTail: string;
}

/** Runs `dfwatch <args>` to its end; rejects unless it exits 0. */
export function runBinary(args: string[], nodeArgs: string[] = []): Promise<BinaryRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, DFWATCH_FROM_SOURCE: '' } });
  let peakKb: number | null = null;
  const poll = setInterval(() => {
    const now = child.pid === undefined ? null : peakRssKb(child.pid);
    if (now !== null) peakKb = Math.max(peakKb ?? 0, now);
  }, 50);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new StepFailedError(`dfwatch ${args.slice(0, 2).join(' ')} failed (${signal ?? `exit ${code}`}): ${stderr.slice(-1000)}`));
      resolve({ seconds, peakRssMb: peakKb === null ? null : Math.round(peakKb / 1024), stderrTail: stderr.slice(-1000) });
    });
  });
}
