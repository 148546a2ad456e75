/**
 * `camunda:failedJobRetryTimeCycle` as the engine reads and applies it (camunda-reference.md
 * §5.3-5.6): `ParseUtil.parseRetryIntervals` at deployment, the initial `RETRIES_` per engine
 * profile, and `DefaultJobRetryCmd`'s interval choice on each failure. One implementation for the
 * validator, the hovers, `explain` and the simulator. Pure: no `vscode`, no DOM, no clock.
 */
import { durationToMillis, parseDurationHelper } from './duration';
import { javaSplit, javaTrim } from './javaInt';
import { checkElExpression, isExpression } from './priority';
import type { EngineProfile, TextRange } from './types';

/** `JobEntity.DEFAULT_RETRIES` / `defaultNumberOfRetries`: 3 executions in total. */
export const DEFAULT_RETRIES = 3;

/**
 * The instant interval lengths are measured from when the caller gives none (only intervals with
 * calendar months/years or dates depend on it): 2026-01-01T00:00:00Z.
 */
export const DEFAULT_REFERENCE_NOW = Date.UTC(2026, 0, 1);

/** One comma-separated element of a retry cycle. */
export interface RetryInterval {
  /** The trimmed element, as the engine keeps it. */
  text: string;
  /** Offsets of the trimmed element within the raw text (empty range for an empty element). */
  range: TextRange;
  /** Delay the engine adds to `DUEDATE_` after a failure that picks this element; null: due date null (due at once). */
  ms?: number | null;
  /** ENGINE-09028 message when the element does not parse. */
  error?: string;
  /** Why it does not parse (human). */
  reason?: string;
  /** The Java exception behind it (best effort). */
  cause?: string;
  /** The length depends on the current date (months, years, start/end dates). */
  calendarDependent?: boolean;
  /** Something legal but probably unintended (e.g. `R3/` inside a list does not change the count). */
  note?: string;
}

/** What the engine does with a multi-element list at failure time. */
export type RetryEngineOutcome =
  | { kind: 'custom' }
  | {
      /**
       * `DefaultJobRetryCmd` throws when it picks one of these elements (or when the list is
       * empty), catches, and applies the standard strategy to the entity it already modified
       * (retries initialised on the first failure, no delay, `RETRIES_ - 1`).
       */
      kind: 'fallback-at-failure';
      invalidIndices: number[];
      message: string;
    };

/** What `ParseUtil.parseRetryIntervals` makes of a retry cycle text. */
export type RetryCycle =
  | { kind: 'none' }
  | { kind: 'expression'; expression: string; language: '${' | '#{' }
  | { kind: 'malformed-expression'; expression: string; message: string; engineError: string; offset: number }
  | {
      kind: 'list';
      /** `FailedJobRetryConfiguration.retries`: elements + 1, or n for a single `R<n>/…`. */
      retries: number;
      /** A single `R<n>/…` element decided `retries`. */
      repeat: boolean;
      intervals: RetryInterval[];
      engineOutcome: RetryEngineOutcome;
    }
  | {
      /** A single element that does not parse: WARN ENGINE-09029, no configuration, standard strategy. */
      kind: 'ignored-by-engine';
      text: string;
      range: TextRange;
      reason: string;
      error: string;
      cause: string;
      engineLog: string;
    };

export interface RetryCycleOptions {
  profile: EngineProfile;
  /** Instant (epoch ms, UTC) interval lengths are measured from; default {@link DEFAULT_REFERENCE_NOW}. */
  now?: number;
}

/** `ENGINE-09029 Exception while parsing retry intervals '<s>'`. */
export function retryIntervalsLog(text: string): string {
  return `ENGINE-09029 Exception while parsing retry intervals '${text}'`;
}

function calendarDependent(text: string, now: number): boolean {
  const a = durationToMillis(text, now);
  const b = durationToMillis(text, now + 45 * 86_400_000);
  return a.ok && b.ok && a.ms !== b.ms;
}

function interval(text: string, range: TextRange, now: number, inList: boolean): RetryInterval {
  const r = durationToMillis(text, now);
  if (!r.ok) {
    const reason = text === '' ? 'The element is empty (two commas in a row, a leading comma, or a comma followed only by spaces).' : r.reason;
    return { text, range, error: r.error, reason, cause: r.cause };
  }
  const out: RetryInterval = { text, range, ms: r.ms };
  if (calendarDependent(text, now)) out.calendarDependent = true;
  if (r.ms === null) out.note = 'The repetition has already ended: the engine sets DUEDATE_ to null, so the job is due at once.';
  else if (r.ms < 0) out.note = 'This instant lies in the past: the job is due at once.';
  if (inList && r.helper.isRepeat) out.note = `'${text.split('/')[0]}' has no effect inside a list: the count is the number of elements + 1.`;
  if (r.helper.ignoredPart !== undefined) out.note = `The engine ignores the third part '${r.helper.ignoredPart}'.`;
  return out;
}

/**
 * `ParseUtil.parseRetryIntervals(raw)`, with every element validated (the engine validates only a
 * single element at deployment; a bad element of a longer list surfaces at failure time).
 * null/empty → `none` (the engine-wide cycle applies); trimmed text starting with `${`/`#{` →
 * `expression`; else split on `,` (Java split: trailing empty elements dropped, each trimmed):
 * retries = elements + 1, or n for a single `R<n>/…`; a single element that does not parse →
 * `ignored-by-engine`.
 */
export function parseRetryTimeCycle(raw: string | null | undefined, opts: RetryCycleOptions): RetryCycle {
  if (raw === null || raw === undefined || raw === '') return { kind: 'none' };
  const now = opts.now ?? DEFAULT_REFERENCE_NOW;
  if (isExpression(raw)) {
    const c = checkElExpression(raw);
    if (!c.ok) return { kind: 'malformed-expression', expression: raw, message: c.message, engineError: c.engineError, offset: c.offset };
    return { kind: 'expression', expression: raw, language: c.language };
  }
  const pieces = javaSplit(raw, ',').map(p => {
    const text = javaTrim(p.text);
    const lead = text === '' ? 0 : p.text.indexOf(text);
    return { text, range: { start: p.start + lead, end: p.start + lead + text.length } };
  });
  if (pieces.length === 1) {
    const { text, range } = pieces[0]!;
    const h = parseDurationHelper(text, now);
    if (!h.ok) {
      return { kind: 'ignored-by-engine', text, range, reason: h.reason, error: h.error, cause: h.cause, engineLog: retryIntervalsLog(text) };
    }
    const repeat = h.helper.isRepeat;
    return {
      kind: 'list', retries: repeat ? h.helper.times : 2, repeat,
      intervals: [interval(text, range, now, false)], engineOutcome: { kind: 'custom' },
    };
  }
  const intervals = pieces.map(p => interval(p.text, p.range, now, true));
  const invalidIndices = intervals.flatMap((iv, i) => (iv.error ? [i] : []));
  let engineOutcome: RetryEngineOutcome = { kind: 'custom' };
  if (intervals.length === 0) {
    engineOutcome = {
      kind: 'fallback-at-failure', invalidIndices: [],
      message: 'The list has no elements: every failure falls back to the standard strategy (no delay).',
    };
  } else if (invalidIndices.length > 0) {
    engineOutcome = {
      kind: 'fallback-at-failure', invalidIndices,
      message: `The engine accepts this list at deployment; a failure that picks element${invalidIndices.length > 1 ? 's' : ''} ${invalidIndices.map(i => i + 1).join(', ')} falls back to the standard strategy (retried at once, no delay).`,
    };
  }
  return { kind: 'list', retries: pieces.length + 1, repeat: false, intervals, engineOutcome };
}

/**
 * `DefaultJobRetryCmd`'s choice of interval for a failure: `idx = max(0, min(n−1, n − (retries − 1)))`
 * with `retries` the job's `RETRIES_` when the failure is handled (after the first-failure
 * initialisation). Retries raised above n+1 clamp to index 0: the *first* interval repeats.
 * For an empty list the engine throws (`interval` undefined).
 */
export function intervalForFailure<T>(intervals: readonly T[], retriesBeforeFailure: number): { index: number; interval: T | undefined } {
  const n = intervals.length;
  const index = Math.max(0, Math.min(n - 1, n - (retriesBeforeFailure - 1)));
  return { index, interval: intervals[index] };
}

/** `JobEntity.setRetries`: negative values become 0. */
const setRetries = (r: number) => Math.max(0, r);

/**
 * `RETRIES_` of a new job for this configuration (`JobDeclaration`): 7.24 → the configured count
 * (0 → 1; none, ignored or standard-strategy cycles → `defaultRetries`); legacy → always
 * `defaultRetries` (the configured count applies at the first failure). For an unevaluated
 * expression 7.24 depends on its value at creation: `undefined`.
 */
export function initialRetries(cycle: RetryCycle, profile: EngineProfile, defaultRetries = DEFAULT_RETRIES): number | undefined {
  if (profile === 'legacy') return defaultRetries;
  switch (cycle.kind) {
    case 'list': return cycle.retries === 0 ? 1 : setRetries(cycle.retries);
    case 'expression': return undefined;
    default: return defaultRetries;
  }
}

/** One failed execution in a {@link RetrySchedule}. */
export interface RetryScheduleRow {
  /** 1-based execution number. */
  execution: number;
  /** `RETRIES_` when this execution failed. */
  retriesBefore: number;
  /** `RETRIES_` after the first-failure initialisation (what the index formula sees). */
  retriesUsed: number;
  /** custom: retry cycle applied; standard: no cycle; fallback: cycle threw, standard applied. */
  strategy: 'custom' | 'standard' | 'fallback';
  /** The interval the failure picked (custom and fallback). */
  interval?: { index: number; text: string; ms: number | null | undefined };
  /** Why the engine fell back. */
  error?: string;
  retriesAfter: number;
  /** `incident` when `RETRIES_` reached 0: the job is never acquired again. */
  outcome: 'retry' | 'incident';
}

export interface RetrySchedule {
  /** `custom`: the cycle applies; `standard`: default strategy; `unknown`: expression, known only at run time. */
  strategy: 'custom' | 'standard' | 'unknown';
  /** `RETRIES_` at job creation. */
  initialRetries: number | undefined;
  /** Executions until the incident (assuming every execution fails and nobody changes retries). */
  totalExecutions: number | undefined;
  rows: RetryScheduleRow[];
  /** More executions than `maxRows`; only the first rows are listed. */
  truncated: boolean;
}

/**
 * Every execution of a job that always fails, for hover tables and `explain`: execution #,
 * retries before, interval used after that failure, retries after, and the incident at the end.
 * Assumes the custom strategy applies (async continuation or timer job; see `jobs.ts`).
 */
export function retrySchedule(
  cycle: RetryCycle, profile: EngineProfile,
  opts: { defaultRetries?: number; maxRows?: number } = {},
): RetrySchedule {
  const defaultRetries = opts.defaultRetries ?? DEFAULT_RETRIES;
  const maxRows = opts.maxRows ?? 12;
  const initial = initialRetries(cycle, profile, defaultRetries);
  if (cycle.kind === 'expression' || cycle.kind === 'malformed-expression') {
    return { strategy: 'unknown', initialRetries: initial, totalExecutions: undefined, rows: [], truncated: false };
  }
  const rows: RetryScheduleRow[] = [];
  let retries = initial ?? defaultRetries;
  if (cycle.kind !== 'list') {
    const total = Math.max(1, retries);
    for (let e = 1; e <= Math.min(total, maxRows); e++) {
      const after = setRetries(retries - 1);
      rows.push({ execution: e, retriesBefore: retries, retriesUsed: retries, strategy: 'standard', retriesAfter: after, outcome: after === 0 ? 'incident' : 'retry' });
      retries = after;
    }
    return { strategy: 'standard', initialRetries: initial, totalExecutions: total, rows, truncated: total > maxRows };
  }
  const configured = setRetries(cycle.retries);
  const total = Math.max(1, configured);
  for (let e = 1; e <= Math.min(total, maxRows); e++) {
    const before = retries;
    const used = e === 1 ? configured : retries;
    const { index, interval: iv } = intervalForFailure(cycle.intervals, used);
    const after = setRetries(used - 1);
    const row: RetryScheduleRow = {
      execution: e, retriesBefore: before, retriesUsed: used, strategy: 'custom', retriesAfter: after,
      outcome: after === 0 ? 'incident' : 'retry',
    };
    if (!iv) {
      row.strategy = 'fallback';
      row.error = 'The interval list is empty.';
    } else {
      row.interval = { index, text: iv.text, ms: iv.ms };
      if (iv.error) { row.strategy = 'fallback'; row.error = iv.reason ?? iv.error; }
    }
    rows.push(row);
    retries = after;
  }
  return { strategy: 'custom', initialRetries: initial, totalExecutions: total, rows, truncated: total > maxRows };
}

/** Human text for a length of time: "1.5 s", "5 min", "1 h 30 min", "2 d 3 h". */
export function formatDurationMs(ms: number): string {
  if (ms < 0) return `-${formatDurationMs(-ms)}`;
  if (ms === 0) return '0 s';
  if (ms < 1000) return `${ms} ms`;
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min']];
  const parts: string[] = [];
  let rest = ms;
  for (const [size, name] of units) {
    const q = Math.floor(rest / size);
    if (q > 0) { parts.push(`${q} ${name}`); rest -= q * size; }
  }
  if (rest > 0) {
    const s = rest / 1000;
    parts.push(`${Number.isInteger(s) ? s : Number(s.toFixed(3))} s`);
  }
  return parts.join(' ');
}
