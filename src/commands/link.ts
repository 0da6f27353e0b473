// `dfwatch link`: optional, online. Looks up the target names of person-targeting models on
// Wikidata (humans only) and stores QID, sex or gender, occupations and sitelink count; `--top`
// prints "top targets" merged by person from what is stored, without the network.
import type { Command } from '@commander-js/extra-typings';
import { openStore, resolveDbPath } from '../db/open.js';
import { chooseClassifierVersion } from '../db/classifier-version.js';
import { hasTargetLinks, queryLinkedTargets, type LinkedTargetRow } from '../db/target-links.js';
import { HttpClient } from '../crawlers/http.js';
import { userAgent } from '../crawlers/user-agent.js';
import { linkTargets } from '../crawlers/link-targets.js';
import { WIKIDATA_BASE_URL, WIKIDATA_DEFAULT_RPS, WikidataClient, wikidataHttpOptions } from '../crawlers/wikidata.js';
import { UserError } from '../errors.js';
import { parseNonNegativeInt, parsePositiveInt, parseRps } from './options.js';
import { formatTable, terminalSafe } from './terminal-text.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function renderTop(rows: LinkedTargetRow[]): string {
  return formatTable(
    ['RANK', 'TARGET', 'QID', 'MODELS', 'GENDER', 'FAME TIER', 'NAMES'],
    rows.map((row) => [row.rank, terminalSafe(row.target, 40), row.qid ?? '', row.models, row.gender, row.fameTier ?? '', terminalSafe(row.names, 60)]),
  ) + '\n';
}

export function registerLink(program: Command<[], { db?: string }>): void {
  program
    .command('link')
    .description('Look up target names on Wikidata (optional, online; humans only): QID, sex or gender, occupations, sitelinks')
    .option('--contact <email-or-url>', 'contact put in the User-Agent, as Wikimedia asks (default: $DFWATCH_CONTACT); required')
    .option('--limit <n>', 'look up at most N names this run, most-modelled first', parsePositiveInt, 200)
    .option('--max-age <days>', 'look a name up again when its last lookup is older than this', parseNonNegativeInt, 180)
    .option('--rps <n>', `requests started per second: above 0, at most ${WIKIDATA_DEFAULT_RPS * 5}`, parseRps, WIKIDATA_DEFAULT_RPS)
    .option('--base-url <url>', 'Wikidata origin (a mirror, or a local fake in tests)', WIKIDATA_BASE_URL)
    .option('--classifier-version <v>', 'whose decisions name the targets (default: newest)')
    .option('--top <n>', 'print top targets merged by person from stored links, without looking anything up', parsePositiveInt)
    .option('--json', 'print JSON on stdout')
    .action(async (options, command) => {
      const readonly = options.top !== undefined;
      const store = openStore({ path: resolveDbPath(command.optsWithGlobals().db), readonly });
      try {
        const classifierVersion = chooseClassifierVersion(store, options.classifierVersion);
        if (classifierVersion === null) throw new UserError('nothing classified yet (run dfwatch classify first)');
        if (options.top !== undefined) {
          if (!hasTargetLinks(store)) throw new UserError('no links stored in this database yet (run dfwatch link --contact … first)');
          const rows = queryLinkedTargets(store, { classifierVersion, limit: options.top });
          process.stdout.write(options.json ? JSON.stringify(rows, null, 2) + '\n' : renderTop(rows));
          return;
        }
        const contact = options.contact ?? process.env.DFWATCH_CONTACT;
        if (!contact) throw new UserError('dfwatch link needs --contact EMAIL_OR_URL (or $DFWATCH_CONTACT): Wikimedia asks every client for one');
        if (options.rps <= 0 || options.rps > WIKIDATA_DEFAULT_RPS * 5) throw new UserError(`--rps must be above 0 and at most ${WIKIDATA_DEFAULT_RPS * 5}`);
        const http = new HttpClient(wikidataHttpOptions(userAgent(contact), { rps: options.rps }));
        try {
          const summary = await linkTargets({
            store,
            client: new WikidataClient({ baseUrl: options.baseUrl.replace(/\/+$/, ''), http }),
            classifierVersion,
            limit: options.limit,
            staleBefore: new Date(Date.now() - options.maxAge * DAY_MS).toISOString(),
            onProgress: ({ done, total }) => {
              if (process.stderr.isTTY) process.stderr.write(`\rwikidata: ${done}/${total} names`);
            },
          });
          if (process.stderr.isTTY) process.stderr.write('\n');
          for (const failure of summary.failed) process.stderr.write(`dfwatch: lookup of "${terminalSafe(failure.name, 60)}" failed (${terminalSafe(failure.message, 160)}); it is retried next run\n`);
          if (options.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
          else process.stdout.write(`${summary.names} names looked up: ${summary.linked} linked to a person, ${summary.noMatch} without an exact match, ${summary.notHuman} matching only non-humans, ${summary.failed.length} failed\n`);
        } finally {
          await http.close();
        }
      } finally {
        store.close();
      }
    });
}
