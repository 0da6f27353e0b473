// `dfwatch serve`: the local web console. Loopback only unless given --host and a token.
import type { Command } from '@commander-js/extra-typings';
import { resolveDbPath } from '../db/open.js';
import { chooseToken, startConsole, DEFAULT_PORT } from '../serve/server.js';
import { parsePort } from './options.js';

export function registerServe(program: Command<[], { db?: string }>): void {
  program
    .command('serve')
    .description('Web console for triage and reviews (127.0.0.1 only unless --host and a token)')
    .option('--host <address>', 'address to listen on; anything but loopback needs a token', '127.0.0.1')
    .option('--port <n>', 'port, 0-65535 (0 picks a free one)', parsePort, DEFAULT_PORT)
    .option('--token-env <name>', 'environment variable holding the console token', 'DFWATCH_TOKEN')
    .addHelpText(
      'after',
      '\nExamples:\n  dfwatch serve                                   # prints a one-time login link\n  DFWATCH_TOKEN=$(openssl rand -hex 24) dfwatch serve --host 0.0.0.0',
    )
    .action(async (options, command) => {
      const { token, isGenerated } = chooseToken(options.host, options.tokenEnv, process.env);
      const running = await startConsole({
        dbPath: resolveDbPath(command.optsWithGlobals().db),
        host: options.host,
        port: options.port,
        token,
        defaultReviewer: process.env.DFWATCH_REVIEWER ?? '',
      });
      process.stdout.write(`dfwatch console listening on ${running.url}\n`);
      process.stdout.write(`open ${running.loginUrl}  (works once)\n`);
      process.stdout.write(
        isGenerated
          ? 'no $' + options.tokenEnv + ' set: restart for a new link, or set it to sign in from the login form\n'
          : `other browsers: sign in at ${running.url}/login with the token from $${options.tokenEnv}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
