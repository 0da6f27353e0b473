import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConsoleAuth, safeEqual, type LinkOutcome } from '../../src/serve/auth.js';
import { chooseToken, isLoopbackHost } from '../../src/serve/server.js';
import { UserError } from '../../src/errors.js';

const TOKEN = 'a-console-token-of-some-length';

describe('ConsoleAuth', () => {
  const sessionOf = (outcome: LinkOutcome) => ('session' in outcome ? outcome.session : null);

  it('lets the one-time login link open exactly one session, then says it was used', () => {
    const auth = new ConsoleAuth({ token: TOKEN });
    const session = sessionOf(auth.redeemLoginNonce(auth.loginNonce));
    expect(session).not.toBeNull();
    expect(auth.useSession(session!.id)).toEqual({ session });
    expect(auth.redeemLoginNonce(auth.loginNonce)).toEqual({ problem: 'used' });
  });

  it('rejects a wrong nonce without using up the link', () => {
    const auth = new ConsoleAuth({ token: TOKEN });
    expect(auth.redeemLoginNonce('guess')).toEqual({ problem: 'wrong' });
    expect(sessionOf(auth.redeemLoginNonce(auth.loginNonce))).not.toBeNull();
  });

  it('issues a new link that works once; the older unused one stops working', () => {
    const auth = new ConsoleAuth({ token: TOKEN });
    const first = auth.loginNonce;
    const second = auth.issueLoginNonce();
    expect(auth.redeemLoginNonce(first)).toEqual({ problem: 'wrong' });
    expect(sessionOf(auth.redeemLoginNonce(second))).not.toBeNull();
    expect(sessionOf(auth.redeemLoginNonce(auth.issueLoginNonce()))).not.toBeNull();
  });

  it('opens a session for the right token only', () => {
    const auth = new ConsoleAuth({ token: TOKEN });
    expect(auth.loginWithToken('wrong')).toBeNull();
    const session = auth.loginWithToken(TOKEN)!;
    expect('session' in auth.useSession(session.id)).toBe(true);
    expect(auth.useSession('made-up')).toEqual({ problem: 'unknown' });
    expect(auth.useSession(undefined)).toEqual({ problem: 'unknown' });
  });

  it('ends a session', () => {
    const auth = new ConsoleAuth({ token: TOKEN });
    const session = auth.loginWithToken(TOKEN)!;
    auth.endSession(session.id);
    expect(auth.useSession(session.id)).toEqual({ problem: 'unknown' });
  });

  it('ends a session after the idle time, and each request restarts the clock', () => {
    let now = 0;
    const auth = new ConsoleAuth({ token: TOKEN, idleMs: 1000, now: () => now });
    const session = auth.loginWithToken(TOKEN)!;
    now = 900;
    expect('session' in auth.useSession(session.id)).toBe(true);
    now = 1800;
    expect('session' in auth.useSession(session.id)).toBe(true);
    now = 2801;
    expect(auth.useSession(session.id)).toEqual({ problem: 'expired' });
    expect(auth.useSession(session.id)).toEqual({ problem: 'unknown' });
  });

  it('keeps undo steps per session, newest first', () => {
    const auth = new ConsoleAuth({ token: TOKEN });
    const session = auth.loginWithToken(TOKEN)!;
    expect(session.canUndo).toBe(false);
    session.pushUndoStep([1]);
    session.pushUndoStep([2, 3]);
    expect(session.popUndoStep()).toEqual([2, 3]);
    expect(session.popUndoStep()).toEqual([1]);
    expect(session.popUndoStep()).toBeUndefined();
  });

  it('ties the CSRF token to the session', () => {
    const auth = new ConsoleAuth({ token: TOKEN });
    const one = auth.loginWithToken(TOKEN)!.id;
    const two = auth.loginWithToken(TOKEN)!.id;
    expect(auth.isCsrfValid(one, auth.csrfTokenFor(one))).toBe(true);
    expect(auth.isCsrfValid(one, auth.csrfTokenFor(two))).toBe(false);
    expect(auth.isCsrfValid(one, undefined)).toBe(false);
  });

  it('refuses a short token', () => {
    expect(() => new ConsoleAuth({ token: 'short' })).toThrow();
  });
});

describe('safeEqual', () => {
  it('compares strings of any length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
  });
});

describe('chooseToken', () => {
  it('makes up a token on loopback when none is given', () => {
    const choice = chooseToken({ host: '127.0.0.1', tokenEnv: 'DFWATCH_TOKEN', env: {} });
    expect(choice.isGenerated).toBe(true);
    expect(choice.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses any other address without a token', () => {
    expect(() => chooseToken({ host: '0.0.0.0', tokenEnv: 'DFWATCH_TOKEN', env: {} })).toThrow(UserError);
    expect(() => chooseToken({ host: '0.0.0.0', tokenEnv: 'DFWATCH_TOKEN', env: { DFWATCH_TOKEN: '' } })).toThrow(/refusing to listen on 0.0.0.0/);
  });

  it('reads the variable --token-env names, and refuses a short one', () => {
    expect(chooseToken({ host: '0.0.0.0', tokenEnv: 'MY_TOKEN', env: { MY_TOKEN: TOKEN } })).toEqual({ token: TOKEN, isGenerated: false });
    expect(() => chooseToken({ host: '0.0.0.0', tokenEnv: 'MY_TOKEN', env: { DFWATCH_TOKEN: TOKEN } })).toThrow(UserError);
    expect(() => chooseToken({ host: '127.0.0.1', tokenEnv: 'DFWATCH_TOKEN', env: { DFWATCH_TOKEN: 'short' } })).toThrow(/too short/);
  });

  it('reads the token from --token-file (first line), ahead of the variable', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dfwatch-token-'));
    try {
      const file = path.join(directory, 'token');
      fs.writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
      expect(chooseToken({ host: '0.0.0.0', tokenEnv: 'DFWATCH_TOKEN', env: { DFWATCH_TOKEN: 'another-token-0123456789' }, tokenFile: file })).toEqual({ token: TOKEN, isGenerated: false });
      fs.writeFileSync(file, 'short\n');
      expect(() => chooseToken({ host: '0.0.0.0', tokenEnv: 'DFWATCH_TOKEN', env: {}, tokenFile: file })).toThrow(/too short/);
      expect(() => chooseToken({ host: '0.0.0.0', tokenEnv: 'DFWATCH_TOKEN', env: {}, tokenFile: path.join(directory, 'none') })).toThrow(/cannot read the token file .*ENOENT/);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::', 'example.org'].some(isLoopbackHost)).toBe(false);
  });
});
