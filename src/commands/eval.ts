// `dfwatch eval`: the classifier's precision and recall on the gold sets, and its worst errors.
import type { Command } from '@commander-js/extra-typings';
import { openStore } from '../db/open.js';
import { getClassifier } from '../classify/index.js';
import { readGold, type GoldLabel } from '../classify/gold.js';
import { archiveLookup, goldCases, reviewLabels, storeLookup, type InputLookup } from '../classify/gold-cases.js';
import { evaluateGold, type EvalReport, type Scores, type ErrorCase } from '../classify/evaluate.js';
import { UserError } from '../errors.js';
import { checkInputFile, parseIntInRange } from './options.js';
import { dbPathOf } from './store.js';
import { terminalSafe } from './terminal-text.js';

export const DEFAULT_GOLD = 'data/gold/civitai-2023.jsonl';
/** Labelled after the rules were tuned and never used to tune them: its figures are the out-of-sample ones. */
export const DEFAULT_HELDOUT = 'data/gold/civitai-2023-heldout.jsonl';

function pct(value: number): string {
  return value.toFixed(3);
}

function scoreLine(label: string, s: Scores): string {
  if (s.n === 0) return `${label.padEnd(34)} n/a (no cases)`;
  return `${label.padEnd(34)} ${pct(s.precision)}  ${pct(s.recall)}  ${pct(s.f1)}   tp=${s.truePositives} fp=${s.falsePositives} fn=${s.falseNegatives}`;
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

export function formatReport(report: EvalReport, classifierVersion: string, source: string, title?: string): string {
  const lines = [
    ...(title ? [`== ${title} ==`] : []),
    `gold: ${source} — ${report.cases} models (${report.undecided} undecided, left out of person scores); classifier ${classifierVersion}`,
    '',
    `${'flag'.padEnd(34)} prec.  recall F1`,
    scoreLine('personTarget (with poi)', report.personTarget),
    scoreLine('personTarget (text only, no poi)', report.personTargetNoPoi),
    scoreLine("Civitai's poi flag alone", report.poiFlagAlone),
    scoreLine('ncii (with poi)', report.ncii),
    scoreLine('ncii (no poi)', report.nciiNoPoi),
    scoreLine('sexual', report.sexual),
    `gender accuracy on true positives (no poi): ${pct(report.genderAccuracy.accuracy)} (${report.genderAccuracy.correct}/${report.genderAccuracy.n})`,
    '',
    'person-targeting recall by group (positives in the gold set):',
    `  ${'group'.padEnd(16)} ${'n'.padStart(4)}  no poi  with poi  gap (no poi vs overall)`,
  ];
  for (const group of report.groups) {
    const lagging = group.gapNoPoi < -0.1 ? '  ← lags by more than 0.10' : '';
    lines.push(`  ${group.group.padEnd(16)} ${String(group.positives).padStart(4)}  ${pct(group.recallNoPoi)}   ${pct(group.recallWithPoi)}     ${group.gapNoPoi >= 0 ? '+' : ''}${pct(group.gapNoPoi)}${lagging}`);
  }
  lines.push('', ...errorLines('worst false positives (no poi)', report.worstFalsePositives), '', ...errorLines('worst false negatives (no poi)', report.worstFalseNegatives));
  return lines.join('\n') + '\n';
}

export function registerEval(program: Command<[], { db?: string }>): void {
  program
    .command('eval')
    .description('Score the classifier against a hand-labelled gold set: precision/recall/F1 per flag with and without poi, per group, and the worst errors with their evidence.')
    .option('--gold <file>', 'tuning gold set (JSON lines, see data/gold/README.md); the rules were tuned on it, so its scores are in-sample', DEFAULT_GOLD)
    .option('--heldout <file>', 'held-out gold set, never used to tune the rules; reported first, as the headline', DEFAULT_HELDOUT)
    .option('--no-heldout', 'score the --gold set only')
    .option('--records <file>', 'read the gold models from a Civitai JSON-lines archive (.jsonl or .jsonl.gz) instead of the store')
    .option('--from-reviews', 'add the latest confirmed / false_positive review of each model as extra person-targeting gold (to the --gold set)')
    .option('--worst <n>', 'how many worst false positives and negatives to show (1-1000)', parseIntInRange(1, 1000), 5)
    .option('--json', 'print the reports as JSON: {classifierVersion, heldout, tuning}')
    .addHelpText(
      'after',
      '\nExamples:\n  dfwatch eval --records ../shared/civitai-2023-dev.jsonl.gz\n  dfwatch import civitai ../shared/civitai-2023-dev.jsonl.gz --as-of 2023-07-15 && dfwatch eval\n' +
        '  dfwatch eval --gold data/gold/synthetic-hf.jsonl --no-heldout\n  dfwatch eval --from-reviews --json',
    )
    .action((options, command) => {
      // Every file named is checked before any work, so a typo or a directory gets one line.
      const records = options.records === undefined ? undefined : checkInputFile(options.records, '--records');
      const gold = checkInputFile(options.gold, '--gold');
      const heldoutFile = typeof options.heldout === 'string' ? options.heldout : undefined;
      const heldout = heldoutFile === undefined ? undefined : checkInputFile(heldoutFile, '--heldout');
      const classifier = getClassifier();
      const sets: { role: 'heldout' | 'tuning'; title: string; file: string; labels: GoldLabel[] }[] = [];
      if (heldoutFile && heldout) sets.push({ role: 'heldout', title: 'held-out set (not used to tune the rules)', file: heldoutFile, labels: readGold(heldout) });
      sets.push({ role: 'tuning', title: 'tuning set (in-sample: the rules were tuned on it)', file: options.gold, labels: readGold(gold) });
      const needsStore = !records || options.fromReviews;
      const store = needsStore ? openStore({ path: dbPathOf(command), readonly: true }) : null;
      try {
        if (store && options.fromReviews) sets.at(-1)!.labels.push(...reviewLabels(store));
        const wanted = new Set(sets.flatMap((set) => set.labels.map((label) => label.platformId)));
        const lookup: InputLookup = records ? archiveLookup(records, wanted) : storeLookup(store!);
        const fallback = store && records ? storeLookup(store) : null;
        const reports: Partial<Record<'heldout' | 'tuning', EvalReport & { missing: number }>> = {};
        const texts: string[] = [];
        for (const set of sets) {
          const { cases, missing } = goldCases(set.labels, (label) => lookup(label) ?? fallback?.(label) ?? null, classifier);
          if (cases.length === 0) throw new UserError(`none of the ${set.labels.length} models of ${set.file} found (import the archive first, or pass --records FILE)`);
          const report = evaluateGold(cases, options.worst);
          reports[set.role] = { ...report, missing: missing.length };
          texts.push(formatReport(report, classifier.version, set.file, sets.length > 1 ? set.title : undefined));
          if (missing.length > 0) process.stderr.write(`dfwatch: ${missing.length} models of ${set.file} not found and left out\n`);
        }
        if (options.json) process.stdout.write(JSON.stringify({ classifierVersion: classifier.version, ...reports }, null, 2) + '\n');
        else process.stdout.write(texts.join('\n'));
      } finally {
        store?.close();
      }
    });
}
