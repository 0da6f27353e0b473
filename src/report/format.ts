// Turning cells into text for each output. Crawled strings are untrusted: HTML gets every special
// character escaped, Markdown additionally escapes its own syntax (Markdown renderers pass raw HTML
// through), and CSV cells are quoted and defused against spreadsheet formulas.
import { stripControls } from '../display-text.js';
import type { Cell, ColumnKind } from './tables.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return stripControls(value).replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/** Safe inside a Markdown table cell or paragraph: no HTML, links, images, emphasis, code or cell breaks. */
export function escapeMarkdown(value: string): string {
  return stripControls(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[&<>]/g, (character) => HTML_ESCAPES[character]!)
    .replace(/[\\`*_{}[\]|~]/g, (character) => `\\${character}`)
    .replace(/^[#+-](?=\s|$)/, (marker) => `\\${marker}`)
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A cell as a person reads it (before escaping). */
export function displayCell(kind: ColumnKind, value: Cell): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') {
    if (kind === 'share') return `${(value * 100).toFixed(1)}%`;
    if (kind === 'integer') return integerFormat.format(value);
    return numberFormat.format(value);
  }
  return value;
}

// OWASP "CSV injection": a cell starting with one of these is a formula in Excel, LibreOffice and Sheets.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = stripControls(value);
  const defused = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]|^\s|\s$/.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** RFC 4180: CRLF line ends, a header row of column keys. */
export function toCsv(keys: string[], rows: Record<string, Cell>[]): string {
  const lines = [keys.map(csvCell).join(','), ...rows.map((row) => keys.map((key) => csvCell(row[key] ?? null)).join(','))];
  return lines.join('\r\n') + '\r\n';
}
