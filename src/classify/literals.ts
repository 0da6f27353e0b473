// Required literals of a regex: a set of strings such that every match of the pattern contains at
// least one of them. A text holding none of them cannot match, so the classifier skips the regex
// (see gate.ts). This is the "prefilter" idea of RE2 and Google Code Search, for the small regex
// subset the word lists use: literals, escapes, small character classes, groups, alternation,
// quantifiers, anchors and lookarounds. Anything else yields null: no prefilter, the regex always runs.

/** Largest set of exact strings tracked for one sub-pattern before giving up on exactness. */
const MAX_EXACT = 64;

/** What is known about the strings a sub-pattern matches. */
interface Info {
  /** Every string the sub-pattern can match, when that set is small; null otherwise. */
  exact: Set<string> | null;
  /** Strings one of which every match contains; null when nothing is known. */
  factors: Set<string> | null;
}

class Unsupported extends Error {}

const ZERO_WIDTH: Info = { exact: new Set(['']), factors: null };
const UNKNOWN: Info = { exact: null, factors: null };

function cross(a: Set<string>, b: Set<string>): Set<string> | null {
  if (a.size * b.size > MAX_EXACT) return null;
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

/** A usable factor set: non-empty strings only. Longer shortest-string is better (fewer false hits). */
function asFactors(info: Info): Set<string> | null {
  const set = info.exact ?? info.factors;
  if (!set || set.size === 0 || [...set].some((s) => s.length === 0)) return info.factors;
  return set;
}

function better(a: Set<string> | null, b: Set<string> | null): Set<string> | null {
  if (!a) return b;
  if (!b) return a;
  const shortest = (set: Set<string>) => Math.min(...[...set].map((s) => s.length));
  return shortest(b) > shortest(a) ? b : a;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' };

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Info {
    const info = this.alternation();
    if (this.pos !== this.src.length) throw new Unsupported();
    return info;
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private alternation(): Info {
    const branches = [this.sequence()];
    while (this.peek() === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    let exact: Set<string> | null = new Set();
    const factors = new Set<string>();
    let allFactored = true;
    for (const branch of branches) {
      if (exact && branch.exact && exact.size + branch.exact.size <= MAX_EXACT) for (const s of branch.exact) exact.add(s);
      else exact = null;
      const f = asFactors(branch);
      if (f) for (const s of f) factors.add(s);
      else allFactored = false;
    }
    return { exact, factors: allFactored ? factors : null };
  }

  private sequence(): Info {
    let run: Set<string> | null = new Set(['']);
    let best: Set<string> | null = null;
    const close = () => {
      if (run) best = better(best, asFactors({ exact: run, factors: null }));
    };
    let isExact = true;
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const item = this.quantified(this.atom());
      best = better(best, item.factors);
      if (item.exact && run) {
        const next = cross(run, item.exact);
        if (next) {
          run = next;
          continue;
        }
      }
      close();
      isExact = false;
      run = item.exact;
      if (!run) run = null;
    }
    close();
    if (!run) isExact = false;
    return { exact: isExact ? run : null, factors: best };
  }

  private quantified(info: Info): Info {
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === '?') [min, max] = [0, 1];
    else if (c === '*') [min, max] = [0, Infinity];
    else if (c === '+') [min, max] = [1, Infinity];
    else if (c === '{') {
      const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(this.src.slice(this.pos));
      if (!m) throw new Unsupported();
      min = Number(m[1]);
      max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
      this.pos += m[0].length - 1;
    } else return info;
    this.pos++;
    if (this.peek() === '?') this.pos++;
    const factors = min >= 1 ? asFactors(info) : null;
    if (min === 0 && max === 1 && info.exact) return { exact: new Set(['', ...info.exact]), factors: null };
    if (min === 1 && max === 1) return info;
    return { exact: null, factors };
  }

  private atom(): Info {
    const c = this.src[this.pos++];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape();
      case '^':
      case '$':
        return ZERO_WIDTH;
      case '.':
        return UNKNOWN;
      case undefined:
      case '*':
      case '+':
      case '?':
      case '{':
        throw new Unsupported();
      default:
        return { exact: new Set([c]), factors: null };
    }
  }

  private group(): Info {
    let isLookaround = false;
    if (this.src.startsWith('?:', this.pos)) this.pos += 2;
    else if (/^\?<?[=!]/.test(this.src.slice(this.pos))) {
      isLookaround = true;
      this.pos += this.src[this.pos + 1] === '<' ? 3 : 2;
    } else if (this.peek() === '?') throw new Unsupported();
    const inner = this.alternation();
    if (this.src[this.pos++] !== ')') throw new Unsupported();
    return isLookaround ? ZERO_WIDTH : inner;
  }

  private escape(): Info {
    const c = this.src[this.pos++];
    if (c === undefined) throw new Unsupported();
    if (c === 'b' || c === 'B') return ZERO_WIDTH;
    if ('dDsSwWpP'.includes(c)) {
      if ((c === 'p' || c === 'P') && this.peek() === '{') this.pos = this.src.indexOf('}', this.pos) + 1;
      return UNKNOWN;
    }
    if (c in SIMPLE_ESCAPES) return { exact: new Set([SIMPLE_ESCAPES[c]!]), factors: null };
    if (/[0-9a-zA-Z]/.test(c)) throw new Unsupported();
    return { exact: new Set([c]), factors: null };
  }

  /** A class becomes an exact set only when it lists a few plain characters ("[345]", "[-_ ]"). */
  private charClass(): Info {
    const chars = new Set<string>();
    let isSimple = this.peek() !== '^';
    while (this.pos < this.src.length && this.peek() !== ']') {
      let c = this.src[this.pos++]!;
      if (c === '\\') {
        const e = this.src[this.pos++]!;
        if (e in SIMPLE_ESCAPES) c = SIMPLE_ESCAPES[e]!;
        else if (/[0-9a-zA-Z]/.test(e)) {
          isSimple = false;
          if ((e === 'p' || e === 'P') && this.peek() === '{') this.pos = this.src.indexOf('}', this.pos) + 1;
          continue;
        } else c = e;
      } else if (this.peek() === '-' && this.src[this.pos + 1] !== ']' && this.src[this.pos + 1] !== undefined) {
        isSimple = false;
        this.pos += 2;
        continue;
      }
      chars.add(c);
    }
    if (this.src[this.pos++] !== ']') throw new Unsupported();
    return isSimple && chars.size > 0 && chars.size <= 8 ? { exact: chars, factors: null } : UNKNOWN;
  }
}

/**
 * Strings one of which every match of the regex source contains (flags without 'i'), or null when
 * the pattern may match without any fixed text or uses a construct this analysis does not know.
 */
export function requiredLiterals(source: string): string[] | null {
  let info: Info;
  try {
    info = new Parser(source).parse();
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
  const factors = asFactors(info);
  return factors ? [...factors] : null;
}
