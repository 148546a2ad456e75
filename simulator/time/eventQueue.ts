// The simulator's clock: a binary min-heap of events ordered by (time, seq). `seq` is a numeric
// insertion counter, so two events at the same virtual millisecond come out in the order they were
// scheduled, and everything due at one tick is drained before the clock moves on (an event
// scheduled "now" while the tick is being drained gets a larger seq and still runs in this tick).
// Times are integer virtual milliseconds since the start of the run. Cancellation is lazy: a
// cancelled entry stays in the heap, is marked dead and skipped when it reaches the top.

export type EventHandle = number;

export interface QueueEntry<E> {
  readonly time: number;
  readonly seq: number;
  readonly event: E;
}

interface Slot<E> extends QueueEntry<E> { dead: boolean }

/** Serialisable form of a queue: live entries in (time, seq) order plus the counters. */
export interface EventQueueState<E> {
  now: number;
  nextSeq: number;
  entries: QueueEntry<E>[];
}

export class EventQueue<E> {
  private heap: Slot<E>[] = [];
  private live = new Map<number, Slot<E>>();
  private nextSeq = 0;
  private clock = 0;

  /** Current virtual time (the time of the last event popped, or of the last `advanceTo`). */
  get now(): number { return this.clock; }
  /** Number of live (not cancelled) entries. */
  get size(): number { return this.live.size; }

  /** Schedules `event` at absolute virtual time `time` (rounded to an integer, never in the past). */
  schedule(time: number, event: E): EventHandle {
    const t = Math.max(this.clock, Math.round(time));
    const slot: Slot<E> = { time: t, seq: this.nextSeq++, event, dead: false };
    this.live.set(slot.seq, slot);
    this.push(slot);
    return slot.seq;
  }

  /** Schedules `event` `delay` ms after now. */
  scheduleIn(delay: number, event: E): EventHandle {
    return this.schedule(this.clock + Math.max(0, delay), event);
  }

  /** Cancels a pending event; returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    const slot = this.live.get(handle);
    if (!slot) return false;
    slot.dead = true;
    this.live.delete(handle);
    // Dead entries far in the future (a lock-expiry check per executed job) would otherwise pile up
    // until their time comes: when they outnumber the live ones, rebuild the heap from the live
    // entries. The pop order is (time, seq) either way.
    if (this.heap.length > 64 && this.heap.length > 2 * this.live.size) this.compact();
    return true;
  }

  isPending(handle: EventHandle): boolean { return this.live.has(handle); }

  /** Time of the next live event, or undefined when the queue is empty. */
  peekTime(): number | undefined {
    this.dropDead();
    return this.heap.length ? this.heap[0].time : undefined;
  }

  /** Removes and returns the next live event, advancing the clock to its time. */
  pop(): QueueEntry<E> | undefined {
    this.dropDead();
    const top = this.heap[0];
    if (!top) return undefined;
    this.removeTop();
    this.live.delete(top.seq);
    this.clock = top.time;
    return top;
  }

  /** Pops every event due at the next tick (including ones scheduled at that tick meanwhile by `onEach`). */
  drainTick(onEach: (e: QueueEntry<E>) => void): number {
    const t = this.peekTime();
    if (t === undefined) return 0;
    let n = 0;
    while (this.peekTime() === t) { onEach(this.pop()!); n++; }
    return n;
  }

  /** Moves the clock forward without an event (never backwards, never past a pending event). */
  advanceTo(time: number): void {
    const next = this.peekTime();
    const target = next === undefined ? time : Math.min(time, next);
    if (target > this.clock) this.clock = Math.round(target);
  }

  serialize(): EventQueueState<E> {
    const entries = [...this.live.values()]
      .sort((a, b) => a.time - b.time || a.seq - b.seq)
      .map(s => ({ time: s.time, seq: s.seq, event: s.event }));
    return { now: this.clock, nextSeq: this.nextSeq, entries };
  }

  /** Replaces the contents with a serialised state; handles (seq numbers) stay valid. */
  restore(state: EventQueueState<E>): void {
    this.heap = [];
    this.live.clear();
    this.clock = state.now;
    this.nextSeq = state.nextSeq;
    for (const e of state.entries) {
      const slot: Slot<E> = { time: e.time, seq: e.seq, event: e.event, dead: false };
      this.live.set(slot.seq, slot);
      this.push(slot);
    }
  }

  // ---- heap mechanics -------------------------------------------------------------------------
  private less(a: Slot<E>, b: Slot<E>): boolean {
    return a.time < b.time || (a.time === b.time && a.seq < b.seq);
  }

  private dropDead(): void {
    while (this.heap.length && this.heap[0].dead) this.removeTop();
  }

  private compact(): void {
    const h = this.heap;
    let n = 0;
    for (let i = 0; i < h.length; i++) if (!h[i].dead) h[n++] = h[i];
    h.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private push(slot: Slot<E>): void {
    const h = this.heap;
    let i = h.length;
    h.push(slot);
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p];
      if (!this.less(slot, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = slot;
  }

  private removeTop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (!h.length) return;
    h[0] = last;
    this.siftDown(0);
  }

  private siftDown(i: number): void {
    const h = this.heap, n = h.length, slot = h[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && this.less(h[r], h[l]) ? r : l;
      if (!this.less(h[m], slot)) break;
      h[i] = h[m];
      i = m;
    }
    h[i] = slot;
  }
}
