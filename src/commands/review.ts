// `dfwatch review PLATFORM:ID --decision …`: records an analyst's decision (never overwrites one).
import fs from 'node:fs';
import { Option, type Command } from '@commander-js/extra-typings';
import { UserError } from '../errors.js';
import { openStore, resolveDbPath } from '../db/open.js';
import { parseModelRef } from '../triage/model-ref.js';
import { ReviewWriter } from '../triage/reviews.js';
import { REVIEW_DECISIONS } from '../triage/triage.js';
import { terminalSafe } from './terminal-text.js';

export function registerReview(program: Command<[], { db?: string }>): void {
  program
    .command('review')
    .description('Record a review decision for a model (append-only; the latest decision is its status)')
    .argument('<model>', 'PLATFORM:ID, e.g. civitai:12345 or huggingface:owner/name')
    .addOption(new Option('--decision <decision>', 'the decision').choices(REVIEW_DECISIONS).makeOptionMandatory())
    .option('--note <text>', 'why (kept with the decision)')
    .option('--reviewer <name>', 'who decides (default: $DFWATCH_REVIEWER)')
    .action((modelArgument, options, command) => {
      const ref = parseModelRef(modelArgument);
      const path = resolveDbPath(command.optsWithGlobals().db);
      // A review names a model already in the store; never create an empty database for it.
      if (path !== ':memory:' && !fs.existsSync(path)) throw new UserError(`no database at ${path} (crawl or import first, or pass --db)`);
      const store = openStore({ path });
      try {
        const review = new ReviewWriter(store).record({
          ref,
          decision: options.decision,
          note: options.note ?? null,
          reviewer: options.reviewer ?? process.env.DFWATCH_REVIEWER ?? '',
          at: new Date().toISOString(),
        });
        process.stderr.write(`recorded ${review.decision} for ${terminalSafe(modelArgument)} by ${terminalSafe(review.reviewer)} at ${review.createdAt}\n`);
      } finally {
        store.close();
      }
    });
}
