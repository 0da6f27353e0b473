// Inter-labeller agreement on the issue-14 labels: person (true / false / undecided), target gender (on records
// both call a person) and explicit (nciiLevel = explicit, on every record), matched by platformId.
import fs from 'node:fs';
import { z } from 'zod';
import { UserError } from '../../errors.js';
import { parseJsonLines } from '../gold.js';
import { cohensKappa, type Kappa } from './kappa.js';

/** What agreement reads from a label line: a labeller's raw line or a gold line both fit. */
const AgreementLineSchema = z.looseObject({
  platformId: z.union([z.string(), z.number()]).transform(String),
  personTarget: z.boolean().nullable(),
  targetGender: z.enum(['female', 'male', 'unknown']).nullable().optional(),
  nciiLevel: z.enum(['explicit', 'suggestive', 'none']).nullable().optional(),
});
export type AgreementLine = z.infer<typeof AgreementLineSchema>;

export interface Disagreement {
  platformId: string;
  on: ('person' | 'gender' | 'explicit' | 'nciiLevel')[];
}

export interface AgreementReport {
  /** Records in both files. */
  shared: number;
  person: Kappa;
  gender: Kappa;
  explicit: Kappa;
  /** The three-level nciiLevel, for reference. */
  nciiLevel: Kappa;
  disagreements: Disagreement[];
}

export function readAgreementLines(path: string): Map<string, AgreementLine> {
  if (!fs.existsSync(path)) throw new UserError(`no label file at ${path}`);
  return new Map(parseJsonLines(fs.readFileSync(path, 'utf8'), path, AgreementLineSchema).map((line) => [line.platformId, line]));
}

const isExplicit = (line: AgreementLine): boolean | null => (line.nciiLevel === undefined || line.nciiLevel === null ? null : line.nciiLevel === 'explicit');

/** "Could not decide" is a labeller's answer too: a null against a true or false is a disagreement. */
const personCategory = (line: AgreementLine): string => (line.personTarget === null ? 'undecided' : String(line.personTarget));

export function agreement(a: Map<string, AgreementLine>, b: Map<string, AgreementLine>): AgreementReport {
  const pairs = [...a.keys()].filter((id) => b.has(id)).map((id) => [a.get(id)!, b.get(id)!] as const);
  const bothPeople = pairs.filter(([x, y]) => x.personTarget === true && y.personTarget === true);
  const disagreements: Disagreement[] = [];
  for (const [x, y] of pairs) {
    const on: Disagreement['on'] = [];
    if (x.personTarget !== y.personTarget) on.push('person');
    else if (x.personTarget === true && (x.targetGender ?? null) !== (y.targetGender ?? null)) on.push('gender');
    if (isExplicit(x) !== isExplicit(y)) on.push('explicit');
    else if ((x.nciiLevel ?? null) !== (y.nciiLevel ?? null)) on.push('nciiLevel');
    if (on.length > 0) disagreements.push({ platformId: x.platformId, on });
  }
  return {
    shared: pairs.length,
    person: cohensKappa(pairs.map(([x, y]) => [personCategory(x), personCategory(y)] as const)),
    gender: cohensKappa(bothPeople.map(([x, y]) => [x.targetGender ?? null, y.targetGender ?? null] as const)),
    explicit: cohensKappa(pairs.map(([x, y]) => [isExplicit(x), isExplicit(y)] as const)),
    nciiLevel: cohensKappa(pairs.map(([x, y]) => [x.nciiLevel ?? null, y.nciiLevel ?? null] as const)),
    disagreements,
  };
}
