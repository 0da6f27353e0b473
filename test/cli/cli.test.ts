// The command line itself: help, error style, examples, defaults. In-process through main() except
// where the process boundary is the point (`dfwatch` alone, as a shell runs it).
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandNameOf, type Program } from '../../src/cli.js';
import { openStore } from '../../src/db/open.js';
import { runCli, runCliInProcess } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const COMMAND_NAMES = ['crawl', 'import', 'export', 'triage', 'show', 'review', 'serve', 'stats', 'report', 'classify', 'eval', 'agreement', 'link', 'run', 'demo'];

/** Every command with its subcommands, depth first. */
function commandsOf(command: Command<unknown[], Record<string, unknown>, Record<string, unknown>>): Command<unknown[], Record<string, unknown>, Record<string, unknown>>[] {
  return [command, ...command.commands.flatMap((sub) => commandsOf(sub as never))];
}

async function loaded(name: string): Promise<Program> {
  return buildProgram(name);
}

describe('dfwatch with no arguments', () => {
  it('prints the help on stdout and exits 0, as a shell runs it', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage: dfwatch/);
    for (const name of COMMAND_NAMES) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
  });
});

describe('the real binary', () => {
  // The binary runs the build in dist/ when it is current: a module that reads a file beside itself
  // (the console's script) must find it there too.
  it('loads every command and prints its help', async () => {
    for (const name of COMMAND_NAMES) {
      const result = await runCli([name, '--help']);
      expect(result.code, `${name}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: dfwatch ${name}`));
    }
  });
});

describe('commandNameOf', () => {
  it('finds the command after global options and their values, and the one `help` names', () => {
    expect(commandNameOf(['--db', 'triage.db', 'show', 'civitai:1'])).toBe('show');
    expect(commandNameOf(['--db=x.db', 'stats'])).toBe('stats');
    expect(commandNameOf(['help', 'crawl'])).toBe('crawl');
    expect(commandNameOf(['--help'])).toBeUndefined();
  });
});

describe('errors in one style', () => {
  it("gives commander's own errors the dfwatch: prefix, on one line, exit 2", async () => {
    for (const args of [['triage', '--limit'], ['crawl', 'civitai', '--nope'], ['review'], ['show']]) {
      const result = await runCliInProcess(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^dfwatch: [^\n]+\n$/);
      expect(result.stdout).toBe('');
    }
  });

  it('--help and --version exit 0 on stdout', async () => {
    const help = await runCliInProcess(['crawl', 'civitai', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: dfwatch crawl civitai/);
    const version = await runCliInProcess(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: '0.1.0\n' });
  });
});

describe('help text', () => {
  it('prints each default once', async () => {
    for (const name of COMMAND_NAMES) {
      for (const command of commandsOf((await loaded(name)) as never)) {
        for (const line of command.helpInformation().split('\n')) expect(line.match(/\(default/g)?.length ?? 0, `${command.name()}: ${line}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('every example parses as written (options, arguments and choices accepted)', async () => {
    let examples = 0;
    for (const name of COMMAND_NAMES) {
      const program = await loaded(name);
      const commands = commandsOf(program as never);
      const text = commands.map((command) => {
        let help = '';
        command.configureOutput({ writeOut: (chunk) => (help += chunk) }).outputHelp();
        return help;
      });
      for (const line of text.join('\n').split('\n')) {
        const example = /^\s+(?:[A-Z_]+=\S+\s+)*dfwatch (.+?)(?:\s+#.*)?$/.exec(line)?.[1];
        if (!example || !example.startsWith(name)) continue;
        const args = example.split('&&')[0]!.split('|')[0]!.trim().split(/\s+/);
        examples++;
        // The real program with every action replaced: parsing (arguments, parsers, choices, required options) is what runs.
        const parsing = await loaded(args[0]!);
        for (const command of commandsOf(parsing as never)) if (command.commands.length === 0) command.action(() => {});
        for (const command of commandsOf(parsing as never)) command.exitOverride().configureOutput({ writeErr: () => {}, outputError: () => {} });
        await expect(parsing.parseAsync(args, { from: 'user' }), example).resolves.toBeDefined();
      }
    }
    expect(examples).toBeGreaterThanOrEqual(15);
  });
});

describe('report --out', () => {
  it('defaults, like run, to report/ beside the database', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'data', 'dfwatch.db');
    openStore({ path: db }).close();
    const result = await runCliInProcess(['--db', db, 'report']);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'data', 'report', 'report.html'))).toBe(true);
  });
});
