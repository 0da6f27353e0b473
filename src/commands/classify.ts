// `dfwatch classify`: decisions with evidence for every model without one for this classifier version.
import type { Command } from '@commander-js/extra-typings';
import { runClassifyParallel } from '../classify/parallel.js';
import { openForWriting } from './store.js';

export function registerClassify(program: Command<[], { db?: string }>): void {
  program
    .command('classify')
    .description(
      'Decide for each stored model whether it targets a real person (with and without Civitai\'s poi flag), ' +
        'who (name, gender, fame), whether it signals sexual content (NCII = person ∧ sexual), minor signals and base family. ' +
        'Every decision keeps its evidence: {rule, field, match, weight} items; person signals add up and a score ≥ 3 flags the model.',
    )
    .option('--all', 'reclassify every model, not only those without a decision for this classifier version')
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
        const summary = await runClassifyParallel(store, { all: options.all ?? false });
        const seconds = (performance.now() - started) / 1000;
        const rate = seconds > 0 ? Math.round(summary.classified / seconds) : summary.classified;
        process.stdout.write(
          `classifier ${summary.classifierVersion}: classified ${summary.classified} models in ${seconds.toFixed(1)} s (${rate}/s)\n` +
            `  person-targeting: ${summary.personTarget} (without poi: ${summary.personTargetNoPoi})\n` +
            `  NCII signals: ${summary.ncii}\n` +
            `  minor signals: ${summary.minorSignal} (sexual and minor: ${summary.sexualMinor})\n`,
        );
      } finally {
        store.close();
      }
    });
}
