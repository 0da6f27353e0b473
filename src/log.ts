import { redact } from './secrets.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
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
