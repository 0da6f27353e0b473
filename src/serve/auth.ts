// Who may use the console. The data names real victims, so every request needs a credential:
//   - a session cookie (HttpOnly, SameSite=Strict) from a one-time login link printed by
//     `dfwatch serve`, or from the login form given the token;
//   - or `Authorization: Bearer <token>` for scripts.
// Every secret comparison is constant-time (both sides hashed to equal length, then timingSafeEqual).
// POSTs also carry a CSRF token derived from the session, checked the same way. A session ends at
// logout, after `idleMs` without a request, or when the process stops.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'dfwatch_session';
/** Enough for a few browsers; the oldest session is dropped beyond it. */
const MAX_SESSIONS = 32;
/** Undo steps kept per session. */
const MAX_UNDO_STEPS = 100;
export const DEFAULT_IDLE_MS = 30 * 60_000;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time string equality (hashing first makes the lengths equal). */
export function safeEqual(candidate: string, expected: string): boolean {
  return timingSafeEqual(digest(candidate), digest(expected));
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** One signed-in browser: what the console remembers for it until it ends. */
export class Session {
  /** The reviewer name last used in this session, prefilled in every form. */
  reviewer: string | null = null;
  /** A message for the next page this session sees ("Recorded: Confirmed"), then cleared. */
  flash: string | null = null;
  /** Review ids recorded by this session, one entry per action (a bulk decision is one entry). */
  private readonly undoSteps: number[][] = [];

  constructor(
    readonly id: string,
    public lastUsedAt: number,
  ) {}

  pushUndoStep(reviewIds: number[]): void {
    this.undoSteps.push(reviewIds);
    if (this.undoSteps.length > MAX_UNDO_STEPS) this.undoSteps.shift();
  }

  popUndoStep(): number[] | undefined {
    return this.undoSteps.pop();
  }

  takeFlash(): string | null {
    const message = this.flash;
    this.flash = null;
    return message;
  }

  get canUndo(): boolean {
    return this.undoSteps.length > 0;
  }
}

export type LinkOutcome = { session: Session } | { problem: 'used' | 'wrong' };
export type SessionLookup = { session: Session } | { problem: 'expired' | 'unknown' };

export interface ConsoleAuthOptions {
  token: string;
  /** A session ends after this long without a request (default 30 minutes). */
  idleMs?: number;
  now?: () => number;
}

export class ConsoleAuth {
  /** The path segment of the current one-time login link; dead after its first use. */
  private nonce = newSecret();
  private isNonceUsed = false;
  private readonly sessions: Session[] = [];
  private readonly csrfKey = randomBytes(32);
  private readonly token: string;
  readonly idleMs: number;
  private readonly now: () => number;

  constructor(options: ConsoleAuthOptions) {
    if (options.token.length < 16) throw new Error('console token must be at least 16 characters');
    this.token = options.token;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.now = options.now ?? Date.now;
  }

  get loginNonce(): string {
    return this.nonce;
  }

  /** A fresh one-time link nonce; the previous one stops working if it was not used yet. */
  issueLoginNonce(): string {
    this.nonce = newSecret();
    this.isNonceUsed = false;
    return this.nonce;
  }

  /** A session for the one-time link, or why not: already used, or not a link this console made. */
  redeemLoginNonce(candidate: string): LinkOutcome {
    if (!safeEqual(candidate, this.nonce)) return { problem: 'wrong' };
    if (this.isNonceUsed) return { problem: 'used' };
    this.isNonceUsed = true;
    return { session: this.openSession() };
  }

  /** A session for whoever knows the token (the login form), or null. */
  loginWithToken(candidate: string): Session | null {
    return safeEqual(candidate, this.token) ? this.openSession() : null;
  }

  isTokenValid(candidate: string): boolean {
    return safeEqual(candidate, this.token);
  }

  /** The live session with this id (its idle clock restarts), or why there is none. */
  useSession(candidate: string | undefined): SessionLookup {
    if (!candidate) return { problem: 'unknown' };
    const session = this.find(candidate);
    if (!session) return { problem: 'unknown' };
    const now = this.now();
    if (now - session.lastUsedAt > this.idleMs) {
      this.sessions.splice(this.sessions.indexOf(session), 1);
      return { problem: 'expired' };
    }
    session.lastUsedAt = now;
    return { session };
  }

  endSession(candidate: string): void {
    const session = this.find(candidate);
    if (session) this.sessions.splice(this.sessions.indexOf(session), 1);
  }

  /** The CSRF token for a session (or for the bearer token): an HMAC, so nothing is stored. */
  csrfTokenFor(credential: string): string {
    return createHmac('sha256', this.csrfKey).update(credential).digest('base64url');
  }

  isCsrfValid(credential: string, candidate: string | undefined): boolean {
    return candidate !== undefined && safeEqual(candidate, this.csrfTokenFor(credential));
  }

  /** Compares against every session without stopping early, so timing says nothing about which matched. */
  private find(candidate: string): Session | undefined {
    let found: Session | undefined;
    for (const session of this.sessions) if (safeEqual(candidate, session.id) && !found) found = session;
    return found;
  }

  private openSession(): Session {
    const session = new Session(newSecret(), this.now());
    this.sessions.push(session);
    if (this.sessions.length > MAX_SESSIONS) this.sessions.shift();
    return session;
  }
}
