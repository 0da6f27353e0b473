// Crawled text is untrusted: a model name can carry ANSI escapes or control characters that rewrite
// the analyst's terminal. Everything printed from the store passes through terminalSafe().

import { stripControls } from '../display-text.js';

export function terminalSafe(text: string | null | undefined, maxChars = Infinity): string {
  if (text === null || text === undefined) return '';
  // One line per cell: line breaks and tabs become spaces, every other control character goes.
  const clean = stripControls(text).replace(/[\t\n\r]/g, ' ');
  return clean.length > maxChars ? `${clean.slice(0, Math.max(0, maxChars - 1))}…` : clean;
}

/** Left-aligned columns separated by two spaces; numbers right-aligned. */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map((cell) => String(cell)))];
  const widths = header.map((_, column) => Math.max(...cells.map((row) => [...(row[column] ?? '')].length)));
  // Counts formatted with thousands separators ("+1,500") still right-align.
  const isCount = (cell: string | number | undefined) => typeof cell === 'number' || cell === '' || /^[+-]?\d[\d,]*$/.test(String(cell));
  const isNumeric = header.map((_, column) => rows.length > 0 && rows.every((row) => isCount(row[column])));
  return cells
    .map((row) =>
      row
        .map((cell, column) => {
          const pad = ' '.repeat((widths[column] ?? 0) - [...cell].length);
          return isNumeric[column] ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
