// Distinct exit codes so cron jobs and systemd units can tell outcomes apart (documented in README).
export const ExitCode = {
  ok: 0,
  /** The job finished, but some items were malformed and were recorded as item errors. */
  itemErrors: 1,
  userError: 2,
  networkUnreachable: 3,
  /** The API kept failing (5xx, 429, invalid bodies) after every retry. */
  apiFailure: 4,
  lockHeld: 5,
  /** The platform refuses this client outright (451 region block): retrying later will not help. */
  accessRefused: 6,
  /** A bug: reported with its stack trace. */
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
