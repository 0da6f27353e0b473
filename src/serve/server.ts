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

/**
 * The console token: from the environment variable named by --token-env (DFWATCH_TOKEN by default).
 * Only a loopback address may run without one (a random token is made up); anything else refuses.
 */
export function chooseToken(host: string, tokenEnv: string, env: NodeJS.ProcessEnv): TokenChoice {
  const token = env[tokenEnv];
  if (token !== undefined && token !== '') {
    if (token.length < MIN_TOKEN_CHARS) throw new UserError(`$${tokenEnv} is too short: use at least ${MIN_TOKEN_CHARS} characters`);
    return { token, isGenerated: false };
  }
  if (!isLoopbackHost(host)) {
    throw new UserError(`refusing to listen on ${host} without a token: set $${tokenEnv} (or name another variable with --token-env)`);
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
  onInternalError?: (error: Error) => void;
}

export interface RunningConsole {
  url: string;
  /** The one-time login link. */
  loginUrl: string;
  close(): Promise<void>;
}

export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  if (!fs.existsSync(options.dbPath)) throw new UserError(`no database at ${options.dbPath} (crawl or import first, or pass --db)`);
  registerSecret(options.token);
  // The writable connection opens first so pending migrations are applied before the read-only one.
  const writeStore = openStore({ path: options.dbPath });
  const readStore = openStore({ path: options.dbPath, readonly: true });
  const auth = new ConsoleAuth(options.token);
  let port = options.port;
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const isLoopback = isLoopbackHost(options.host);
  const app = createConsoleApp({
    readStore,
    reviews: new ReviewWriter(writeStore),
    auth,
    defaultReviewer: options.defaultReviewer,
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
