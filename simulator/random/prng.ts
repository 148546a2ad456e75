// Seeded pseudo-random numbers with one independent stream per purpose (arrivals, durations,
// failures, jitter, dbOrder, branches, …), so that drawing more numbers for one purpose never
// shifts another purpose's sequence. Generator: sfc32 (Chris Doty-Humphrey's small fast counting
// RNG, 128-bit state), seeded by splitmix32 over (seed, FNV-1a hash of the stream name).
// Everything is 32-bit integer arithmetic, so results are identical on every JS engine.

export type StreamName = 'arrivals' | 'durations' | 'failures' | 'jitter' | 'dbOrder' | 'branches' | (string & {});

/** Four uint32 words of sfc32 state. */
export type StreamState = [number, number, number, number];
export type PrngState = { seed: number; streams: Record<string, StreamState> };

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class RandomStream {
  private a: number; private b: number; private c: number; private d: number;

  constructor(readonly name: string, state: StreamState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  static seeded(seed: number, name: string): RandomStream {
    const sm = { s: (Math.trunc(seed) ^ fnv1a(name)) | 0 };
    const st: StreamState = [splitmix32(sm), splitmix32(sm), splitmix32(sm), splitmix32(sm)];
    const r = new RandomStream(name, st);
    for (let i = 0; i < 12; i++) r.nextUint32(); // warm up
    return r;
  }

  nextUint32(): number {
    let { a, b, c, d } = this;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.a = a; this.b = b; this.c = c; this.d = d;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  next(): number { return this.nextUint32() / 4294967296; }

  /** Uniform integer in [lo, hi] (inclusive). */
  uniformInt(lo: number, hi: number): number {
    if (hi < lo) throw new RangeError(`uniformInt: hi ${hi} < lo ${lo}`);
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Uniform float in [lo, hi). */
  uniform(lo: number, hi: number): number { return lo + this.next() * (hi - lo); }

  /** Exponentially distributed value with the given mean. */
  exponential(mean: number): number { return -Math.log(1 - this.next()) * mean; }

  /** True with probability p. */
  bernoulli(p: number): boolean { return p > 0 && this.next() < p; }

  /** Index chosen with probability proportional to its weight. */
  choiceIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += Math.max(0, w);
    if (total <= 0) throw new RangeError('choice: weights sum to 0');
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= Math.max(0, weights[i]);
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  choice<T>(items: readonly T[], weights?: readonly number[]): T {
    return items[this.choiceIndex(weights ?? items.map(() => 1))];
  }

  /** In-place Fisher–Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  state(): StreamState { return [this.a, this.b, this.c, this.d]; }
  setState(s: StreamState): void { [this.a, this.b, this.c, this.d] = s; }
}

/** A family of named streams derived from one seed. */
export class Prng {
  private streams = new Map<string, RandomStream>();

  constructor(readonly seed: number) {}

  stream(name: StreamName): RandomStream {
    let s = this.streams.get(name);
    if (!s) { s = RandomStream.seeded(this.seed, name); this.streams.set(name, s); }
    return s;
  }

  serialize(): PrngState {
    const streams: Record<string, StreamState> = {};
    for (const name of [...this.streams.keys()].sort()) streams[name] = this.streams.get(name)!.state();
    return { seed: this.seed, streams };
  }

  static restore(state: PrngState): Prng {
    const p = new Prng(state.seed);
    for (const [name, st] of Object.entries(state.streams)) p.streams.set(name, new RandomStream(name, [...st] as StreamState));
    return p;
  }
}
