// Logging for long jobs: human lines and a live status line on a TTY, JSON lines for cron and CI.
import { redact } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  /** How lines are written; absent for loggers that write nothing. */
  readonly mode?: 'pretty' | 'json';
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
  /** A one-line status that replaces itself on a TTY; silent elsewhere (JSON events carry the same). */
  progress(line: string): void;
  /** Ends the progress line so the next output starts clean. */
  done(): void;
}

export interface LoggerOptions {
  stream?: NodeJS.WriteStream | NodeJS.WritableStream;
  /** Human lines and a live progress line (a TTY), or JSON lines (pipes, cron, CI). */
  mode?: 'pretty' | 'json';
  minLevel?: LogLevel;
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stderr;
  const isTty = 'isTTY' in stream && Boolean(stream.isTTY);
  const mode = options.mode ?? (isTty ? 'pretty' : 'json');
  const minLevel = LEVELS[options.minLevel ?? 'info'];
  let hasProgress = false;

  const clearProgress = () => {
    if (hasProgress) {
      stream.write('\r\x1b[2K');
      hasProgress = false;
    }
  };

  return {
    mode,
    log(level, event, fields = {}) {
      if (LEVELS[level] < minLevel) return;
      if (mode === 'json') {
        stream.write(redact(JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })) + '\n');
        return;
      }
      clearProgress();
      const detail = Object.entries(fields)
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' ');
      stream.write(redact(`${level === 'info' ? '' : `${level}: `}${event}${detail ? ` ${detail}` : ''}`) + '\n');
    },
    progress(line) {
      if (mode !== 'pretty' || !isTty) return;
      stream.write(`\r\x1b[2K${redact(line)}`);
      hasProgress = true;
    },
    done() {
      clearProgress();
    },
  };
}

/** A logger that drops everything (library use and tests). */
export const silentLogger: Logger = { log() {}, progress() {}, done() {} };

/** Where a long job stands: pages done and items seen so far in this run. */
export interface PageCounts {
  pages: number;
  items: number;
}

export interface PageProgressOptions {
  logger: Logger;
  /** What is being walked, e.g. "civitai". */
  label: string;
  /** Items the previous full run saw, for an estimate of the time left; null when there was none. */
  expectedItems: number | null;
  /** With JSON logs, a progress event every this many pages (cron logs then show a live crawl). */
  everyPages: number;
  now?: () => number;
}

/**
 * Elapsed time, rate and time left for a job that reports its pages. The returned logger adds them to
 * the job's own status line (a TTY); onPage() takes the counts and, in JSON mode, writes a "progress"
 * event every `everyPages` pages.
 */
export function pageProgress(options: PageProgressOptions): { logger: Logger; onPage: (counts: PageCounts) => void } {
  const now = options.now ?? Date.now;
  const started = now();
  const inner = options.logger;
  // A resumed run starts with the items of earlier processes: the rate counts from this process's first page.
  let first: (PageCounts & { at: number }) | null = null;
  let latest: PageCounts = { pages: 0, items: 0 };

  const figures = () => {
    const at = now();
    const seconds = (at - started) / 1000;
    const measuring = first ? (at - first.at) / 1000 : 0;
    const perSecond = first && measuring > 0 ? (latest.items - first.items) / measuring : 0;
    const left = options.expectedItems === null ? null : Math.max(options.expectedItems - latest.items, 0);
    const etaSeconds = left === null || perSecond <= 0 ? null : left / perSecond;
    return { seconds, perSecond, etaSeconds };
  };

  const logger: Logger = {
    mode: inner.mode,
    log: (level, event, fields) => inner.log(level, event, fields),
    progress(line) {
      const { seconds, perSecond, etaSeconds } = figures();
      const eta = etaSeconds === null ? '' : ` · ETA ${formatDuration(etaSeconds)}`;
      inner.progress(`${line} · ${formatDuration(seconds)} elapsed · ${perSecond.toFixed(0)}/s${eta}`);
    },
    done: () => inner.done(),
  };

  const onPage = (counts: PageCounts) => {
    first ??= { ...counts, at: now() };
    latest = counts;
    if (inner.mode !== 'json' || counts.pages % options.everyPages !== 0) return;
    const { seconds, perSecond, etaSeconds } = figures();
    inner.log('info', 'progress', {
      job: options.label,
      pages: counts.pages,
      items: counts.items,
      elapsedSeconds: Math.round(seconds),
      perSecond: Number(perSecond.toFixed(1)),
      expectedItems: options.expectedItems,
      etaSeconds: etaSeconds === null ? null : Math.round(etaSeconds),
    });
  };
  return { logger, onPage };
}

/** 75 → "1m15s", 7300 → "2h01m": short enough for a status line. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = total % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}
