// The engine rules the token flow needs at job creation, delegated to the pure domain (src/bpmn):
// priority precedence, timer due dates (DurationHelper), initial retries per engine profile.
import type { JobDeclaration } from '../../src/bpmn/jobs';
import type { EngineProfile } from '../../src/bpmn/types';
import { resolvePriority } from '../../src/bpmn/precedence';
import { durationToMillis, parseDurationHelper, parseIsoDateTime } from '../../src/bpmn/duration';
import { isExpression } from '../../src/bpmn/priority';
import { evaluate } from './expr';

export const INT_MAX = 2147483647;

/**
 * PRIORITY_ of a new job: override › activity › process › 0, expressions evaluated against the
 * instance's variables (unresolvable → 0 at that level). `error` is set when an expression yields a
 * value of the wrong type: the engine then fails the job creation (ProcessEngineException).
 */
export function jobPriority(decl: JobDeclaration, override: number | null, vars: Record<string, unknown>, producePrioritizedJobs: boolean): { priority: number; error?: string } {
  const r = resolvePriority(decl, {
    override,
    producePrioritizedJobs,
    evaluate: text => {
      const v = evaluate(text, vars);
      if (!v.ok) throw new Error(v.error);
      return v.value;
    },
  });
  if (r.error) return { priority: 0, error: r.error };
  return { priority: r.value ?? 0 };
}

/** The configured retries of a retry cycle text (ParseUtil.parseRetryIntervals), or null when there is no usable configuration. */
export function configuredRetries(text: string | null | undefined, vars: Record<string, unknown>): number | null {
  if (text === null || text === undefined || text === '') return null;
  let s = text;
  if (isExpression(s)) {
    const v = evaluate(s, vars);
    if (!v.ok || typeof v.value !== 'string') return null;
    s = v.value;
  }
  const parts = s.split(',').map(p => p.trim());
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  if (!parts.length) return null;
  if (parts.length === 1) {
    const h = parseDurationHelper(parts[0], 0);
    if (!h.ok) return null;
    return h.helper.isRepeat ? h.helper.times : 2;
  }
  return parts.length + 1;
}

/**
 * RETRIES_ of a new job (camunda-reference.md §5.6): 7.24 → the configured count (0 → 1), else the
 * default; legacy → always the default (3).
 */
export function initialRetries(profile: EngineProfile, retryCycle: string | null, vars: Record<string, unknown>, defaultRetries: number): number {
  if (profile === 'legacy') return defaultRetries;
  const n = configuredRetries(retryCycle, vars);
  if (n === null) return defaultRetries;
  return n === 0 ? 1 : n;
}

export type TimerDue =
  | { ok: true; dueDate: number; repeat: string | null; remaining: number }
  | { ok: false; error: string };

/**
 * The first DUEDATE_ of a timer (virtual ms), from `timeDuration`/`timeDate`/`timeCycle`. Texts are
 * read by the DurationHelper rules; a `${var}` text is evaluated first. Cron cycles are not simulated.
 */
export function timerDueDate(kind: 'timeDuration' | 'timeDate' | 'timeCycle', rawText: string, nowMs: number, epochMs: number, vars: Record<string, unknown>): TimerDue {
  let text = rawText.trim();
  if (isExpression(text)) {
    const v = evaluate(text, vars);
    if (!v.ok) return { ok: false, error: v.error };
    if (typeof v.value !== 'string') return { ok: false, error: `timer expression '${rawText}' did not yield a string` };
    text = v.value.trim();
  }
  const wall = epochMs + nowMs;
  if (kind === 'timeDate') {
    const d = parseIsoDateTime(text);
    if (!d.ok) return { ok: false, error: `cannot parse date '${text}': ${d.reason}` };
    return { ok: true, dueDate: Math.max(0, d.ms - epochMs), repeat: null, remaining: 0 };
  }
  if (kind === 'timeCycle' && !text.startsWith('R')) {
    if (/^\S+(\s+\S+){4,6}$/.test(text)) return { ok: false, error: `cron cycle '${text}' is not simulated` };
  }
  const r = durationToMillis(text, wall);
  if (!r.ok) return { ok: false, error: `${r.error} ${r.reason}` };
  if (r.ms === null) return { ok: false, error: `timer '${text}' has no due date after now` };
  const repeat = kind === 'timeCycle' && r.helper.isRepeat ? text : null;
  return { ok: true, dueDate: nowMs + Math.max(0, Math.round(r.ms)), repeat, remaining: repeat ? r.helper.times - 1 : 0 };
}
