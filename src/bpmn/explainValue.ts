/**
 * `bpmn-job-lab explain-value jobPriority|failedJobRetryTimeCycle "<value>" --format json`:
 * exactly what the engine would make of one attribute text, as a JSON-ready object.
 * Pure: no `vscode`, no DOM, no clock (pass `now` for month/year intervals).
 */
import { jobPriorityEngineError, parseJobPriority } from './priority';
import {
  DEFAULT_RETRIES, initialRetries, parseRetryTimeCycle, retrySchedule, type RetryCycle,
} from './retryCycle';
import type { EngineProfile } from './types';

export type ExplainAttribute = 'jobPriority' | 'failedJobRetryTimeCycle';

/** One failed execution, for the JSON output. */
export interface ExplainScheduleRow {
  execution: number;
  retriesBefore: number;
  /** Delay before the next execution; null: due at once (standard strategy or null due date). */
  intervalMs: number | null;
  /** The element of the cycle the failure picked. */
  interval?: string;
  strategy: 'custom' | 'standard' | 'fallback';
  retriesAfter: number;
  outcome: 'retry' | 'incident';
}

/** The JSON object of `explain-value`. */
export interface ExplainValueResult {
  attribute: ExplainAttribute;
  input: string;
  profile: EngineProfile;
  /** No problem at all (deploys, and nothing fails or is ignored later). */
  valid: boolean;
  /** The deployment succeeds with this text. */
  deploys: boolean;
  kind: 'constant' | 'expression' | 'list' | 'repeat' | 'none' | 'ignored' | 'invalid';
  /** jobPriority constant. */
  value?: number;
  /** Expression language marker. */
  language?: '${' | '#{';
  /** jobPriority: text around the expression makes the result a String. */
  composite?: boolean;
  /** Retry cycle: `RETRIES_` of a new job under the profile (legacy: always 3). */
  retries?: number;
  /** Retry cycle: executions until the incident when every execution fails. */
  executions?: number;
  /** Retry cycle: delay per element of the cycle, in order (null: due at once or unparsable). */
  intervalsMs?: (number | null)[];
  /** Retry cycle: the elements as the engine keeps them (trimmed). */
  intervals?: string[];
  /** Retry cycle: one row per failed execution (at most 12). */
  schedule?: ExplainScheduleRow[];
  /** The engine's own error or log text. */
  error?: string;
  /** Human explanation. */
  message?: string;
  /** A text that would work, when obvious. */
  suggestion?: string;
  /** Failure reason code (`parseJobPriority` / `JavaIntFailure`). */
  reason?: string;
  /** Things that deploy but surprise. */
  warnings?: string[];
}

/**
 * Explains one attribute value the way the engine reads it. For the retry cycle, `retries` is
 * what a new job gets under the profile, `executions` the total until the incident, and
 * `intervalsMs` the delay of each element (per failure: see `schedule`).
 */
export function explainValue(
  attribute: ExplainAttribute, raw: string, profile: EngineProfile, now?: number,
): ExplainValueResult {
  const base = { attribute, input: raw, profile };
  if (attribute === 'jobPriority') {
    const p = parseJobPriority(raw);
    switch (p.kind) {
      case 'constant':
        return { ...base, valid: true, deploys: true, kind: 'constant', value: p.value };
      case 'expression':
        return {
          ...base, valid: !p.composite, deploys: true, kind: 'expression', language: p.language, composite: p.composite,
          ...(p.composite ? {
            warnings: ['Text around the expression (even whitespace) makes JUEL return a String: job creation fails with "Priority value is not an Integer".'],
          } : {}),
        };
      case 'invalid':
        return {
          ...base, valid: false, deploys: false, kind: 'invalid', reason: p.reason, error: p.engineError, message: p.message,
          ...(p.suggestion !== undefined ? { suggestion: p.suggestion } : {}),
        };
    }
  }
  const cycle = parseRetryTimeCycle(raw, { profile, ...(now !== undefined ? { now } : {}) });
  return { ...base, ...explainCycle(cycle, profile) };
}

type CyclePart = Omit<ExplainValueResult, 'attribute' | 'input' | 'profile'>;

function explainCycle(cycle: RetryCycle, profile: EngineProfile): CyclePart {
  const schedule = retrySchedule(cycle, profile);
  const rows: ExplainScheduleRow[] = schedule.rows.map(r => ({
    execution: r.execution, retriesBefore: r.retriesBefore,
    intervalMs: r.strategy === 'custom' ? r.interval?.ms ?? null : null,
    ...(r.interval ? { interval: r.interval.text } : {}),
    strategy: r.strategy, retriesAfter: r.retriesAfter, outcome: r.outcome,
  }));
  switch (cycle.kind) {
    case 'none':
      return {
        valid: true, deploys: true, kind: 'none', retries: DEFAULT_RETRIES, executions: DEFAULT_RETRIES, schedule: rows,
        message: 'No retry cycle: the engine-wide failedJobRetryTimeCycle applies (default none: 3 executions, retried at once).',
      };
    case 'expression':
      return {
        valid: true, deploys: true, kind: 'expression', language: cycle.language,
        message: `Evaluated ${profile === '7.24' ? 'at job creation and ' : ''}at each failure; a String result is parsed again, anything else means the standard strategy (3 executions, no delay).`,
      };
    case 'malformed-expression':
      return { valid: false, deploys: false, kind: 'invalid', reason: 'malformed-expression', error: cycle.engineError, message: cycle.message };
    case 'ignored-by-engine':
      return {
        valid: false, deploys: true, kind: 'ignored', retries: DEFAULT_RETRIES, executions: DEFAULT_RETRIES, schedule: rows,
        error: `${cycle.engineLog}: ${cycle.error}`, message: `${cycle.reason} The engine only logs a warning and uses the standard strategy (3 executions, retried at once).`,
      };
    case 'list': {
      const invalid = cycle.intervals.filter(i => i.error);
      const warnings = cycle.intervals.flatMap(i => (i.note ? [`${i.text}: ${i.note}`] : []));
      const out: CyclePart = {
        valid: cycle.engineOutcome.kind === 'custom', deploys: true, kind: cycle.repeat ? 'repeat' : 'list',
        retries: initialRetries(cycle, profile)!, executions: schedule.totalExecutions!,
        intervalsMs: cycle.intervals.map(i => (i.error ? null : i.ms ?? null)),
        intervals: cycle.intervals.map(i => i.text),
        schedule: rows,
      };
      if (cycle.engineOutcome.kind === 'fallback-at-failure') {
        out.message = cycle.engineOutcome.message;
        if (invalid.length > 0) out.error = invalid.map(i => `${i.error} ${i.reason ?? ''}`.trim()).join('\n');
      }
      if (warnings.length > 0) out.warnings = warnings;
      return out;
    }
  }
}

/** The deployment error text for an invalid `jobPriority` constant (re-exported for the CLI). */
export { jobPriorityEngineError };
