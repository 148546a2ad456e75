// Trace events of a simulation run. Every event has `t` (virtual ms since the start) and `seq`
// (emission counter) first, then `kind`, then its fields in a fixed order, so that
// `JSON.stringify` of an event is stable and the JSONL of a run is byte-identical for a seed.
// `traceHash()` is SHA-256 of that JSONL, computed by the small pure-JS SHA-256 below so the core
// stays browser-capable (no node:crypto).

export interface TraceBase { t: number; seq: number }

export type TraceEvent = TraceBase & (
  | { kind: 'acquisition'; node: string; attempted: number; selected: string[]; locked: string[]; clashed: string[]; batches: string[][]; resubmitted: string[][]; rejected: string[][]; waitMs: number; idleLevel: number; backoffLevel: number; sql: string; params: unknown[] }
  | { kind: 'jobCreated'; jobId: string; processInstanceId: string | null; activityId: string | null; handlerType: string | null; exclusive: boolean; priority: number; retries: number; dueDate: number | null; by: string | null }
  | { kind: 'jobStarted'; node: string; thread: string; jobId: string; processInstanceId: string | null; activityId: string | null }
  | { kind: 'jobCompleted'; node: string; thread: string; jobId: string; durationMs: number; /** Other jobs the transaction deleted (only when there are any). */ deletedJobs?: string[] }
  | { kind: 'jobDeleted'; jobId: string; /** Why, e.g. "boundary timer of review: the activity ended". */ reason: string; activityId?: string }
  | { kind: 'jobFailed'; node: string; thread: string; jobId: string; error: string; strategy: 'custom' | 'standard' | 'skipped'; retries: number; dueDate: number | null }
  | { kind: 'incident'; jobId: string; activityId: string | null; error: string }
  | { kind: 'batchRejected'; node: string; jobIds: string[] }
  | { kind: 'nodeCrashed'; node: string; runningJobs: string[]; lockedJobs: number }
  | { kind: 'nodeStarted'; node: string }
  | { kind: 'lockExpired'; jobId: string; lockOwner: string; lockExpTime: number }
  | { kind: 'duplicateExecution'; jobId: string; nodes: string[] }
  | { kind: 'optimisticLockingFailure'; node: string; thread: string; jobId: string; statement: string }
  | { kind: 'timeline'; action: string; detail: string }
  /** A start request of a `load` entry with a balancer ran on `node` and committed. */
  | { kind: 'processStarted'; node: string; processInstanceId: string; processDefinitionKey: string }
  /** A start request failed and rolled back (no instance): on `node`, or on none (null: no node up). */
  | { kind: 'startFailed'; node: string | null; processDefinitionKey: string; error: string }
  /** OURS (engine.recovery.model 'aliveSignal', a Workflow Server model): `by` found no alive signal of `node` since `lastAliveAt` and declared it dead. */
  | { kind: 'nodeSupposedDead'; node: string; by: string; lastAliveAt: number }
  /** OURS (same model): `by` cleared the locks of the jobs the dead `node` held; they are acquirable at once. */
  | { kind: 'jobsRestored'; node: string; by: string; jobIds: string[] }
);

export type TraceKind = TraceEvent['kind'];

/** A function that builds the payload of one kind; the recorder adds t and seq first. */
export type TracePayload<K extends TraceKind> = Omit<Extract<TraceEvent, { kind: K }>, 't' | 'seq' | 'kind'>;

export class TraceRecorder {
  readonly events: TraceEvent[] = [];
  private seq = 0;
  constructor(private readonly record = true, private readonly listener?: (e: TraceEvent) => void) {}

  get count(): number { return this.seq; }

  emit<K extends TraceKind>(t: number, kind: K, payload: TracePayload<K>): TraceEvent {
    const e = { t, seq: this.seq++, kind, ...payload } as unknown as TraceEvent;
    if (this.record) this.events.push(e);
    this.listener?.(e);
    return e;
  }

  /** Restores the counter and events (checkpoint). */
  restore(events: TraceEvent[], seq: number): void {
    this.events.length = 0;
    this.events.push(...events);
    this.seq = seq;
  }
}

export function toJsonl(events: readonly TraceEvent[]): string {
  let s = '';
  for (const e of events) s += JSON.stringify(e) + '\n';
  return s;
}

export function traceHash(events: readonly TraceEvent[]): string {
  const h = new Sha256();
  for (const e of events) h.update(JSON.stringify(e) + '\n');
  return h.hex();
}

// ---- SHA-256 (FIPS 180-4), incremental over UTF-8 text ----------------------------------------
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export class Sha256 {
  private h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  private block = new Uint8Array(64);
  private used = 0;
  private bytes = 0;
  private w = new Uint32Array(64);
  private enc = new TextEncoder();

  update(text: string | Uint8Array): this {
    const data = typeof text === 'string' ? this.enc.encode(text) : text;
    this.bytes += data.length;
    let i = 0;
    while (i < data.length) {
      const n = Math.min(64 - this.used, data.length - i);
      this.block.set(data.subarray(i, i + n), this.used);
      this.used += n; i += n;
      if (this.used === 64) { this.compress(); this.used = 0; }
    }
    return this;
  }

  hex(): string {
    const bitLen = this.bytes * 8;
    const pad = new Uint8Array(((this.used < 56 ? 56 : 120) - this.used) + 8);
    pad[0] = 0x80;
    const hi = Math.floor(bitLen / 4294967296), lo = bitLen >>> 0;
    const L = pad.length;
    pad[L - 8] = hi >>> 24; pad[L - 7] = hi >>> 16; pad[L - 6] = hi >>> 8; pad[L - 5] = hi;
    pad[L - 4] = lo >>> 24; pad[L - 3] = lo >>> 16; pad[L - 2] = lo >>> 8; pad[L - 1] = lo;
    const saved = this.bytes;
    this.update(pad);
    this.bytes = saved;
    let out = '';
    for (const v of this.h) out += v.toString(16).padStart(8, '0');
    return out;
  }

  private compress(): void {
    const w = this.w, b = this.block;
    for (let i = 0; i < 16; i++) w[i] = (b[4 * i] << 24) | (b[4 * i + 1] << 16) | (b[4 * i + 2] << 8) | b[4 * i + 3];
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15], y = w[i - 2];
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
    }
    let [a, bb, c, d, e, f, g, h] = this.h;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + K[i] + w[i]) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & bb) ^ (a & c) ^ (bb & c);
      const t2 = (S0 + maj) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    const H = this.h;
    H[0] += a; H[1] += bb; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
  }
}
