// The jBPM 3 job executor profile (job-executor.md §3, the jBPM cluster article): each node runs
// N executor threads; each thread acquires once per `idleInterval`; an exception (e.g. a
// stale-object clash while locking) makes it pause `idleInterval`, doubling up to
// `maxIdleInterval`; a clean cycle resets the pause. Defaults 10 s and 1 h (the article's tuned
// values: 500 ms and 1000 ms). Pure functions over a plain state object.

export interface Jbpm3Config { idleInterval: number; maxIdleInterval: number }

export const DEFAULT_JBPM3_CONFIG: Readonly<Jbpm3Config> = Object.freeze({ idleInterval: 10_000, maxIdleInterval: 3_600_000 });

export interface Jbpm3State { currentIdleInterval: number }

export function initialJbpm3State(cfg: Jbpm3Config): Jbpm3State {
  return { currentIdleInterval: cfg.idleInterval };
}

/** After a cycle: the wait before the next acquisition and the new state. */
export function jbpm3AfterCycle(s: Jbpm3State, cfg: Jbpm3Config, exception: boolean): { state: Jbpm3State; waitMs: number } {
  if (exception) {
    const waitMs = s.currentIdleInterval;
    return { state: { currentIdleInterval: Math.min(cfg.maxIdleInterval, s.currentIdleInterval * 2) }, waitMs };
  }
  return { state: { currentIdleInterval: cfg.idleInterval }, waitMs: cfg.idleInterval };
}
