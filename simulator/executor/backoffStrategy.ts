// The engine's BackoffJobAcquisitionStrategy (camunda-reference.md §3.3), as pure functions over a
// plain state object so that it can live in an acquisition machine's context and be checkpointed.
// Java arithmetic is reproduced: `(int)` casts saturate (+Inf → Integer.MAX_VALUE) and `+ 2`
// overflows in 32 bits, `maxWait / waitTime` is a long division, `log` is log10(v)/log10(base).

import { DEFAULT_JOB_EXECUTOR_SETTINGS, type JobExecutorSettings } from '../executorSettings';

export const DEFAULT_EXECUTION_SATURATION_WAIT_TIME = 100;

export type BackoffConfig = Pick<JobExecutorSettings,
  'maxJobsPerAcquisition' | 'waitTimeInMillis' | 'waitIncreaseFactor' | 'maxWait' | 'backoffTimeInMillis' | 'maxBackoff' | 'backoffDecreaseThreshold'>;

/** The engine's defaults for these settings, taken from the one list of executor defaults. */
export const DEFAULT_BACKOFF_CONFIG: Readonly<BackoffConfig> = Object.freeze({
  maxJobsPerAcquisition: DEFAULT_JOB_EXECUTOR_SETTINGS.maxJobsPerAcquisition,
  waitTimeInMillis: DEFAULT_JOB_EXECUTOR_SETTINGS.waitTimeInMillis,
  waitIncreaseFactor: DEFAULT_JOB_EXECUTOR_SETTINGS.waitIncreaseFactor,
  maxWait: DEFAULT_JOB_EXECUTOR_SETTINGS.maxWait,
  backoffTimeInMillis: DEFAULT_JOB_EXECUTOR_SETTINGS.backoffTimeInMillis,
  maxBackoff: DEFAULT_JOB_EXECUTOR_SETTINGS.maxBackoff,
  backoffDecreaseThreshold: DEFAULT_JOB_EXECUTOR_SETTINGS.backoffDecreaseThreshold,
});

export interface BackoffState {
  idleLevel: number;
  backoffLevel: number;
  backoffDecreaseCounter: number;
  applyJitter: boolean;
  numJobsToAcquire: number;
  executionSaturated: boolean;
  maxIdleLevel: number;
  maxBackoffLevel: number;
}

/** What one acquisition cycle observed (JobAcquisitionContext for the single engine). */
export interface CycleOutcome {
  /** `jobWasAdded()` was signalled since the last reconfigure. */
  jobAdded: boolean;
  /** The acquisition transaction threw. */
  acquisitionException: boolean;
  /** numJobsToAcquire used for the SELECT (0 when the acquisition was skipped). */
  attempted: number;
  /** Number of batches acquired (after dropping clashes). */
  acquiredBatches: number;
  /** Jobs whose lock UPDATE hit 0 rows. */
  failedToLock: number;
  /** Batches rejected by the pool this cycle (new and resubmitted). */
  rejectedBatches: number;
  /** Batches resubmitted from the previous cycle. */
  resubmittedBatches: number;
}

/** Java `(int)` cast of a double. */
export function javaInt(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x >= 2147483647) return 2147483647;
  if (x <= -2147483648) return -2147483648;
  return Math.trunc(x);
}

/** Java `(long)` cast of a double (saturating; enough for millisecond values). */
export function javaLong(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x >= Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
  if (x <= Number.MIN_SAFE_INTEGER) return Number.MIN_SAFE_INTEGER;
  return Math.trunc(x);
}

function log(base: number, value: number): number {
  return Math.log10(value) / Math.log10(base);
}

/** `calculateMaxLevel(baseValue, increaseFactor, maxValue)`. */
export function maxLevel(base: number, factor: number, max: number): number {
  if (base > 0 && max > 0 && factor > 0 && max >= base) {
    const ratio = Math.trunc(max / base); // long division
    return (javaInt(log(factor, ratio)) + 2) | 0;
  }
  return 0;
}

export function initialBackoffState(cfg: BackoffConfig): BackoffState {
  return {
    idleLevel: 0,
    backoffLevel: 0,
    backoffDecreaseCounter: 0,
    applyJitter: false,
    numJobsToAcquire: cfg.maxJobsPerAcquisition,
    executionSaturated: false,
    maxIdleLevel: maxLevel(cfg.waitTimeInMillis, cfg.waitIncreaseFactor, cfg.maxWait),
    maxBackoffLevel: maxLevel(cfg.backoffTimeInMillis, cfg.waitIncreaseFactor, cfg.maxBackoff),
  };
}

/** `batches + failedToLock < attempted`: counts batches, not jobs. */
export function isIdle(o: CycleOutcome): boolean {
  return o.acquiredBatches + o.failedToLock < o.attempted;
}

/** `reconfigure(context)`: idle level, backoff level, numJobsToAcquire, saturation. */
export function reconfigure(s: BackoffState, cfg: BackoffConfig, o: CycleOutcome): BackoffState {
  const n = { ...s };
  // idle level
  if (o.jobAdded) n.idleLevel = 0;
  else if (isIdle(o) || o.acquisitionException) { if (n.idleLevel < n.maxIdleLevel) n.idleLevel++; }
  else n.idleLevel = 0;
  // backoff level
  if (o.failedToLock > 0) {
    n.backoffDecreaseCounter = 0;
    n.applyJitter = true;
    if (n.backoffLevel < n.maxBackoffLevel) n.backoffLevel++;
  } else {
    n.applyJitter = false;
    n.backoffDecreaseCounter++;
    if (n.backoffDecreaseCounter >= cfg.backoffDecreaseThreshold && n.backoffLevel > 0) {
      n.backoffLevel--;
      n.backoffDecreaseCounter = 0;
    }
  }
  // number of jobs to acquire next time
  const base = javaInt(cfg.maxJobsPerAcquisition * Math.pow(cfg.waitIncreaseFactor, n.backoffLevel));
  n.numJobsToAcquire = Math.max(0, base - o.rejectedBatches);
  // saturation: every submitted batch was rejected
  n.executionSaturated = o.rejectedBatches > 0 && o.rejectedBatches >= o.acquiredBatches + o.resubmittedBatches;
  return n;
}

/**
 * `getWaitTime()`: idle wins over backoff, then saturation (100 ms), else 0.
 * `jitter` is a uniform sample in [0, 1) (the `jitter` stream); it is used only when the backoff
 * branch applies jitter, giving a wait in [t, 1.5t).
 */
export function waitTime(s: BackoffState, cfg: BackoffConfig, jitter: number): number {
  if (s.idleLevel > 0) {
    return s.idleLevel >= s.maxIdleLevel
      ? cfg.maxWait
      : javaLong(cfg.waitTimeInMillis * Math.pow(cfg.waitIncreaseFactor, s.idleLevel - 1));
  }
  if (s.backoffLevel > 0) {
    let t = s.backoffLevel >= s.maxBackoffLevel
      ? cfg.maxBackoff
      : javaLong(cfg.backoffTimeInMillis * Math.pow(cfg.waitIncreaseFactor, s.backoffLevel - 1));
    if (s.applyJitter) t = javaLong(t + jitter * Math.trunc(t / 2));
    return t;
  }
  if (s.executionSaturated) return DEFAULT_EXECUTION_SATURATION_WAIT_TIME;
  return 0;
}
