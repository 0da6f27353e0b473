// `dfwatch eval`: the classifier against the hand-labelled gold sets, each figure with a bootstrap
// 95% interval, as Civitai records and reshaped as Hugging Face repos (src/classify/eval/suite.ts).
import fs from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { openStore } from '../db/open.js';
import { getClassifier } from '../classify/index.js';
import { readGold } from '../classify/gold.js';
import { archiveLookup, reviewLabels, storeLookup, type InputLookup } from '../classify/gold-cases.js';
import type { ErrorCase } from '../classify/evaluate.js';
import { DEFAULT_BOOTSTRAP_SEED, DEFAULT_REPLICATES, type Figure } from '../classify/eval/bootstrap.js';
import { MEASURES } from '../classify/eval/measures.js';
import { runEvalSuite, SHAPES, type EvalSuiteReport, type GoldSet, type SectionReport } from '../classify/eval/suite.js';
import { readPopulation } from '../classify/eval/weights.js';
import { checkInputFile, parseIntInRange, parseNonNegativeInt } from './options.js';
import { dbPathOf } from './store.js';
import { terminalSafe } from './terminal-text.js';

export const DEFAULT_GOLD = 'data/gold/civitai-2023.jsonl';
/** Labelled after the rules were tuned and never used to tune them. */
export const DEFAULT_HELDOUT = 'data/gold/civitai-2023-heldout.jsonl';
/** The stratified sample labelled by two labellers (issue 14), never used to tune the rules. */
export const DEFAULT_NEW = 'data/gold/civitai-2023-new.jsonl';
export const DEFAULT_POPULATION = 'data/gold/civitai-2023-new.strata.json';

const SHAPE_TITLES = { civitai: 'Civitai records', hub: 'same records as Hub repos' } as const;
const SECTION_COLUMNS: Record<SectionReport['key'], string> = {
  'grouped-heldout': 'grouped held-out',
  heldout: 'old held-out',
  'new-weighted': 'new sample, weighted',
  tuning: 'tuning (in-sample)',
};

function figureText(figure: Figure | undefined): string {
  if (!figure || figure.value === null) return 'n/a';
  const interval = figure.low === null || figure.high === null ? '' : ` (${figure.low.toFixed(2)}–${figure.high.toFixed(2)})`;
  return `${figure.value.toFixed(3)}${interval} n=${figure.n}`;
}

function errorLines(title: string, errors: ErrorCase[]): string[] {
  const lines = [`${title}:`];
  if (errors.length === 0) lines.push('  (none)');
  for (const error of errors) {
    lines.push(`  ${error.platformId}  score ${error.score}  ${terminalSafe(error.modelName).slice(0, 70)}`);
    const reasons = error.evidence
      .filter((item) => item.rule.startsWith('person') || item.rule.startsWith('counter'))
      .map((item) => `${item.rule}[${terminalSafe(item.match).slice(0, 40)}] ${item.weight > 0 ? '+' : ''}${item.weight}`);
    lines.push(`      ${reasons.join(', ') || '(no person evidence)'}`);
  }
  return lines;
}

export function formatSection(section: SectionReport, withErrors: boolean): string {
  const lines = [
    `== ${section.title} ==`,
    `${section.cases} models: ${section.positives} person-targeting, ${section.undecided} undecided (left out of person scores)`,
    `${'measure'.padEnd(46)}${SHAPES.map((shape) => SHAPE_TITLES[shape].padEnd(30)).join('')}`,
  ];
  for (const measure of MEASURES) {
    lines.push(`${measure.label.padEnd(46)}${SHAPES.map((shape) => figureText(section.figures[shape][measure.key]).padEnd(30)).join('')}`.trimEnd());
  }
  if (withErrors) lines.push('', ...errorLines('worst false positives (text only, Civitai records)', section.worstFalsePositives), '', ...errorLines('worst false negatives (text only, Civitai records)', section.worstFalseNegatives));
  return lines.join('\n') + '\n';
}

/** Measures a README table shows: the text-only ones (the headline) and the groups; with-poi figures stay in the full report. */
const TABLE_MEASURES = MEASURES.filter((measure) => !measure.key.startsWith('personWithPoi') && !measure.key.startsWith('poiAlone') && measure.key !== 'ncii.f1');

function cellText(figure: Figure | undefined): string {
  if (!figure || figure.value === null) return '–';
  return figure.low === null || figure.high === null ? figure.value.toFixed(3) : `${figure.value.toFixed(3)} (${figure.low.toFixed(2)}–${figure.high.toFixed(2)})`;
}

/** The headline table in Markdown: every measure by view and shape, each with its interval. */
export function formatMarkdown(report: EvalSuiteReport): string {
  const columns = report.sections.flatMap((section) => SHAPES.map((shape) => ({ section, shape })));
  const lines = [
    `| measure | ${columns.map(({ section, shape }) => `${SECTION_COLUMNS[section.key]}, ${shape === 'civitai' ? 'Civitai' : 'Hub'} (${section.cases}; ${section.positives} pos.)`).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    ...TABLE_MEASURES.map((measure) => `| ${measure.label.trim()} | ${columns.map(({ section, shape }) => cellText(section.figures[shape][measure.key])).join(' | ')} |`),
  ];
  return `Classifier ${report.classifierVersion}; 95% bootstrap intervals (${report.replicates} resamples, seed ${report.seed}).\n\n${lines.join('\n')}\n`;
}

export function formatSuite(report: EvalSuiteReport): string {
  const head = `classifier ${report.classifierVersion}; 95% intervals from ${report.replicates} bootstrap resamples (seed ${report.seed}), within strata; n = cases in the denominator\n`;
  return [head, ...report.sections.map((section, index) => formatSection(section, index === 0))].join('\n');
}

export function registerEval(program: Command<[], { db?: string }>): void {
  program
    .command('eval')
    .description('Score the classifier against the hand-labelled gold sets, with bootstrap 95% intervals, as Civitai records and as Hub repos, on the grouped held-out split, the old held-out set, the weighted new sample and the tuning set.')
    .option('--gold <file>', 'tuning gold set (JSON lines, see data/gold/README.md); the rules were tuned on it, so its scores are in-sample', DEFAULT_GOLD)
    .option('--heldout <file>', 'held-out gold set, labelled after tuning and never tuned on', DEFAULT_HELDOUT)
    .option('--no-heldout', 'leave the held-out set out')
    .option('--new <file>', `the newer stratified gold sample, never tuned on (default ${DEFAULT_NEW} when present)`)
    .option('--population <file>', `population size per stratum of the --new sample, to weight it back (default ${DEFAULT_POPULATION} when present)`)
    .option('--records <file>', 'read the gold models from a Civitai JSON-lines archive (.jsonl or .jsonl.gz) instead of the store')
    .option('--from-reviews', 'add the latest confirmed / false_positive review of each model as extra person-targeting gold (to the --gold set)')
    .option('--bootstrap <n>', 'bootstrap resamples for the intervals (1-100000)', parseIntInRange(1, 100_000), DEFAULT_REPLICATES)
    .option('--seed <n>', 'seed of the bootstrap (and of the grouped split)', parseNonNegativeInt, DEFAULT_BOOTSTRAP_SEED)
    .option('--worst <n>', 'how many worst false positives and negatives to show (1-1000)', parseIntInRange(1, 1000), 5)
    .option('--json', 'print the report as JSON')
    .option('--markdown', 'print the headline table (text-only measures, every view, both shapes) in Markdown')
    .addHelpText(
      'after',
      '\nExamples:\n  dfwatch eval --records ../shared/civitai-2023-dev.jsonl.gz\n  dfwatch import civitai ../shared/civitai-2023-dev.jsonl.gz --as-of 2023-07-15 && dfwatch eval\n' +
        '  dfwatch eval --gold data/gold/synthetic-hf.jsonl --no-heldout\n  dfwatch eval --from-reviews --json',
    )
    .action(async (options, command) => {
      // Every file named is checked before any work, so a typo or a directory gets one line; the
      // reports name each file as it was given.
      const records = options.records === undefined ? undefined : checkInputFile(options.records, '--records');
      checkInputFile(options.gold, '--gold');
      const heldout = typeof options.heldout === 'string' ? options.heldout : null;
      if (heldout) checkInputFile(heldout, '--heldout');
      if (options.new !== undefined) checkInputFile(options.new, '--new');
      if (options.population !== undefined) checkInputFile(options.population, '--population');
      const newFile = options.new ?? (heldout && fs.existsSync(DEFAULT_NEW) ? DEFAULT_NEW : null);
      const populationFile = options.population ?? (newFile === DEFAULT_NEW && fs.existsSync(DEFAULT_POPULATION) ? DEFAULT_POPULATION : null);
      const classifier = getClassifier();
      const sets: GoldSet[] = [{ role: 'tuning', file: options.gold, labels: readGold(options.gold) }];
      if (heldout) sets.push({ role: 'heldout', file: heldout, labels: readGold(heldout) });
      if (newFile) sets.push({ role: 'new', file: newFile, labels: readGold(newFile) });
      const population = populationFile ? readPopulation(populationFile) : null;
      const needsStore = !records || options.fromReviews;
      const store = needsStore ? openStore({ path: dbPathOf(command), readonly: true }) : null;
      try {
        if (store && options.fromReviews) sets[0]!.labels.push(...reviewLabels(store));
        const wanted = new Set(sets.flatMap((set) => set.labels.map((label) => label.platformId)));
        const primary: InputLookup = records ? await archiveLookup(records, wanted) : storeLookup(store!);
        const fallback = store && records ? storeLookup(store) : null;
        const report = runEvalSuite({
          sets,
          lookup: (label) => primary(label) ?? fallback?.(label) ?? null,
          classifier,
          population,
          replicates: options.bootstrap,
          seed: options.seed,
          worst: options.worst,
        });
        for (const { file, count } of report.missing) process.stderr.write(`dfwatch: ${count} models of ${file} not found and left out\n`);
        if (options.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
        else process.stdout.write(options.markdown ? formatMarkdown(report) : formatSuite(report));
      } finally {
        store?.close();
      }
    });
}
