// `dfwatch agreement A B`: Cohen's kappa between two labellers' files (person, gender, explicit),
// and the records they disagree on, for adjudication.
import type { Command } from '@commander-js/extra-typings';
import { agreement, readAgreementLines, type AgreementReport } from '../classify/eval/agreement.js';
import type { Kappa } from '../classify/eval/kappa.js';

function kappaLine(name: string, kappa: Kappa): string {
  const value = kappa.kappa === null ? 'undefined' : kappa.kappa.toFixed(3);
  return `${name.padEnd(34)} κ ${value.padEnd(9)} agreement ${kappa.agreement.toFixed(3)}  chance ${kappa.chance.toFixed(3)}  n=${kappa.n}`;
}

export function formatAgreement(report: AgreementReport): string {
  const lines = [
    `${report.shared} records in both files`,
    kappaLine('person-targeting', report.person),
    kappaLine('target gender (both say person)', report.gender),
    kappaLine('explicit (nciiLevel = explicit)', report.explicit),
    kappaLine('nciiLevel (three levels)', report.nciiLevel),
    `${report.disagreements.length} records to adjudicate:`,
    ...report.disagreements.map((d) => `  ${d.platformId}  ${d.on.join(', ')}`),
  ];
  return lines.join('\n') + '\n';
}

export function registerAgreement(program: Command<[], { db?: string }>): void {
  program
    .command('agreement')
    .description("Cohen's kappa between two label files (person, gender, explicit) and the records to adjudicate")
    .argument('<first>', 'label file (JSON lines with platformId, personTarget, targetGender, nciiLevel)')
    .argument('<second>', 'the second labeller’s file; records present in both are compared')
    .option('--json', 'print the report as JSON')
    .action((first, second, options) => {
      const report = agreement(readAgreementLines(first), readAgreementLines(second));
      process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : formatAgreement(report));
    });
}
