// `dfwatch classify`: decisions with evidence for every model without one for this classifier version.
import { Option, type Command } from '@commander-js/extra-typings';
import { runClassifyParallel } from '../classify/parallel.js';
import { createLogger, pageProgress, silentLogger } from '../log.js';
import { openForWriting } from './store.js';
import { getClassifier } from '../classify/index.js';
import { classifyVariants } from '../classify/variants.js';

/** Batches between JSON progress events (a batch is a few thousand models). */
const PROGRESS_EVERY_BATCHES = 5;

export function registerClassify(program: Command<[], { db?: string }>): void {
  program
    .command('classify')
    .description(
      'Decide for each stored model whether it targets a real person (with and without Civitai\'s poi flag), ' +
        'who (name, gender, fame), whether it signals sexual content (NCII = person ∧ sexual), minor signals and base family. ' +
        'Every decision keeps its evidence: {rule, field, match, weight} items; person signals add up and a score ≥ 3 flags the model.',
    )
    .option('--all', 'reclassify every model, not only those without a decision for this classifier version')
    .addOption(new Option('--log <format>', 'progress on stderr: a status line or JSON events (default: a status line on a TTY only)').choices(['pretty', 'json'] as const))
    .addHelpText(
      'after',
      '\nThe classifier version (semver + hash of the rules and word lists in data/) is stored with each decision;\n' +
        'changing a rule or list makes a new version, and the next run classifies everything again.\n' +
        '\nExamples:\n  dfwatch classify\n  dfwatch classify --all\n  dfwatch show civitai:1234   # a model with its evidence',
    )
    .action(async (options, command) => {
      const store = openForWriting(command);
      try {
        const started = performance.now();
        // Progress is a status line on a TTY, JSON events only when asked for (stdout keeps the summary).
        const logger = options.log || process.stderr.isTTY ? createLogger({ mode: options.log }) : silentLogger;
        const progress = pageProgress({ logger, label: 'classify', expectedItems: null, everyPages: PROGRESS_EVERY_BATCHES });
        let batches = 0;
        const summary = await runClassifyParallel(store, {
          all: options.all ?? false,
          onBatch: (sofar) => {
            progress.onPage({ pages: ++batches, items: sofar.classified });
            progress.logger.progress(`classify: ${sofar.classified.toLocaleString('en')} models`);
          },
        });
        progress.logger.done();
        const seconds = (performance.now() - started) / 1000;
        const rate = seconds > 0 ? Math.round(summary.classified / seconds) : summary.classified;
        process.stdout.write(
          `classifier ${summary.classifierVersion}: classified ${summary.classified} models in ${seconds.toFixed(1)} s (${rate}/s)\n` +
            `  person-targeting: ${summary.personTarget} (without poi: ${summary.personTargetNoPoi})\n` +
            `  NCII signals: ${summary.ncii}\n` +
            `  minor signals: ${summary.minorSignal} (sexual and minor: ${summary.sexualMinor})\n`,
        );
        // Archive repos (issue 12): one decision per model file.
        const variants = classifyVariants(store, getClassifier(), { all: options.all ?? false });
        if (variants.classified > 0) process.stdout.write(`  archive files (variants): ${variants.classified} classified, person-targeting: ${variants.personTarget} (without poi: ${variants.personTargetNoPoi})\n`);
      } finally {
        store.close();
      }
    });
}
