import { describe, expect, it } from 'vitest';
import { ConsoleAuth, safeEqual } from '../../src/serve/auth.js';
import { chooseToken, isLoopbackHost } from '../../src/serve/server.js';
import { UserError } from '../../src/errors.js';

const TOKEN = 'a-console-token-of-some-length';

describe('ConsoleAuth', () => {
  it('lets the one-time login link open exactly one session', () => {
    const auth = new ConsoleAuth(TOKEN);
    const session = auth.redeemLoginNonce(auth.loginNonce);
    expect(session).toEqual(expect.any(String));
    expect(auth.isSessionValid(session!)).toBe(true);
    expect(auth.redeemLoginNonce(auth.loginNonce)).toBeNull();
  });

  it('rejects a wrong nonce without using up the link', () => {
    const auth = new ConsoleAuth(TOKEN);
    expect(auth.redeemLoginNonce('guess')).toBeNull();
    expect(auth.redeemLoginNonce(auth.loginNonce)).not.toBeNull();
  });

  it('opens a session for the right token only', () => {
    const auth = new ConsoleAuth(TOKEN);
    expect(auth.loginWithToken('wrong')).toBeNull();
    const session = auth.loginWithToken(TOKEN);
    expect(auth.isSessionValid(session!)).toBe(true);
    expect(auth.isSessionValid('made-up')).toBe(false);
    expect(auth.isSessionValid(undefined)).toBe(false);
  });

  it('ends a session', () => {
    const auth = new ConsoleAuth(TOKEN);
    const session = auth.loginWithToken(TOKEN)!;
    auth.endSession(session);
    expect(auth.isSessionValid(session)).toBe(false);
  });

  it('ties the CSRF token to the session', () => {
    const auth = new ConsoleAuth(TOKEN);
    const one = auth.loginWithToken(TOKEN)!;
    const two = auth.loginWithToken(TOKEN)!;
    expect(auth.isCsrfValid(one, auth.csrfTokenFor(one))).toBe(true);
    expect(auth.isCsrfValid(one, auth.csrfTokenFor(two))).toBe(false);
    expect(auth.isCsrfValid(one, undefined)).toBe(false);
  });

  it('refuses a short token', () => {
    expect(() => new ConsoleAuth('short')).toThrow();
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
    const choice = chooseToken('127.0.0.1', 'DFWATCH_TOKEN', {});
    expect(choice.isGenerated).toBe(true);
    expect(choice.token.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses any other address without a token', () => {
    expect(() => chooseToken('0.0.0.0', 'DFWATCH_TOKEN', {})).toThrow(UserError);
    expect(() => chooseToken('0.0.0.0', 'DFWATCH_TOKEN', { DFWATCH_TOKEN: '' })).toThrow(/refusing to listen on 0.0.0.0/);
  });

  it('reads the variable --token-env names, and refuses a short one', () => {
    expect(chooseToken('0.0.0.0', 'MY_TOKEN', { MY_TOKEN: TOKEN })).toEqual({ token: TOKEN, isGenerated: false });
    expect(() => chooseToken('0.0.0.0', 'MY_TOKEN', { DFWATCH_TOKEN: TOKEN })).toThrow(UserError);
    expect(() => chooseToken('127.0.0.1', 'DFWATCH_TOKEN', { DFWATCH_TOKEN: 'short' })).toThrow(/too short/);
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.1.2.3', 'localhost', '::1'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '192.168.1.2', '::', 'example.org'].some(isLoopbackHost)).toBe(false);
  });
});
