// Splits one large JSON document — an array of items, or an object whose "items" key holds that
// array (an API page) — into the text of each item, chunk by chunk, so a pretty-printed archive of
// any size is read in constant memory. It tracks only strings, nesting and the "items" key; each
// item's text is then parsed by JSON.parse, which does the real validation.

export type SplitPiece = { text: string } | { oversized: number };

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

export class JsonItemsSplitter {
  private depth = 0;
  private isInString = false;
  private isEscaped = false;
  private rootKind: '[' | '{' | null = null;
  /** The depth whose values are items: 1 in a root array, 2 in a root object's "items" array. */
  private itemsDepth = -1;
  private hasItems = false;
  private isExpectingKey = false;
  private keyParts: string[] | null = null;
  private lastKey: string | null = null;
  private isNextValueItems = false;
  private itemParts: string[] | null = null;
  private itemSize = 0;
  private isItemString = false;

  constructor(private readonly maxItemChars: number) {}

  /** Feeds the next chunk of text; returns the items it completed. */
  push(chunk: string): SplitPiece[] {
    const pieces: SplitPiece[] = [];
    let itemStart = this.itemParts ? 0 : -1;
    let keyStart = this.keyParts ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.isInString) {
        if (this.isEscaped) this.isEscaped = false;
        else if (c === 0x5c) this.isEscaped = true;
        else if (c === 0x22) {
          this.isInString = false;
          if (this.keyParts) {
            this.keyParts.push(chunk.slice(keyStart, i));
            this.lastKey = this.keyParts.join('');
            this.keyParts = null;
            keyStart = -1;
          }
        }
        continue;
      }
      if (WHITESPACE.has(c)) continue;
      if (this.itemsDepth > 0 && this.depth === this.itemsDepth && !this.itemParts && c !== 0x2c && c !== 0x5d) {
        this.itemParts = [];
        this.itemSize = 0;
        this.isItemString = c !== 0x7b && c !== 0x5b;
        itemStart = i;
      }
      if (c === 0x22) {
        this.isInString = true;
        if (this.depth === 1 && this.rootKind === '{' && this.isExpectingKey) {
          this.keyParts = [];
          keyStart = i + 1;
        }
      } else if (c === 0x7b || c === 0x5b) {
        if (this.depth === 0) {
          this.rootKind = c === 0x5b ? '[' : '{';
          if (this.rootKind === '[') this.beginItems(1);
          else this.isExpectingKey = true;
        } else if (this.depth === 1 && this.rootKind === '{' && this.isNextValueItems && c === 0x5b) {
          this.beginItems(2);
        }
        this.depth++;
      } else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.depth === this.itemsDepth - 1 && this.itemsDepth > 0) {
          if (this.itemParts) this.emit(pieces, chunk.slice(itemStart, i));
          itemStart = -1;
          this.itemsDepth = -1;
        } else if (this.depth === this.itemsDepth && this.itemParts && !this.isItemString) {
          this.emit(pieces, chunk.slice(itemStart, i + 1));
          itemStart = -1;
        }
      } else if (c === 0x3a) {
        if (this.depth === 1 && this.rootKind === '{') {
          this.isNextValueItems = this.lastKey === 'items';
          this.isExpectingKey = false;
        }
      } else if (c === 0x2c) {
        if (this.depth === 1 && this.rootKind === '{') {
          this.isExpectingKey = true;
          this.isNextValueItems = false;
        }
        if (this.depth === this.itemsDepth && this.itemParts && this.isItemString) {
          this.emit(pieces, chunk.slice(itemStart, i));
          itemStart = -1;
        }
      }
    }
    if (this.itemParts && itemStart >= 0) this.append(chunk.slice(itemStart));
    if (this.keyParts && keyStart >= 0) this.keyParts.push(chunk.slice(keyStart));
    return pieces;
  }

  /** Why the document is incomplete, or null when it ended cleanly. */
  problemAtEnd(): string | null {
    if (this.rootKind === null) return 'no JSON document';
    if (!this.hasItems) return 'expected an array of models or an API page with "items"';
    if (this.depth !== 0 || this.isInString) return 'the document ends early (truncated)';
    return null;
  }

  private beginItems(depth: number): void {
    this.itemsDepth = depth;
    this.hasItems = true;
  }

  private append(text: string): void {
    if (!this.itemParts) return;
    this.itemSize += text.length;
    // Past the cap the item is only measured, never kept: memory stays bounded whatever it holds.
    if (this.itemSize <= this.maxItemChars) this.itemParts.push(text);
    else this.itemParts.length = 0;
  }

  private emit(pieces: SplitPiece[], tail: string): void {
    this.append(tail);
    pieces.push(this.itemSize <= this.maxItemChars ? { text: (this.itemParts ?? []).join('') } : { oversized: this.itemSize });
    this.itemParts = null;
    this.itemSize = 0;
  }
}
