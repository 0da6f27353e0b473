// Runs one bench step in its own Node process and reads its one-line JSON answer.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const RUN_TS = path.join(REPO_ROOT, 'bin', 'run-ts.js');

export class StepFailedError extends Error {
  override name = 'StepFailedError';
}

function spawnStep(step: string, args: Record<string, unknown>, extraNodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...extraNodeArgs, RUN_TS, path.join(REPO_ROOT, 'bench', 'steps', `${step}.ts`), JSON.stringify(args)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Runs a step to its end; resolves with its JSON answer (which carries peakRssMb). */
export function runStep<T extends Record<string, unknown>>(step: string, args: Record<string, unknown>, nodeArgs: string[] = []): Promise<T & { peakRssMb: number }> {
  const child = spawnStep(step, args, nodeArgs);
  let last = '';
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.trim()) last = line;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code !== 0) return reject(new StepFailedError(`bench step ${step} failed (${signal ?? `exit ${code}`})`));
      try {
        resolve(JSON.parse(last) as T & { peakRssMb: number });
      } catch {
        reject(new StepFailedError(`bench step ${step} printed no result`));
      }
    });
  });
}

export interface BackgroundStep<T> {
  /** The step's first JSON line (a server's URL). */
  ready: Promise<T>;
  /** Stops the step and resolves with its last JSON line (a server's totals). */
  stop(): Promise<Record<string, unknown> | null>;
}

/** Starts a long-running step (a replay server) that announces itself with one JSON line. */
export function startStep<T>(step: string, args: Record<string, unknown>): BackgroundStep<T> {
  const child = spawnStep(step, args);
  const lines: string[] = [];
  let announce: (value: T) => void = () => {};
  const ready = new Promise<T>((resolve, reject) => {
    announce = resolve;
    child.on('error', reject);
    child.on('close', (code) => reject(new StepFailedError(`bench step ${step} exited early (${code})`)));
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.trim()) return;
    lines.push(line);
    if (lines.length === 1) announce(JSON.parse(line) as T);
  });
  return {
    ready,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(null);
        child.once('close', () => {
          const last = lines.at(-1);
          resolve(lines.length > 1 && last ? (JSON.parse(last) as Record<string, unknown>) : null);
        });
        child.kill('SIGTERM');
      }),
  };
}
