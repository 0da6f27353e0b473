// The export: one record per model, streamed from SQLite (src/db/export-rows.ts) so a million models
// never sit in memory.
import { Writable } from 'node:stream';
import { once } from 'node:events';
import type { Store } from '../db/open.js';
import { chooseClassifierVersion } from '../db/classifier-version.js';
import { exportRows } from '../db/export-rows.js';
import { csvCell } from '../report/format.js';
import { jsonWithoutControls } from '../display-text.js';
import type { Cell } from '../report/tables.js';

/** The export schema (documented in README, "Export schema"). */
export interface ExportRecord {
  platform: 'civitai' | 'huggingface';
  id: string;
  name: string;
  type: string;
  url: string;
  creator: string | null;
  createdAt: string | null;
  /** Latest snapshot. Civitai: lifetime downloads. Hugging Face: downloads in the last 30 days. */
  downloads: number | null;
  /** Hugging Face: lifetime downloads; Civitai: null (its `downloads` is already lifetime). */
  downloadsAllTime: number | null;
  baseModel: string | null;
  tags: string[];
  nsfw: boolean | null;
  poi: boolean | null;
  removedAt: string | null;
  removedReason: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  /** The classifier's decision (newest classifier version in the database); null when unclassified. */
  personTarget: boolean | null;
  personTargetNoPoi: boolean | null;
  targetName: string | null;
  targetGender: string | null;
  fame: string | null;
  sexual: boolean | null;
  ncii: boolean | null;
  minorSignal: boolean | null;
  baseFamily: string | null;
  /** The summed weight of the person evidence. */
  score: number | null;
  /** Every piece of evidence: {rule, field, match, weight}. */
  evidence: { rule: string; field: string; match: string; weight: number }[] | null;
  classifierVersion: string | null;
}

export const EXPORT_COLUMNS: (keyof ExportRecord)[] = [
  'platform', 'id', 'name', 'type', 'url', 'creator', 'createdAt', 'downloads', 'downloadsAllTime', 'baseModel', 'tags', 'nsfw', 'poi', 'removedAt', 'removedReason', 'firstSeenAt', 'lastSeenAt',
  'personTarget', 'personTargetNoPoi', 'targetName', 'targetGender', 'fame', 'sexual', 'ncii', 'minorSignal', 'baseFamily', 'score', 'evidence', 'classifierVersion',
];

const toBool = (value: number | null) => (value === null ? null : value === 1);

export function* exportRecords(store: Store): Generator<ExportRecord> {
  const version = chooseClassifierVersion(store, undefined);
  for (const row of exportRows(store, version)) {
    yield {
      ...row,
      tags: row.tags ? (JSON.parse(row.tags) as string[]) : [],
      nsfw: toBool(row.nsfw),
      poi: toBool(row.poi),
      personTarget: toBool(row.personTarget),
      personTargetNoPoi: toBool(row.personTargetNoPoi),
      sexual: toBool(row.sexual),
      ncii: toBool(row.ncii),
      minorSignal: toBool(row.minorSignal),
      evidence: row.evidence ? (JSON.parse(row.evidence) as ExportRecord['evidence']) : null,
    };
  }
}

/** A CSV cell: lists of plain values joined with `|`, objects as JSON, formulas defused by csvCell. */
function exportCell(value: unknown): string {
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object')) return csvCell(value.join('|'));
  if (value !== null && typeof value === 'object') return csvCell(JSON.stringify(value, jsonWithoutControls));
  return csvCell(value as Cell);
}

export interface WriteExportOptions<R> {
  format: 'jsonl' | 'csv';
  columns: (keyof R & string)[];
  records: Iterable<R>;
  out: Writable;
}

/** Writes records as JSON lines or CSV, honouring back-pressure. Returns how many were written. */
export async function writeRecords<R extends object>(options: WriteExportOptions<R>): Promise<number> {
  const { out, columns } = options;
  let count = 0;
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  if (options.format === 'csv') await write(columns.join(',') + '\n');
  for (const record of options.records) {
    const line =
      options.format === 'jsonl'
        ? JSON.stringify(Object.fromEntries(columns.map((column) => [column, record[column]])), jsonWithoutControls)
        : columns.map((column) => exportCell(record[column])).join(',');
    await write(line + '\n');
    count++;
  }
  return count;
}
