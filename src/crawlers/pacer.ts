// Request starts to one host, spaced so that no one-second window ever holds more than `rps` of them,
// retries included, and held back while the host asked us to pause (Retry-After, a closed window).
// p-queue's intervalCap counts per fixed window, so two starts can sit on either side of a window
// edge a few ms apart (measured: pairs 45 ms apart at --rps 1); spacing every start instead is what a
// platform counting over any sliding second sees as polite.

/** The smallest non-zero rate: one request per 100 s. */
export const MIN_RPS = 0.01;

/** Node timers hold at most 2^31-1 ms (~24.8 days); a longer delay fires at once with a warning. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Spacing is stretched by 5% so R+1 consecutive starts span at least 1.05 s: 50 ms of arrival
 * jitter at the server cannot squeeze R+1 of them into one second (2% was measured too little on a
 * loaded 2-core machine).
 */
const SPACING_MARGIN = 1.05;

/** setTimeout for any length, in steps a Node timer can hold. */
export async function sleepMs(ms: number): Promise<void> {
  for (let left = ms; left > 0; left -= MAX_TIMER_MS) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(left, MAX_TIMER_MS)));
  }
}

export interface PacerOptions {
  /** Request starts per second; 0: no spacing (pauses still apply). */
  rps: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export class StartPacer {
  private readonly spacingMs: number;
  private nextStart = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: PacerOptions) {
    const { rps } = options;
    if (!(rps === 0 || (Number.isFinite(rps) && rps >= MIN_RPS))) throw new RangeError(`rps must be 0 (no limit) or at least ${MIN_RPS}, got ${rps}`);
    this.spacingMs = rps === 0 ? 0 : (1000 / rps) * SPACING_MARGIN;
  }

  /** No start before `until` (ms on the pacer's clock); a later pause wins, an earlier one never shortens it. */
  pauseUntil(until: number): boolean {
    if (until <= this.pausedUntil) return false;
    this.pausedUntil = until;
    return true;
  }

  /**
   * The request booked last actually went out at `at` (its headers hit the socket): a start delayed
   * by opening a connection must not leave the next one closer than the spacing.
   */
  markSent(at: number): void {
    this.nextStart = Math.max(this.nextStart, at + this.spacingMs);
  }

  /** Resolves when a request may start now, and books that start. */
  async acquire(): Promise<void> {
    for (;;) {
      const now = this.options.now();
      const ready = Math.max(this.nextStart, this.pausedUntil);
      if (ready <= now) {
        this.nextStart = now + this.spacingMs;
        return;
      }
      // Others waiting wake at the same moment: the first books the start, the rest sleep again.
      await this.options.sleep(ready - now);
    }
  }
}
