// A bounded memo for the rules' per-text work. Short fields repeat across models (tag sets, trigger
// words, names re-uploaded in versions and mixes), and the work memoised is a pure function of the
// text with a fixed lexicon, so a hit returns exactly what computing would. Long texts (descriptions)
// are rarely repeated and would make the memo heavy: they are always computed.
export class TextMemo<T> {
  private readonly entries = new Map<string, T>();

  constructor(
    private readonly compute: (text: string) => T,
    /** Entries kept before the memo starts over (bounds its memory at any store size). */
    private readonly capacity = 50_000,
    /** Texts longer than this are computed every time. */
    private readonly maxTextLength = 256,
  ) {}

  get(text: string): T {
    if (text.length > this.maxTextLength) return this.compute(text);
    const hit = this.entries.get(text);
    if (hit !== undefined) return hit;
    const value = this.compute(text);
    if (this.entries.size >= this.capacity) this.entries.clear();
    this.entries.set(text, value);
    return value;
  }
}
