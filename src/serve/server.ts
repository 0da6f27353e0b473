// Starts the console: checks the address and token, opens the store twice (read-only for queries,
// a second connection used only to insert reviews) and listens.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { openStore } from '../db/open.js';
import { UserError } from '../errors.js';
import { registerSecret, redact } from '../secrets.js';
import { ReviewWriter } from '../triage/reviews.js';
import { ConsoleAuth, newSecret } from './auth.js';
import { createConsoleApp } from './app.js';

export const DEFAULT_PORT = 8787;
export const MIN_TOKEN_CHARS = 16;

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export interface TokenChoice {
  token: string;
  /** True when dfwatch made one up (loopback only): then only the one-time link can log in. */
  isGenerated: boolean;
}

export interface TokenSource {
  host: string;
  /** The environment variable holding the token (--token-env, DFWATCH_TOKEN by default). */
  tokenEnv: string;
  env: NodeJS.ProcessEnv;
  /** A file holding the token (--token-file): it never appears in a process list or a shell log. Wins over the variable. */
  tokenFile?: string;
}

/** The token in a file: its first line, surrounding space removed. */
function readTokenFile(path: string): string {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read the token file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const token = (text.split(/\r?\n/, 1)[0] ?? '').trim();
  if (token.length < MIN_TOKEN_CHARS) throw new UserError(`the token in ${path} is too short: use at least ${MIN_TOKEN_CHARS} characters`);
  return token;
}

/**
 * The console token: from --token-file, else the environment variable named by --token-env. Only a
 * loopback address may run without one (a random token is made up); anything else refuses.
 */
export function chooseToken({ host, tokenEnv, env, tokenFile }: TokenSource): TokenChoice {
  if (tokenFile !== undefined) return { token: readTokenFile(tokenFile), isGenerated: false };
  const token = env[tokenEnv];
  if (token !== undefined && token !== '') {
    if (token.length < MIN_TOKEN_CHARS) throw new UserError(`$${tokenEnv} is too short: use at least ${MIN_TOKEN_CHARS} characters`);
    return { token, isGenerated: false };
  }
  if (!isLoopbackHost(host)) {
    throw new UserError(`refusing to listen on ${host} without a token: set $${tokenEnv}, or pass --token-file (or name another variable with --token-env)`);
  }
  return { token: newSecret(), isGenerated: true };
}

export interface ConsoleOptions {
  dbPath: string;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  token: string;
  defaultReviewer: string;
  /** A browser session ends after this long without a request (default 30 minutes). */
  idleMs?: number;
  /** Shown on the login page: how to get a new one-time link from this process. */
  newLinkHint?: string;
  onInternalError?: (error: Error) => void;
}

export interface RunningConsole {
  url: string;
  /** The one-time login link printed at start. */
  loginUrl: string;
  /** A new one-time link; the previous one stops working if unused. */
  newLoginUrl(): string;
  close(): Promise<void>;
}

export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  if (!fs.existsSync(options.dbPath)) throw new UserError(`no database at ${options.dbPath} (crawl or import first, or pass --db)`);
  registerSecret(options.token);
  // The writable connection opens first so pending migrations are applied before the read-only one.
  const writeStore = openStore({ path: options.dbPath });
  const readStore = openStore({ path: options.dbPath, readonly: true });
  const auth = new ConsoleAuth({ token: options.token, idleMs: options.idleMs });
  let port = options.port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const isLoopback = isLoopbackHost(options.host);
  const app = createConsoleApp({
    readStore,
    openExportStore: () => openStore({ path: options.dbPath, readonly: true }),
    reviews: new ReviewWriter(writeStore),
    auth,
    defaultReviewer: options.defaultReviewer,
    newLinkHint: options.newLinkHint,
    allowedHosts: () => (isLoopback ? [`${hostForUrl}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`] : null),
    onInternalError: options.onInternalError ?? ((error) => process.stderr.write(redact(String(error.stack ?? error)) + '\n')),
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, hostname: options.host, port: options.port }, () => resolve(listening));
    listening.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' || error.code === 'EADDRNOTAVAIL' || error.code === 'EACCES'
        ? new UserError(`cannot listen on ${options.host}:${options.port}: ${error.code}`)
        : error);
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${hostForUrl}:${port}`;
  return {
    url,
    loginUrl: `${url}/login/${auth.loginNonce}`,
    newLoginUrl: () => `${url}/login/${auth.issueLoginNonce()}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          readStore.close();
          writeStore.close();
          resolve();
        });
        // Keep-alive connections from a browser would hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
