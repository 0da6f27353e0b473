import { describe, expect, it } from 'vitest';
import { TextMemo } from '../../src/classify/memo.js';

describe('TextMemo', () => {
  it('computes each short text once and returns the same answer, null included', () => {
    const calls: string[] = [];
    const memo = new TextMemo((text) => {
      calls.push(text);
      return text === 'none' ? null : text.length;
    });
    expect([memo.get('abc'), memo.get('none'), memo.get('abc'), memo.get('none')]).toEqual([3, null, 3, null]);
    expect(calls).toEqual(['abc', 'none']);
  });

  it('always computes texts longer than its limit', () => {
    let calls = 0;
    const memo = new TextMemo(() => ++calls, 10, 5);
    memo.get('a long description');
    memo.get('a long description');
    expect(calls).toBe(2);
  });

  it('starts over when full, so its memory stays bounded', () => {
    const calls: string[] = [];
    const memo = new TextMemo((text) => calls.push(text), 2);
    for (const text of ['a', 'b', 'c', 'a']) memo.get(text);
    // 'c' arrived with the memo full: 'a' and 'b' were dropped, so 'a' is computed again.
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
  });
});
