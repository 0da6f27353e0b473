// Crawled text is untrusted: a model name can carry ANSI escapes or control characters that rewrite
// the analyst's terminal. Everything printed from the store passes through terminalSafe().

// C0 and C1 control characters, DEL, and the bidi overrides that can disguise text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function terminalSafe(text: string | null | undefined, maxChars = Infinity): string {
  if (text === null || text === undefined) return '';
  const clean = text.replace(CONTROL, ' ');
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
          const pad = ' '.repeat(widths[column] - [...cell].length);
          return isNumeric[column] ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
