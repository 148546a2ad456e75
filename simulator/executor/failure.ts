// The failure bookkeeping of DefaultJobRetryCmd (job-executor.md §5, camunda-reference §5.4) on
// top of the engine's value semantics in src/bpmn/retryCycle.ts: which strategy applies, the new
// RETRIES_, DUEDATE_ and lock, and whether an incident follows. Pure: the caller writes the row.
import { initialRetries, intervalForFailure, parseRetryTimeCycle } from '../../src/bpmn/retryCycle';
import type { EngineProfile } from '../../src/bpmn/types';
import type { RetryCycle } from '../../src/bpmn/retryCycle';

/** Handler types for which the custom (retry-cycle) strategy applies. */
export const CUSTOM_STRATEGY_HANDLER_TYPES: ReadonlySet<string> = new Set([
  'timer-transition', 'timer-intermediate-transition', 'timer-start-event', 'timer-start-event-subprocess', 'async-continuation',
]);

export interface FailureInput {
  handlerType: string | null;
  /** The activity's (or the engine-wide) failedJobRetryTimeCycle text; null = none. */
  retryCycle: string | null;
  retries: number | null;
  /** EXCEPTION_MSG_ / EXCEPTION_STACK_ID_ both null: this is the job's first failure. */
  firstFailure: boolean;
  optimisticLocking: boolean;
  now: number;
  profile: EngineProfile;
}

export interface FailureOutcome {
  strategy: 'custom' | 'standard';
  retries: number;
  dueDate: number | null | undefined; // undefined: unchanged
  incident: boolean;
}

/** The resolved custom configuration (a parsed list), or undefined (standard strategy). */
export function resolveCycle(raw: string | null, profile: EngineProfile): Extract<RetryCycle, { kind: 'list' }> | undefined {
  if (raw === null || raw === '') return undefined;
  const c = parseRetryTimeCycle(raw, { profile });
  return c.kind === 'list' ? c : undefined;
}

/** Retries of a newly created job (7.24: the configured count, 0 → 1; legacy: defaultRetries). */
export function retriesAtCreation(raw: string | null, profile: EngineProfile, defaultRetries: number): number {
  const c = raw === null || raw === '' ? ({ kind: 'none' } as RetryCycle) : parseRetryTimeCycle(raw, { profile });
  return initialRetries(c, profile, defaultRetries) ?? defaultRetries;
}

export function computeFailure(i: FailureInput): FailureOutcome {
  const current = i.retries ?? 0;
  const decrement = (r: number) => (i.optimisticLocking ? r : Math.max(0, r - 1));
  const custom = i.handlerType !== null && CUSTOM_STRATEGY_HANDLER_TYPES.has(i.handlerType) ? resolveCycle(i.retryCycle, i.profile) : undefined;
  if (!custom) {
    const retries = decrement(current);
    return { strategy: 'standard', retries, dueDate: undefined, incident: retries <= 0 };
  }
  const initialised = i.firstFailure ? custom.retries : current;
  const picked = intervalForFailure(custom.intervals, initialised).interval;
  if (!picked || picked.error !== undefined || picked.ms === undefined) {
    // DefaultJobRetryCmd catches and applies the standard strategy to the already initialised entity.
    const retries = decrement(initialised);
    return { strategy: 'standard', retries, dueDate: undefined, incident: retries <= 0 };
  }
  const dueDate = picked.ms === null ? null : i.now + picked.ms;
  const retries = decrement(initialised);
  return { strategy: 'custom', retries, dueDate, incident: retries <= 0 };
}
