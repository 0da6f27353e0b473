// How stored values read to people: words, not identifiers ("False positive", not false_positive),
// and counts with thousands separators. Tables in the terminal and the console use these; JSON and
// CSV keep the stored values so scripts can rely on them.
const WORDS: Record<string, string> = { ncii: 'NCII', adult_performer: 'Adult performer', false_positive: 'False positive' };

/** A stored enum value as a word: "false_positive" → "False positive", "celebrity" → "Celebrity". */
export function labelOf(value: string): string {
  const word = WORDS[value];
  if (word) return word;
  const spaced = value.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

import { COUNT_CAP } from './triage.js';

const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567"; null → "" (unknown, not zero). A gain is signed: "+1,200". */
export function formatCount(value: number | null, options: { isSigned?: boolean } = {}): string {
  if (value === null) return '';
  const text = COUNT_FORMAT.format(value);
  return options.isSigned && value > 0 ? `+${text}` : text;
}

/** A total from countTriage: exact up to COUNT_CAP, "10,000+" past it. */
export function formatTotal(total: number): string {
  return total > COUNT_CAP ? `${formatCount(COUNT_CAP)}+` : formatCount(total);
}

/** Whether rows follow the page: from the total, or, past the counting cap, from a full page. */
export function hasMoreRows(total: number, lastShown: number, isFullPage: boolean): boolean {
  return total > COUNT_CAP ? isFullPage : lastShown < total;
}
