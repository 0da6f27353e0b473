// The literal gates must never change a decision: a closed gate may only skip a regex that finds
// nothing. Checked against the plain regexes (the reference matcher) on every text field of the real
// July 2023 records and the inline gold cases, and on small cases of our own.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCivitaiItem } from '../../src/crawlers/civitai.js';
import { GatedPattern, LiteralScanner } from '../../src/classify/gate.js';
import { inputFromRecord } from '../../src/classify/input.js';
import { loadLexicon } from '../../src/classify/lexicon.js';
import { requiredLiterals } from '../../src/classify/literals.js';
import { readGold } from '../../src/classify/gold.js';
import { prepareText } from '../../src/classify/text.js';
import type { ClassifierInput } from '../../src/classify/types.js';
import { lora } from './fixtures.js';

describe('requiredLiterals', () => {
  it('finds the words a match must contain', () => {
    expect(requiredLiterals('\\bresembl(?:es|ing)\\b')).toEqual(['resembles', 'resembling']);
    expect(requiredLiterals('\\b[a-z0-9]{3,12} (?:person|woman|man)\\b')).toEqual([' person', ' woman', ' man']);
    expect(requiredLiterals('(?<![\\p{L}\\p{N}])(?:cat|dog)(?![\\p{L}\\p{N}])|猫')).toEqual(['cat', 'dog', '猫']);
  });

  it('gives up (no gate) when a match can avoid every fixed text, or on constructs it does not know', () => {
    expect(requiredLiterals('[a-z]+')).toBeNull();
    expect(requiredLiterals('foo|[0-9]')).toBeNull();
    expect(requiredLiterals('a*')).toBeNull();
    expect(requiredLiterals('(?<name>x)')).toBeNull();
    expect(requiredLiterals('(a)\\1')).toBeNull();
  });
});

const lexicon = loadLexicon();
const gated: GatedPattern[] = [
  ...lexicon.person.allPhrases.map((phrase) => phrase.pattern),
  lexicon.sexual.words,
  lexicon.sexual.descriptionPatterns,
  lexicon.sexual.descriptionWords,
  lexicon.sexual.adultIndustry,
  lexicon.sexual.suggestiveWords,
  lexicon.minor.words,
  lexicon.minor.exceptions,
];

const allLiterals = [...new Set(gated.flatMap((pattern) => pattern.literals ?? []))];
/** The reference matcher: each pattern's plain regex, a fresh copy so no gate state is shared. */
const references = new Map(gated.map((pattern) => [pattern, new RegExp(pattern.regex.source, pattern.regex.flags)]));

function referenceMatch(pattern: GatedPattern, text: string): [number, string] | null {
  const regex = references.get(pattern)!;
  regex.lastIndex = 0;
  const match = regex.exec(text);
  return match ? [match.index, match[0]] : null;
}

/** Checks every gated pattern on every field; returns the number of checks, failing with the first disagreements. */
function expectGatesAgree(inputs: ClassifierInput[]): number {
  let checked = 0;
  const disagreements: string[] = [];
  for (const input of inputs) {
    const text = prepareText(input, lexicon.scanner);
    const fields = [
      [text.nameLower, text.present.name],
      [text.tagText, text.present.tags],
      [text.trainedLower, text.present.trainedWords],
      [text.descriptionLower, text.present.description],
    ] as const;
    for (const [value, present] of fields) {
      const expected = allLiterals.filter((literal) => value.includes(literal));
      if (expected.length !== present.size || expected.some((literal) => !present.has(literal))) disagreements.push(`scan: ${value.slice(0, 80)}`);
      for (const pattern of gated) {
        const gatedMatch = pattern.exec(value, present);
        const reference = referenceMatch(pattern, value);
        if ((gatedMatch ? `${gatedMatch.index}:${gatedMatch[0]}` : null) !== (reference ? `${reference[0]}:${reference[1]}` : null)) {
          disagreements.push(`${pattern.regex.source.slice(0, 40)} on ${value.slice(0, 80)}`);
        }
        checked++;
      }
    }
  }
  expect(disagreements.slice(0, 10)).toEqual([]);
  return checked;
}

describe('gated patterns agree with the plain regexes', () => {
  it('on small cases, in Latin and CJK text, at word edges', () => {
    const inputs = [
      lora({ name: 'A woman who resembles Liushishi', description: 'Not a kid. skidding teenagers; 一个酷似刘诗诗的女人 幼女 minor update' }),
      lora({ name: 'nsfw-friendly sfw / nsfw', trainedWords: ['ohwx woman', 'analog'], tags: ['teen titans', 'JK'] }),
      lora({ description: '@someone on instagram: trained on 40 photos of the actress, can do nudes' }),
    ];
    expect(expectGatesAgree(inputs)).toBeGreaterThan(0);
  });

  it('on the inline gold cases', () => {
    const inputs = readGold('data/gold/synthetic-hf.jsonl').flatMap((label) => (label.input ? [label.input] : []));
    expect(expectGatesAgree(inputs)).toBeGreaterThan(0);
  });

  const archive = path.resolve('../shared/civitai-2023-dev.jsonl.gz');
  it.skipIf(!fs.existsSync(archive))('on every text field of the 4,422 real July 2023 records', () => {
    const inputs: ClassifierInput[] = [];
    for (const line of zlib.gunzipSync(fs.readFileSync(archive)).toString('utf8').split('\n')) {
      if (!line) continue;
      const parsed = parseCivitaiItem(JSON.parse(line));
      if (parsed.ok) inputs.push(inputFromRecord(parsed.record));
    }
    expect(inputs.length).toBe(4422);
    expect(expectGatesAgree(inputs)).toBeGreaterThan(4422 * 4 * 20);
  }, 60_000);
});

describe('LiteralScanner', () => {
  it('reports overlapping literals and literals sharing a start', () => {
    const scanner = new LiteralScanner([new GatedPattern(/\b(?:man|many|any)\b/), new GatedPattern(/猫|猫耳/)]);
    expect([...scanner.scan('so many 猫耳')].sort()).toEqual(['any', 'man', 'many', '猫', '猫耳']);
  });
});
