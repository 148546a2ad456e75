// The jBPM 3 job executor profile (job-executor.md §3, the jBPM cluster article): each node runs
// N executor threads; a free thread acquires for itself, a thread that found nothing waits up to
// `idleInterval` (less when a job falls due sooner) on the job executor monitor, which a new job
// saved on the same node notifies; an exception (e.g. a stale-object clash while locking, as the
// spec states) makes it pause `idleInterval`, doubling up to `maxIdleInterval`; a clean cycle resets
// the pause. Defaults 10 s and 1 h (the article's; the 3.2.x user guide gives idleInterval 5 s), the
// article's tuned values 500 ms and 1000 ms. Sources and version notes: docs/scenarios/scaling-jbpm3-article.md.
// Pure functions over a plain state object.

export interface Jbpm3Config { idleInterval: number; maxIdleInterval: number }

export const DEFAULT_JBPM3_CONFIG: Readonly<Jbpm3Config> = Object.freeze({ idleInterval: 10_000, maxIdleInterval: 3_600_000 });

export interface Jbpm3State { currentIdleInterval: number }

export function initialJbpm3State(cfg: Jbpm3Config): Jbpm3State {
  return { currentIdleInterval: cfg.idleInterval };
}

/**
 * What a node's jBPM 3 threads saw in one cycle (the simulation's node-level stand-in for its N
 * JobExecutorThreads, each of which acquires one job, or all exclusive jobs of one process
 * instance, for itself only while it is free).
 */
export interface Jbpm3CycleView {
  /** Threads still free after the hand-over: they found nothing and wait on the job executor monitor. */
  idleThreads: number;
  /** ms from now to the earliest future due date of a job this node could lock (getNextDueDate); null: none. */
  nextDueInMs: number | null;
  /** A thread finished its work while the cycle ran: it loops straight back to acquisition. */
  threadFreed?: boolean;
}

/**
 * After a cycle: the wait before the next acquisition and the new state.
 * - exception: wait `currentIdleInterval`, then double it up to `maxIdleInterval` (JobExecutorThread.run);
 * - otherwise the threads that found nothing wait `getWaitPeriod()` = min(currentIdleInterval, time to
 *   the next due job) — with the interval as it stands, i.e. still doubled right after an exception —
 *   and the interval is reset; a thread freed during the cycle acquires again at once (wait 0).
 * - no thread free and none freed: OURS, the node waits `maxIdleInterval` at most (a freed thread wakes it earlier).
 * Without `view` (the plain cycle of older callers) a clean cycle waits `idleInterval`.
 */
export function jbpm3AfterCycle(s: Jbpm3State, cfg: Jbpm3Config, exception: boolean, view?: Jbpm3CycleView): { state: Jbpm3State; waitMs: number } {
  if (exception) {
    const waitMs = s.currentIdleInterval;
    return { state: { currentIdleInterval: Math.min(cfg.maxIdleInterval, s.currentIdleInterval * 2) }, waitMs };
  }
  const state = { currentIdleInterval: cfg.idleInterval };
  if (!view) return { state, waitMs: cfg.idleInterval };
  if (view.threadFreed) return { state, waitMs: 0 };
  if (view.idleThreads <= 0) return { state, waitMs: cfg.maxIdleInterval };
  const cap = view.nextDueInMs === null ? Infinity : Math.max(0, view.nextDueInMs);
  return { state, waitMs: Math.min(s.currentIdleInterval, cap) };
}
