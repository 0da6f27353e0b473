// Runs the real `dfwatch` command in a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DFWATCH_BIN = path.join(REPO_ROOT, 'bin', 'dfwatch.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Whom to run as: a uid and gid, for tests of permissions (root ignores them). */
export interface RunAs {
  uid?: number;
  gid?: number;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, runAs: RunAs = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [DFWATCH_BIN, ...args], {
    ...runAs,
    cwd: REPO_ROOT,
    env: { ...process.env, CIVITAI_API_KEY: '', HF_TOKEN: '', DFWATCH_DB: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, runAs: RunAs = {}): Promise<CliResult> {
  return startCli(args, env, runAs).done;
}
