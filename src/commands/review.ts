// `dfwatch review PLATFORM:ID… --decision …`: records an analyst's decision on one or more models
// (never overwrites one; all are recorded or none).
import fs from 'node:fs';
import { Option, type Command } from '@commander-js/extra-typings';
import { UserError } from '../errors.js';
import { openStore, resolveDbPath } from '../db/open.js';
import { parseModelRef } from '../triage/model-ref.js';
import { ReviewWriter } from '../triage/reviews.js';
import { REVIEW_STATUSES } from '../triage/triage.js';
import { terminalSafe } from './terminal-text.js';

export function registerReview(program: Command<[], { db?: string }>): void {
  program
    .command('review')
    .description('Record a review decision for one or more models (append-only; the latest decision is the status)')
    .argument('<models...>', 'PLATFORM:ID, e.g. civitai:12345 or huggingface:owner/name; several share the decision and note')
    .addOption(new Option('--decision <decision>', 'the decision (unreviewed sets a model back)').choices(REVIEW_STATUSES).makeOptionMandatory())
    .option('--note <text>', 'why (kept with the decision)')
    .option('--reviewer <name>', 'who decides (default: $DFWATCH_REVIEWER)')
    .addHelpText('after', '\nExamples:\n  dfwatch review civitai:12345 huggingface:owner/name --decision confirmed --note "matches press photos" --reviewer ana\n  dfwatch review civitai:12345 --decision unreviewed --reviewer ana')
    .action((modelArguments, options, command) => {
      const refs = modelArguments.map(parseModelRef);
      const path = resolveDbPath(command.optsWithGlobals().db);
      // A review names a model already in the store; never create an empty database for it.
      if (path !== ':memory:' && !fs.existsSync(path)) throw new UserError(`no database at ${path} (crawl or import first, or pass --db)`);
      const store = openStore({ path });
      try {
        const at = new Date().toISOString();
        const reviewer = options.reviewer ?? process.env.DFWATCH_REVIEWER ?? '';
        const reviews = new ReviewWriter(store).recordAll(refs.map((ref) => ({ ref, decision: options.decision, note: options.note ?? null, reviewer, at })));
        reviews.forEach((review, index) => {
          process.stderr.write(`recorded ${review.decision} for ${terminalSafe(modelArguments[index])} by ${terminalSafe(review.reviewer)} at ${review.createdAt}\n`);
        });
      } finally {
        store.close();
      }
    });
}
