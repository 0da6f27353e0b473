// Who may use the console. The data names real victims, so every request needs a credential:
//   - a session cookie (HttpOnly, SameSite=Strict) from the one-time login link printed at start,
//     or from the login form given the token;
//   - or `Authorization: Bearer <token>` for scripts.
// Every secret comparison is constant-time (both sides hashed to equal length, then timingSafeEqual).
// POSTs also carry a CSRF token derived from the session, checked the same way.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'dfwatch_session';
/** Enough for a few browsers; the oldest session is dropped beyond it. */
const MAX_SESSIONS = 32;

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

export class ConsoleAuth {
  /** The path segment of the one-time login link; dead after its first use. */
  readonly loginNonce = newSecret();
  private isNonceUsed = false;
  private readonly sessions: string[] = [];
  private readonly csrfKey = randomBytes(32);

  constructor(private readonly token: string) {
    if (token.length < 16) throw new Error('console token must be at least 16 characters');
  }

  /** A session for the one-time link, or null if the nonce is wrong or already used. */
  redeemLoginNonce(candidate: string): string | null {
    if (this.isNonceUsed || !safeEqual(candidate, this.loginNonce)) return null;
    this.isNonceUsed = true;
    return this.openSession();
  }

  /** A session for whoever knows the token (the login form), or null. */
  loginWithToken(candidate: string): string | null {
    return safeEqual(candidate, this.token) ? this.openSession() : null;
  }

  isTokenValid(candidate: string): boolean {
    return safeEqual(candidate, this.token);
  }

  isSessionValid(candidate: string | undefined): boolean {
    if (!candidate) return false;
    // Compare against every session without stopping early, so timing says nothing about which matched.
    let isValid = false;
    for (const session of this.sessions) isValid = safeEqual(candidate, session) || isValid;
    return isValid;
  }

  endSession(candidate: string): void {
    const index = this.sessions.findIndex((session) => safeEqual(candidate, session));
    if (index >= 0) this.sessions.splice(index, 1);
  }

  /** The CSRF token for a session (or for the bearer token): an HMAC, so nothing is stored. */
  csrfTokenFor(credential: string): string {
    return createHmac('sha256', this.csrfKey).update(credential).digest('base64url');
  }

  isCsrfValid(credential: string, candidate: string | undefined): boolean {
    return candidate !== undefined && safeEqual(candidate, this.csrfTokenFor(credential));
  }

  private openSession(): string {
    const session = newSecret();
    this.sessions.push(session);
    if (this.sessions.length > MAX_SESSIONS) this.sessions.shift();
    return session;
  }
}
