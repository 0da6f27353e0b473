// Small parsers shared by the subcommands, so every command rejects bad values the same way
// (commander turns an InvalidArgumentError into one "dfwatch: …" line and exit 2).
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { Platform } from '../db/schema.js';
import { UserError } from '../errors.js';

export const PLATFORM_CHOICES = ['civitai', 'huggingface'] as const satisfies readonly Platform[];

export function platformOption() {
  return new Option('--platform <platform>', 'only one platform').choices(PLATFORM_CHOICES);
}

/** Rows in a "top N" table: enough for any study, small enough that a typo cannot ask for billions. */
export function topOption(defaultTopN: number) {
  return new Option('--top <n>', 'rows in the top creators / targets / re-upload tables (1-10000)').argParser(parseIntInRange(1, 10_000)).default(defaultTopN);
}

/** A whole number in [min, max]; digits only, so "1e3", "0x10" and "12abc" are refused rather than guessed at. */
export function parseIntInRange(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected a whole number ≥ ${min}` : `expected a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

export const parseNonNegativeInt = parseIntInRange(0);
export const parsePositiveInt = parseIntInRange(1);
export const parsePort = parseIntInRange(0, 65_535);

/** Requests per second: 0 (no limit) or at least one request a hundred seconds, so a timer never overflows. */
export function parseRps(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || (number > 0 && number < 0.01)) {
    throw new InvalidArgumentError('expected 0 (no limit) or a number ≥ 0.01');
  }
  return number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A calendar date (2025-05-01) or an ISO 8601 time with a zone (2025-05-01T12:00:00Z); returns
 * ISO 8601 in UTC. Strict: Date.parse would roll 2025-02-30 over to March and read "0" as 2000.
 */
export function parseDate(value: string): string {
  const text = value.trim();
  const dateOnly = ISO_DATE.exec(text);
  const parts = dateOnly ?? ISO_DATE_TIME.exec(text);
  const problem = 'expected a date like 2025-05-01 or an ISO 8601 time like 2025-05-01T12:00:00Z';
  if (!parts) throw new InvalidArgumentError(problem);
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const calendar = new Date(Date.UTC(year!, month! - 1, day!));
  const isRealDay = calendar.getUTCFullYear() === year && calendar.getUTCMonth() === month! - 1 && calendar.getUTCDate() === day;
  if (!isRealDay || year! < 1970 || hour! > 23 || minute! > 59 || second! > 59) throw new InvalidArgumentError(`${problem} (no such day or time)`);
  const time = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(time)) throw new InvalidArgumentError(problem);
  return new Date(time).toISOString();
}

/**
 * An API root: http or https only, and no user name or password in it (they would be stored with the
 * run and logged). Used for every --base-url and the environment variables standing in for one.
 */
export function checkBaseUrl(value: string, source = '--base-url'): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`${source} is not a URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`${source} must be an http or https URL, got ${url.protocol.slice(0, -1)}:`);
  if (url.username || url.password) throw new UserError(`${source} must not contain a user name or password (tokens go in the environment: see README)`);
  return value;
}

/** checkBaseUrl as a commander argument parser. */
export function parseBaseUrl(value: string): string {
  try {
    return checkBaseUrl(value, 'URL');
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message.replace(/^URL /, ''));
  }
}

/** Opens a file for writing, or a UserError naming the path and why it cannot be written. */
export function openOutputFile(file: string): fs.WriteStream {
  let fd: number;
  try {
    fd = fs.openSync(file, 'w');
  } catch (error) {
    throw new UserError(`cannot write ${file}: ${fileErrorReason(error) ?? String(error)}`);
  }
  return fs.createWriteStream(file, { fd });
}

/** Creates a directory (and its parents) for output, or a UserError naming it and why it cannot be written. */
export function ensureOutputDir(dir: string): string {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new UserError(`cannot write to ${dir}: ${fileErrorReason(error) ?? String(error)}`);
  }
  return dir;
}

/** A file the user named as input: it must exist and be a file (not a directory). */
export function checkInputFile(file: string, option: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    throw new UserError(`${option}: cannot read ${file}: ${fileErrorReason(error) ?? String(error)}`);
  }
  if (!stat.isFile()) throw new UserError(`${option}: ${file} is ${stat.isDirectory() ? 'a directory' : 'not a regular file'}, expected a file`);
  return path.resolve(file);
}

const FILE_ERROR_REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EEXIST: 'a file of that name is in the way',
};

/** Why the system refused a path the user named (missing, a directory, not writable), or null for any other error. */
export function fileErrorReason(error: unknown): string | null {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  return typeof code === 'string' ? (FILE_ERROR_REASONS[code] ?? null) : null;
}
