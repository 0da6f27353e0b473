// A grouped split: records that share a creator or a target name (union-find over both) form one
// group, and a group lies wholly on one side, so held-out figures measure people and uploaders the
// rules never saw. Records pinned to tuning (the set the rules were tuned on) pull their whole
// group to the tuning side; the other groups are dealt out by a seeded shuffle.
import { seededRandom } from '../../random.js';

export interface SplitItem {
  id: string;
  creator: string | null;
  targetName: string | null;
}

export interface GroupedSplitOptions {
  seed: number;
  /** Share of the free records (groups without a pinned member) to put on the held-out side, 0–1. */
  heldoutShare: number;
  /** Ids the rules were tuned on: their groups go to tuning whatever the share. */
  pinnedTuning?: ReadonlySet<string>;
}

export interface GroupedSplit {
  tuning: Set<string>;
  heldout: Set<string>;
  /** Group of each id (the smallest id in it), for checks and reports. */
  groupOf: Map<string, string>;
}

function fold(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * The keys a target name joins on: its words in any order ("Jiwon Kim" = "Kim Jiwon") and glued in
 * either order ("Kimjiwon"); several people ("A / B", "A and B") each get their own keys.
 */
export function targetNameKeys(name: string): string[] {
  const keys = new Set<string>();
  for (const person of name.split(/\s*(?:[,/&+;|、・]|\band\b|\bx\b)\s*/iu)) {
    const words = fold(person);
    if (words.length === 0) continue;
    keys.add(`name:${[...words].sort().join(' ')}`);
    keys.add(`glued:${words.join('')}`);
    keys.add(`glued:${[...words].reverse().join('')}`);
  }
  return [...keys];
}

export function groupKeys(item: SplitItem): string[] {
  const keys = item.targetName ? targetNameKeys(item.targetName) : [];
  const creator = item.creator?.trim().toLowerCase();
  if (creator) keys.push(`creator:${creator}`);
  return keys;
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    if (!this.parent.has(x)) this.parent.set(x, x);
    // Path compression keeps later finds flat.
    let node = x;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller root wins, so group names do not depend on insertion order.
    if (ra !== rb) this.parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
}

/** Groups: ids joined through any shared key; each named by its smallest member id. */
export function groupsOf(items: readonly SplitItem[]): Map<string, string> {
  const sets = new UnionFind();
  for (const item of items) {
    const node = `id:${item.id}`;
    sets.find(node);
    for (const key of groupKeys(item)) sets.union(node, key);
  }
  const members = new Map<string, string[]>();
  for (const item of items) {
    const root = sets.find(`id:${item.id}`);
    const list = members.get(root);
    if (list) list.push(item.id);
    else members.set(root, [item.id]);
  }
  const groupOf = new Map<string, string>();
  for (const ids of members.values()) {
    const name = [...ids].sort()[0]!;
    for (const id of ids) groupOf.set(id, name);
  }
  return groupOf;
}

export function groupedSplit(items: readonly SplitItem[], options: GroupedSplitOptions): GroupedSplit {
  if (!(options.heldoutShare >= 0 && options.heldoutShare <= 1)) throw new RangeError(`heldoutShare must be within 0–1, got ${options.heldoutShare}`);
  const groupOf = groupsOf(items);
  const pinnedGroups = new Set<string>();
  for (const id of options.pinnedTuning ?? []) if (groupOf.has(id)) pinnedGroups.add(groupOf.get(id)!);
  const sizes = new Map<string, number>();
  for (const group of groupOf.values()) sizes.set(group, (sizes.get(group) ?? 0) + 1);
  const free = [...sizes.keys()].filter((group) => !pinnedGroups.has(group)).sort();
  const random = seededRandom(options.seed);
  for (let i = free.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [free[i], free[j]] = [free[j]!, free[i]!];
  }
  const freeTotal = free.reduce((sum, group) => sum + sizes.get(group)!, 0);
  const heldoutGroups = new Set<string>();
  let taken = 0;
  for (const group of free) {
    if (taken >= options.heldoutShare * freeTotal) break;
    heldoutGroups.add(group);
    taken += sizes.get(group)!;
  }
  const tuning = new Set<string>();
  const heldout = new Set<string>();
  for (const [id, group] of groupOf) (heldoutGroups.has(group) ? heldout : tuning).add(id);
  return { tuning, heldout, groupOf };
}
