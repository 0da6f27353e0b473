// Gated patterns: each regex carries the literals one of which any match must contain
// (literals.ts). A model's text is scanned once for all literals of all gated patterns; a pattern
// whose literals are all absent cannot match, so its regex never runs. Most regexes miss on most
// models, and one literal scan costs about what one of the ~40 regexes did (measured on the July
// 2023 records: the regex scans were ~85% of classify time). Decisions are unchanged: a closed gate
// only skips a regex that would have found nothing (test/classify/gate.test.ts checks this against
// the plain regexes on the real records).
import { requiredLiterals } from './literals.js';
import { TextMemo } from './memo.js';

/**
 * Literals are cut to this many code points: a prefix of a required literal is required too, and
 * short prefixes keep the scanner's alternation small ("photos of her" … "photos from the model"
 * collapse to "photos o", "photos f").
 */
const LITERAL_PREFIX = 8;

function prefixes(literals: string[]): string[] {
  return [...new Set(literals.map((literal) => [...literal].slice(0, LITERAL_PREFIX).join('')))];
}

export class GatedPattern {
  /** Null: no literal is required (or the pattern is beyond the analysis), the regex always runs. */
  readonly literals: readonly string[] | null;
  private readonly literalSet: ReadonlySet<string>;

  constructor(readonly regex: RegExp) {
    const literals = regex.flags.includes('i') ? null : requiredLiterals(regex.source);
    this.literals = literals ? prefixes(literals) : null;
    this.literalSet = new Set(this.literals);
  }

  /** False only when no match is possible in a text whose present literals are these. */
  mayMatch(present: ReadonlySet<string>): boolean {
    if (this.literals === null) return true;
    // Walk the smaller side: a text holds a handful of literals, a word list's pattern up to ~60.
    if (present.size < this.literals.length) {
      for (const literal of present) if (this.literalSet.has(literal)) return true;
      return false;
    }
    for (const literal of this.literals) if (present.has(literal)) return true;
    return false;
  }

  /** The first match, as `regex.exec` from the start would find it, skipped when the gate is closed. */
  exec(text: string, present: ReadonlySet<string>): RegExpExecArray | null {
    if (!this.mayMatch(present)) return null;
    this.regex.lastIndex = 0;
    return this.regex.exec(text);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Finds which of a fixed set of literals occur in a text, in one regex pass. */
export class LiteralScanner {
  private readonly regex: RegExp;
  /** Literals by their first UTF-16 code unit, to check every literal that starts where the regex hit. */
  private readonly byFirstUnit = new Map<string, string[]>();

  constructor(patterns: readonly GatedPattern[]) {
    const literals = new Set<string>();
    for (const pattern of patterns) for (const literal of pattern.literals ?? []) literals.add(literal);
    for (const literal of literals) {
      const first = literal[0]!;
      const list = this.byFirstUnit.get(first) ?? [];
      list.push(literal);
      this.byFirstUnit.set(first, list);
    }
    this.regex = new RegExp([...literals].map(escapeRegExp).join('|') || '(?!)', 'g');
  }

  private readonly memo = new TextMemo((text) => this.scanText(text));

  /** The literals occurring anywhere in the text, overlapping ones included. */
  scan(text: string): ReadonlySet<string> {
    return this.memo.get(text);
  }

  private scanText(text: string): ReadonlySet<string> {
    const present = new Set<string>();
    if (text.length === 0) return present;
    const regex = this.regex;
    regex.lastIndex = 0;
    let hit: RegExpExecArray | null;
    while ((hit = regex.exec(text)) !== null) {
      const index = hit.index;
      for (const literal of this.byFirstUnit.get(text[index]!)!) if (text.startsWith(literal, index)) present.add(literal);
      regex.lastIndex = index + 1;
    }
    return present;
  }
}
