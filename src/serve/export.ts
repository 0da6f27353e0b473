// The console's downloads: every row of the current filter (all pages) as CSV or JSON lines, or as
// signal lists for teams that share them (HMA URL signals, SHA256 of the models' files).
import type { Writable } from 'node:stream';
import type { Store } from '../db/open.js';
import { writeRecords } from '../export/export.js';
import { hmaUrlLines, sha256Lines, writeLines } from '../triage/signals.js';
import { TRIAGE_EXPORT_COLUMNS, iterateTriage, type TriageFilters } from '../triage/triage.js';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'hma-url', 'sha256'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const EXTENSIONS: Record<ExportFormat, string> = { csv: 'csv', jsonl: 'jsonl', 'hma-url': 'hma-url.txt', sha256: 'sha256.txt' };

export function exportFileName(format: ExportFormat, at: Date): string {
  return `dfwatch-triage-${at.toISOString().slice(0, 19).replace(/:/g, '-')}.${EXTENSIONS[format]}`;
}

export interface TriageExportOptions {
  store: Store;
  filters: TriageFilters;
  format: ExportFormat;
  out: Writable;
}

/** Returns how many records (or lines) were written. */
export async function writeTriageExport({ store, filters, format, out }: TriageExportOptions): Promise<number> {
  const rows = iterateTriage(store, filters);
  switch (format) {
    case 'csv':
    case 'jsonl':
      return writeRecords({ format, columns: [...TRIAGE_EXPORT_COLUMNS], records: rows, out });
    case 'hma-url':
      return writeLines(hmaUrlLines(rows), out);
    case 'sha256': {
      // The ids first: the file query cannot run on this connection while the rows iterate.
      const modelIds = Array.from(rows, (row) => row.modelId);
      return writeLines(sha256Lines(store, modelIds), out);
    }
  }
}
