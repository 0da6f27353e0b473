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

/**
 * Runs a dfwatch command line in this process through the same main() the binary calls: for tests
 * where no process boundary is under test (exit codes, output, what is stored), at a fraction of the
 * start-up cost. The environment is set as startCli sets it, and restored afterwards.
 */
export async function runCliInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const { main } = await import('../../src/cli.js');
  const overrides: NodeJS.ProcessEnv = { CIVITAI_API_KEY: '', HF_TOKEN: '', DFWATCH_DB: '', ...env };
  const savedEnv = new Map(Object.keys(overrides).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(overrides)) process.env[key] = value;
  let stdout = '';
  let stderr = '';
  const capture = (stream: NodeJS.WriteStream, append: (text: string) => void) => {
    const original = stream.write;
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
    return () => {
      stream.write = original;
    };
  };
  const restoreStdout = capture(process.stdout, (text) => (stdout += text));
  const restoreStderr = capture(process.stderr, (text) => (stderr += text));
  try {
    const code = await main(args);
    return { code, signal: null, stdout, stderr };
  } finally {
    restoreStdout();
    restoreStderr();
    for (const [key, value] of savedEnv) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
