/**
 * The job-priority precedence chain (DefaultJobPriorityProvider / DefaultPriorityProvider,
 * camunda-reference.md §4): job-definition override › `camunda:jobPriority` of the element that
 * owns the job › `camunda:jobPriority` of the process › 0. The first level that has a value
 * decides. An expression is evaluated at job creation; when it cannot be resolved the engine uses
 * 0 AT THAT LEVEL (graceful degradation), it does not fall through. Used by the hovers, `explain`
 * and the simulator (which passes the runtime override and an expression evaluator).
 */
import { chainNotes } from './catalogue';
import type { JobDeclaration } from './jobs';
import type { AttrRef, FlowNode } from './model';
import { DEFAULT_PRIORITY, DEFAULT_PRIORITY_ON_RESOLUTION_FAILURE, evaluatePriorityResult, parseJobPriority } from './priority';

export type PrioritySource = 'override' | 'activity' | 'process' | 'default';

export interface ChainLevel {
  level: PrioritySource;
  /** True when this level has something (a value, an expression, an invalid constant). */
  present: boolean;
  /** The value at this level, when known. */
  value?: number;
  /** The expression text, for expression levels. */
  expression?: string;
  /** Why the level is empty, unknown or special. */
  note?: string;
  /** The attribute behind an activity/process level. */
  attr?: AttrRef;
}

export interface PriorityResolution {
  /** The job's PRIORITY_; null when it depends on an expression not evaluated here, or cannot be computed. */
  value: number | null;
  source: PrioritySource;
  /** The deciding expression, when the deciding level is one. */
  expression?: string;
  /** All four levels, highest first. */
  chain: ChainLevel[];
  /** Present levels below the deciding one (they lose), plus `default` unless it decided. */
  overridden: PrioritySource[];
  /**
   * The engine's error when an expression yields a value of the wrong type ("Priority value is not
   * an Integer", "… must be either Short, Integer, or Long"): job creation fails.
   */
  error?: string;
  /** True when the deciding level is a constant that fails the deployment. */
  invalid?: boolean;
}

export interface PrecedenceOptions {
  /** The job definition's overriding priority (runtime only); undefined/null = none. */
  override?: number | null;
  /**
   * Evaluates a priority expression at job creation. Return the value (a number, bigint or a
   * `JavaValue`); throw to model "cannot be resolved" (the engine then uses 0 at that level).
   * Without an evaluator expression levels stay unevaluated (value null).
   */
  evaluate?: (expression: string, level: 'activity' | 'process') => unknown;
  /** The engine's `producePrioritizedJobs` (default true); false makes every job 0. */
  producePrioritizedJobs?: boolean;
}

/** What the chain is computed from: the owner's attribute (if it has a level) and the process's. */
export interface PriorityInput {
  activityPriority: AttrRef | undefined;
  /** The activity level does not exist (MI body) or is not knowable statically (signal throw). */
  activityLevelNote?: string | undefined;
  processPriority: AttrRef | undefined;
  /** An enclosing sub-process with its own priority (not inherited: noted for the reader). */
  enclosingPrioritySubprocess?: FlowNode | undefined;
}

export function priorityInput(decl: JobDeclaration): PriorityInput {
  let note: string | undefined;
  if (decl.kind === 'async-signal-throw') note = chainNotes.signalThrow;
  else if (decl.noActivityPriorityLevel) note = chainNotes.miBody;
  let sp: FlowNode | undefined;
  for (let p = decl.node.parent; p; p = p.parent) if (p.attrs.jobPriority) { sp = p; break; }
  return {
    activityPriority: decl.noActivityPriorityLevel ? undefined : decl.activityPriority,
    activityLevelNote: note,
    processPriority: decl.node.process.jobPriority,
    enclosingPrioritySubprocess: sp,
  };
}

/** The priority chain of one job declaration. */
export function resolvePriority(decl: JobDeclaration, opts: PrecedenceOptions = {}): PriorityResolution {
  return resolvePriorityInput(priorityInput(decl), opts);
}

type LevelOutcome = { level: ChainLevel; decided: boolean; value: number | null; error?: string; invalid?: boolean };

function attrLevel(level: 'activity' | 'process', a: AttrRef | undefined, opts: PrecedenceOptions): LevelOutcome {
  if (!a) return { level: { level, present: false, note: chainNotes.absent }, decided: false, value: null };
  const v = parseJobPriority(a.value);
  if (v.kind === 'constant') return { level: { level, present: true, value: v.value, attr: a }, decided: true, value: v.value };
  if (v.kind === 'invalid') {
    return { level: { level, present: true, note: chainNotes.invalid, attr: a }, decided: true, value: null, invalid: true };
  }
  const base: ChainLevel = { level, present: true, expression: a.value, attr: a };
  if (!opts.evaluate) return { level: { ...base, note: chainNotes.expressionUnevaluated }, decided: true, value: null };
  let raw: unknown;
  try {
    raw = opts.evaluate(a.value, level);
  } catch {
    return { level: { ...base, value: DEFAULT_PRIORITY_ON_RESOLUTION_FAILURE, note: chainNotes.expressionFailed }, decided: true, value: DEFAULT_PRIORITY_ON_RESOLUTION_FAILURE };
  }
  const r = evaluatePriorityResult(raw);
  if (!r.ok) return { level: { ...base, note: r.error }, decided: true, value: null, error: r.error };
  return { level: { ...base, value: r.priority }, decided: true, value: r.priority };
}

/** The chain from explicit inputs (the process hover uses it for jobs that fall through). */
export function resolvePriorityInput(input: PriorityInput, opts: PrecedenceOptions = {}): PriorityResolution {
  const override = opts.override;
  const levels: LevelOutcome[] = [];
  levels.push(override !== undefined && override !== null
    ? { level: { level: 'override', present: true, value: override, note: chainNotes.overrideSet }, decided: true, value: override }
    : { level: { level: 'override', present: false, note: chainNotes.overrideUnknown }, decided: false, value: null });
  if (input.activityLevelNote) {
    levels.push({ level: { level: 'activity', present: false, note: input.activityLevelNote }, decided: false, value: null });
  } else {
    const a = attrLevel('activity', input.activityPriority, opts);
    if (!a.level.present && input.enclosingPrioritySubprocess) a.level.note = chainNotes.subprocessIgnored(input.enclosingPrioritySubprocess.id);
    levels.push(a);
  }
  levels.push(attrLevel('process', input.processPriority, opts));
  levels.push({ level: { level: 'default', present: true, value: DEFAULT_PRIORITY, note: chainNotes.defaultZero }, decided: true, value: DEFAULT_PRIORITY });

  const chain = levels.map(l => l.level);
  if (opts.producePrioritizedJobs === false) {
    return { value: 0, source: 'default', chain, overridden: chain.filter(l => l.present && l.level !== 'default').map(l => l.level) };
  }
  const idx = levels.findIndex(l => l.decided);
  const win = levels[idx];
  const res: PriorityResolution = {
    value: win.value, source: win.level.level, chain,
    overridden: levels.slice(idx + 1).filter(l => l.level.present).map(l => l.level.level),
  };
  if (win.level.expression !== undefined) res.expression = win.level.expression;
  if (win.error) res.error = win.error;
  if (win.invalid) res.invalid = true;
  return res;
}

/** "5 (activity)", "${p} (process, evaluated at job creation)", … as a short text. */
export function describePriority(r: PriorityResolution): string {
  if (r.value !== null) return `${r.value} (${r.source})`;
  if (r.expression !== undefined) return `${r.expression} (${r.source}, evaluated at job creation)`;
  if (r.invalid) return `invalid (${r.source})`;
  return `unknown (${r.source})`;
}
