// java.util.HashMap<String, ?> iteration order. Expected values come from an independent, naive formula
// (BigInt arithmetic for String.hashCode, a sort for the iteration order) and from hand arithmetic.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { JavaHashMap, javaHashMapHash, javaStringHashCode } from '../../../../simulator/db/javaHashMap';

/** s[0]*31^(n-1) + ... + s[n-1] mod 2^32, as a signed int — written independently of the implementation. */
function refHashCode(s: string): number {
  let h = 0n;
  for (let i = 0; i < s.length; i++) h = (h * 31n + BigInt(s.charCodeAt(i))) % 4294967296n;
  return Number(BigInt.asIntN(32, h));
}
function refBucket(s: string | null, capacity: number): number {
  if (s === null) return 0;
  const u = refHashCode(s) >>> 0;
  return ((u ^ Math.floor(u / 65536)) >>> 0) % capacity;
}
/**
 * Expected iteration order after inserting distinct `keys` in order, for small maps (no bucket reaching 8):
 * computeIfAbsent resizes lazily (at the start of the call after size exceeded 0.75 × capacity) and
 * prepends; put resizes right after the insertion that exceeded it and appends.
 */
function refOrder(keys: (string | null)[], mode: 'computeIfAbsent' | 'put'): (string | null)[] {
  let cap = 16;
  if (mode === 'put') { while (keys.length > cap * 0.75) cap *= 2; } else { while (keys.length - 1 > cap * 0.75) cap *= 2; }
  const idx = keys.map((k, i) => ({ k, i, b: refBucket(k, cap) }));
  idx.sort((x, y) => x.b - y.b || (mode === 'put' ? x.i - y.i : y.i - x.i));
  return idx.map(e => e.k);
}
function fill(keys: (string | null)[], mode: 'computeIfAbsent' | 'put'): JavaHashMap<number> {
  const m = new JavaHashMap<number>();
  keys.forEach((k, i) => (mode === 'put' ? m.put(k, i) : m.computeIfAbsent(k, () => i)));
  return m;
}

describe('String.hashCode', () => {
  const known: [string, number][] = [
    ['', 0], ['a', 97], ['Aa', 2112], ['BB', 2112], ['pi-2', 3438942], ['pi-10', 106607219],
    // overflow: "hello world".hashCode() == 1794106052, "polygenelubricants".hashCode() == Integer.MIN_VALUE
    ['hello world', 1794106052], ['polygenelubricants', -2147483648],
  ];
  for (const [s, h] of known) test(`"${s}" → ${h}`, () => assert.equal(javaStringHashCode(s), h));
  test('UTF-16 code units (a surrogate pair counts twice) and long UUID-like ids match the reference', () => {
    for (const s of ['😀', 'ü', 'f47ac10b-58cc-4372-a567-0e02b2c3d479', '3c1d9b7e-1f0a-11ef-9a3b-0242ac120002']) {
      assert.equal(javaStringHashCode(s), refHashCode(s), s);
    }
  });
  test('spread hash: h ^ (h >>> 16); null → 0', () => {
    assert.equal(javaHashMapHash(null), 0);
    assert.equal(javaHashMapHash('pi-10') & 15, 9); // 106607219: low nibble 3, (h >>> 16) = 1626, low nibble 10; 3 ^ 10 = 9
    assert.equal(javaHashMapHash('pi-2') & 15, 10); // 3438942: low nibble 14, (h >>> 16) = 52, low nibble 4; 14 ^ 4 = 10
  });
});

describe('iteration order', () => {
  test('"1".."9" iterate in numeric order (buckets 1..9)', () => {
    const keys = ['7', '3', '9', '1', '5', '2', '8', '4', '6'];
    assert.deepEqual(fill(keys, 'computeIfAbsent').keys(), ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });
  test('"pi-10" (bucket 9) comes before "pi-2" (bucket 10) whatever the insertion order', () => {
    assert.deepEqual(fill(['pi-2', 'pi-10'], 'computeIfAbsent').keys(), ['pi-10', 'pi-2']);
    assert.deepEqual(fill(['pi-10', 'pi-2'], 'computeIfAbsent').keys(), ['pi-10', 'pi-2']);
  });
  test('same bucket: computeIfAbsent prepends (newest first), put appends', () => {
    assert.deepEqual(fill(['Aa', 'BB'], 'computeIfAbsent').keys(), ['BB', 'Aa']);
    assert.deepEqual(fill(['Aa', 'BB'], 'put').keys(), ['Aa', 'BB']);
  });
  test('null key sits in bucket 0', () => {
    assert.deepEqual(fill(['9', null, '1'], 'computeIfAbsent').keys(), [null, '1', '9']);
  });
  test('"1".."20": capacity 32 after the 14th computeIfAbsent; order by (hash & 31)', () => {
    const keys = Array.from({ length: 20 }, (_, i) => String(i + 1));
    const m = fill(keys, 'computeIfAbsent');
    assert.equal(m.capacity, 32);
    // by hand: "11".."19" → buckets 0..8, "1".."9" → 17..25, "20" → 30, "10" → 31
    assert.deepEqual(m.keys(), ['11', '12', '13', '14', '15', '16', '17', '18', '19', '1', '2', '3', '4', '5', '6', '7', '8', '9', '20', '10']);
  });
  test('resize timing: 13 keys keep capacity 16 under computeIfAbsent (lazy) but not under put', () => {
    const keys = Array.from({ length: 13 }, (_, i) => `k${i}`);
    assert.equal(fill(keys, 'computeIfAbsent').capacity, 16);
    assert.equal(fill(keys, 'put').capacity, 32);
    // and a lookup of an existing key triggers the pending resize
    const m = fill(keys, 'computeIfAbsent');
    m.computeIfAbsent('k0', () => -1);
    assert.equal(m.capacity, 32);
  });
  for (const mode of ['computeIfAbsent', 'put'] as const) {
    for (const n of [3, 12, 13, 14, 25, 26, 40]) {
      test(`${mode}: ${n} UUID-like process instance ids match the reference order (resize split keeps order)`, () => {
        const keys = Array.from({ length: n }, (_, i) => `${(0x9e3779b1 * (i + 1) >>> 0).toString(16).padStart(8, '0')}-58cc-4372-a567-${i}`);
        assert.deepEqual(fill(keys, mode).keys(), refOrder(keys, mode));
      });
    }
    test(`${mode}: colliding keys in one bucket, across a resize, keep the discipline's order`, () => {
      // "Aa"/"BB" blocks collide entirely; mix them with other keys so the map resizes.
      const keys = ['AaAa', 'x1', 'BBBB', 'x2', 'x3', 'AaBB', 'x4', 'x5', 'x6', 'x7', 'x8', 'x9', 'x10', 'x11', 'BBAa', 'x12'];
      assert.deepEqual(fill(keys, mode).keys(), refOrder(keys, mode));
    });
  }
  test('a bucket reaching 8 nodes resizes instead of treeifying below capacity 64', () => {
    // 8 strings of "Aa"/"BB" blocks share one hash code.
    const keys: string[] = [];
    for (let i = 0; i < 8; i++) keys.push([0, 1, 2].map(b => ((i >> b) & 1 ? 'BB' : 'Aa')).join(''));
    assert.ok(keys.every(k => javaStringHashCode(k) === javaStringHashCode(keys[0])));
    const m = fill(keys, 'computeIfAbsent');
    assert.equal(m.capacity, 32); // the 8th insertion found 7 nodes (binCount >= TREEIFY_THRESHOLD - 1) → treeifyBin → resize
    assert.deepEqual(m.keys(), [...keys].reverse());
  });
  test('get and put return values like Java', () => {
    const m = new JavaHashMap<string>();
    assert.equal(m.put('a', '1'), undefined);
    assert.equal(m.put('a', '2'), '1');
    assert.equal(m.get('a'), '2');
    assert.equal(m.get('b'), undefined);
    assert.equal(m.computeIfAbsent('a', () => 'x'), '2');
    assert.equal(m.size, 1);
  });
});
