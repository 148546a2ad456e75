// An emulation of java.util.HashMap<String, V> (JDK 8 and later), precise enough to reproduce its
// ITERATION ORDER, which is what decides the order of the exclusive batches in the engine's
// AcquireJobsCmd (`exclusiveJobsByProcessInstance.values()`, camunda-reference §2.3).
//
// What is modelled (facts from the JDK's HashMap source; no code copied):
// * `String.hashCode`: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, int32 overflow.
// * `hash(key)`: key == null ? 0 : h ^ (h >>> 16)  (the "spread"), bucket index = hash & (capacity - 1).
// * Capacity 16 on first use (threshold 12 = 0.75 × 16), doubling.
// * resize(): every old bucket j is split into a "lo" list (hash & oldCap == 0, stays at j) and a
//   "hi" list (moves to j + oldCap), each keeping the relative order of the old list.
// * Two insertion disciplines, because the engine changed how it fills the map:
//   - `computeIfAbsent` (what AcquireJobsCmd uses in current releases): the resize check
//     `size > threshold` runs at the START of every call (also for a key that is present), and a new
//     node is PREPENDED to its bucket (`tab[i] = newNode(hash, key, v, first)`), so inside a bucket the
//     newest key comes first. If the bucket already held >= 7 nodes (TREEIFY_THRESHOLD - 1),
//     treeifyBin runs, which resizes instead of treeifying while capacity < 64.
//   - `put` (older engines used get()/put()): a new node is APPENDED to its bucket; after the
//     insertion, `++size > threshold` resizes. If the walk passed >= 7 nodes (bucket now has 9),
//     treeifyBin runs (resize while capacity < 64).
// * Iteration: buckets 0..capacity-1, each bucket's list in order.
//
// NOT modelled: treeified bins (a bucket with 8+ nodes at capacity >= 64 becomes a red-black tree whose
// linked order differs from the list order: the root is moved to the front, new nodes are linked
// after their tree parent). That needs more than 48 distinct keys with 8+ of them in one bucket;
// with acquisition sizes of a few dozen jobs it does not occur. A `null` key is supported (hash 0,
// bucket 0).

/** Java's `String.hashCode()` as a signed 32-bit int. */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** `HashMap.hash(key)`: the spread hash (0 for null). */
export function javaHashMapHash(key: string | null): number {
  if (key === null) return 0;
  const h = javaStringHashCode(key);
  return (h ^ (h >>> 16)) | 0;
}

const DEFAULT_CAPACITY = 16;
const LOAD_FACTOR = 0.75;
const TREEIFY_THRESHOLD = 8;
const MIN_TREEIFY_CAPACITY = 64;

interface Node<V> { readonly key: string | null; readonly hash: number; value: V }

export type JavaHashMapInsertion = 'computeIfAbsent' | 'put';

export class JavaHashMap<V> {
  private table: Node<V>[][] | null = null;
  private threshold = 0;
  private count = 0;

  get size(): number { return this.count; }
  /** Current table length (0 before the first insertion). */
  get capacity(): number { return this.table ? this.table.length : 0; }

  get(key: string | null): V | undefined {
    if (!this.table) return undefined;
    const h = javaHashMapHash(key);
    for (const n of this.table[h & (this.table.length - 1)]) if (n.hash === h && n.key === key) return n.value;
    return undefined;
  }

  /** `map.computeIfAbsent(key, k -> create())`: returns the existing or the new value. */
  computeIfAbsent(key: string | null, create: () => V): V {
    if (!this.table || this.count > this.threshold) this.resize();
    const tab = this.table!;
    const h = javaHashMapHash(key);
    const i = h & (tab.length - 1);
    const bucket = tab[i];
    for (const n of bucket) if (n.hash === h && n.key === key) return n.value;
    const binCount = bucket.length;
    const value = create();
    bucket.unshift({ key, hash: h, value });
    if (binCount >= TREEIFY_THRESHOLD - 1) this.treeifyBin();
    this.count++;
    return value;
  }

  /** `map.put(key, value)`: returns the previous value or undefined. */
  put(key: string | null, value: V): V | undefined {
    if (!this.table) this.resize();
    const tab = this.table!;
    const h = javaHashMapHash(key);
    const bucket = tab[h & (tab.length - 1)];
    for (const n of bucket) {
      if (n.hash === h && n.key === key) { const old = n.value; n.value = value; return old; }
    }
    // putVal's binCount is the number of nodes walked past before appending, minus one.
    const binCount = bucket.length - 1;
    bucket.push({ key, hash: h, value });
    if (bucket.length > 1 && binCount >= TREEIFY_THRESHOLD - 1) this.treeifyBin();
    if (++this.count > this.threshold) this.resize();
    return undefined;
  }

  /** Keys in iteration order (`keySet()`). */
  keys(): (string | null)[] { return this.entries().map(([k]) => k); }
  /** Values in iteration order (`values()`). */
  values(): V[] { return this.entries().map(([, v]) => v); }
  entries(): [string | null, V][] {
    const out: [string | null, V][] = [];
    if (this.table) for (const bucket of this.table) for (const n of bucket) out.push([n.key, n.value]);
    return out;
  }

  /** treeifyBin: below MIN_TREEIFY_CAPACITY it resizes; above it would build a tree (not modelled, see header). */
  private treeifyBin(): void {
    if (this.table!.length < MIN_TREEIFY_CAPACITY) this.resize();
  }

  private resize(): void {
    const old = this.table;
    if (!old) {
      this.table = Array.from({ length: DEFAULT_CAPACITY }, () => []);
      this.threshold = DEFAULT_CAPACITY * LOAD_FACTOR;
      return;
    }
    const oldCap = old.length;
    const next: Node<V>[][] = Array.from({ length: oldCap * 2 }, () => []);
    for (let j = 0; j < oldCap; j++) {
      for (const n of old[j]) {
        // lo/hi split: order inside each half is the old order.
        if ((n.hash & oldCap) === 0) next[j].push(n); else next[j + oldCap].push(n);
      }
    }
    this.table = next;
    this.threshold = this.threshold * 2;
  }
}
