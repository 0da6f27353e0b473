// `dfwatch serve`: the local web console. Loopback only unless given --host and a token.
import type { Command } from '@commander-js/extra-typings';
import { resolveDbPath } from '../db/open.js';
import { chooseToken, startConsole, DEFAULT_PORT, type RunningConsole } from '../serve/server.js';
import { parseIntInRange, parsePort } from './options.js';

/**
 * New one-time links on request: Enter in the terminal (when stdin is one), or SIGUSR2 from anywhere
 * (SIGUSR1 belongs to Node's inspector).
 */
function offerNewLinks(running: RunningConsole): void {
  const printLink = () => process.stdout.write(`new sign-in link (works once): ${running.newLoginUrl()}\n`);
  process.on('SIGUSR2', printLink);
  if (process.stdin.isTTY) process.stdin.on('data', printLink);
}

/** How to ask for a new link, for the login page and the start message. */
function newLinkHint(): string {
  const signal = `kill -USR2 ${process.pid}`;
  return process.stdin.isTTY
    ? `press Enter in the terminal running dfwatch serve (or run ${signal})`
    : `run ${signal} on the console's host and read the new link in its output`;
}

export function registerServe(program: Command<[], { db?: string }>): void {
  program
    .command('serve')
    .description('Web console for triage and reviews (127.0.0.1 only unless --host and a token)')
    .option('--host <address>', 'address to listen on; anything but loopback needs a token', '127.0.0.1')
    .option('--port <n>', 'port, 0-65535 (0 picks a free one)', parsePort, DEFAULT_PORT)
    .option('--token-env <name>', 'environment variable holding the console token', 'DFWATCH_TOKEN')
    .option('--token-file <path>', 'read the console token from this file (first line) instead of the environment')
    .option('--idle-timeout <minutes>', 'sign a browser out after this many minutes without a request (1-10080)', parseIntInRange(1, 10_080), 30)
    .addHelpText(
      'after',
      '\nExamples:\n  dfwatch serve                                   # prints a one-time login link\n' +
        '  DFWATCH_TOKEN=$(openssl rand -hex 24) dfwatch serve --host 0.0.0.0\n' +
        '  dfwatch serve --host 0.0.0.0 --token-file /etc/dfwatch/console-token',
    )
    .action(async (options, command) => {
      const { token, isGenerated } = chooseToken({ host: options.host, tokenEnv: options.tokenEnv, env: process.env, tokenFile: options.tokenFile });
      const hint = newLinkHint();
      const running = await startConsole({
        dbPath: resolveDbPath(command.optsWithGlobals().db),
        host: options.host,
        port: options.port,
        token,
        defaultReviewer: process.env.DFWATCH_REVIEWER ?? '',
        idleMs: options.idleTimeout * 60_000,
        newLinkHint: hint,
      });
      offerNewLinks(running);
      process.stdout.write(`dfwatch console listening on ${running.url}\n`);
      process.stdout.write(`open ${running.loginUrl}  (works once; for another, ${hint})\n`);
      if (!isGenerated) {
        process.stdout.write(`other browsers: sign in at ${running.url}/login with the token from ${options.tokenFile ?? `$${options.tokenEnv}`}\n`);
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stdin.pause();
          void running.close().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
