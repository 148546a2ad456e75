/**
 * Which jobs the engine creates for a flow node, with the engine's handler type, exclusivity,
 * priority owner and the retry configuration that applies (job-executor.md §4-6,
 * camunda-reference.md §2.3, §4.1, §5.2). One implementation for the validator, the hovers,
 * `explain` and the simulator.
 */
import type { AttrRef, BpmnModel, FlowNode, RetryCycleRef } from './model';

export type JobKind = 'async-before' | 'async-after' | 'timer' | 'async-signal-throw';
export type HandlerType =
  | 'async-continuation'
  | 'timer-start-event'
  | 'timer-start-event-subprocess'
  | 'timer-intermediate-transition'
  | 'timer-transition'
  | 'event';
/** Which activity the job belongs to when the node is multi-instance. */
export type JobScope = 'activity' | 'multi-instance-body' | 'multi-instance-inner';

/** Handler types for which DefaultJobRetryCmd may use the custom (retry-cycle) strategy. */
export const CUSTOM_RETRY_HANDLER_TYPES: ReadonlySet<HandlerType> = new Set<HandlerType>([
  'timer-transition', 'timer-intermediate-transition', 'timer-start-event', 'timer-start-event-subprocess', 'async-continuation',
]);

export interface JobDeclaration {
  node: FlowNode;
  /** The engine's activity id: the node id, or `<id>#multiInstanceBody` for the MI body. */
  activityId: string;
  kind: JobKind;
  handlerType: HandlerType;
  /** `ACT_RU_JOB.TYPE_`. */
  jobType: 'message' | 'timer';
  scope: JobScope;
  /** Only the exact text `true` is true; absent means true. */
  exclusive: boolean;
  /** The attribute that decided exclusivity (absent = default true). */
  exclusiveAttr: AttrRef | undefined;
  /**
   * The `camunda:jobPriority` at the activity level for this job. Undefined when the element has
   * none, and always for the multi-instance body (it has no priority of its own: falls to the process).
   */
  activityPriority: AttrRef | undefined;
  /** True for the MI body, whose priority cannot come from the activity level. */
  noActivityPriorityLevel: boolean;
  /** The retry configuration the parse listener attaches to this job's activity, if any. */
  retryCycle: RetryCycleRef | undefined;
  /** Whether the custom strategy can use that configuration for this job's handler type. */
  retryCycleUsable: boolean;
  /** Timer definition for timer jobs. */
  timer?: { kind: 'timeDuration' | 'timeCycle' | 'timeDate'; text: string } | undefined;
  /** False for timer start events of a process: such jobs have no process instance. */
  hasProcessInstance: boolean;
  /** A stable job-definition key: activity id + handler type (+ kind for async continuations). */
  jobDefinitionKey: string;
}

/** The engine's `"true".equals(...)` test. */
export const isTrue = (a: AttrRef | undefined): boolean => a?.value === 'true';

export function isAsyncBefore(attrs: FlowNode['attrs']): boolean { return isTrue(attrs.async) || isTrue(attrs.asyncBefore); }
export function isAsyncAfter(attrs: FlowNode['attrs']): boolean { return isTrue(attrs.asyncAfter); }
/** Exclusive unless the attribute is present and not exactly `true`. */
export function isExclusive(a: AttrRef | undefined): boolean { return a === undefined ? true : a.value === 'true'; }

const TIMER_HANDLER: Record<string, HandlerType> = {
  intermediateCatchEvent: 'timer-intermediate-transition',
  boundaryEvent: 'timer-transition',
};

/**
 * Whether DefaultFailedJobParseListener reads the retry element of this node (for its own,
 * non-multi-instance activity). Manual tasks are never handled; intermediate throw events always;
 * timer events whether async or not; the rest only when async.
 */
export function retryConfigRead(node: FlowNode, asyncHere: boolean): boolean {
  const hasTimer = node.eventDefinitions.some(d => d.type === 'timer');
  switch (node.type) {
    case 'manualTask': return false;
    case 'intermediateThrowEvent': return true;
    case 'startEvent': case 'boundaryEvent': case 'intermediateCatchEvent': return hasTimer || asyncHere;
    case 'adHocSubProcess': case 'complexGateway': return false;
    default: return asyncHere;
  }
}

function asyncJobs(node: FlowNode, attrs: FlowNode['attrs'], scope: JobScope, retry: RetryCycleRef | undefined): JobDeclaration[] {
  const out: JobDeclaration[] = [];
  const activityId = scope === 'multi-instance-body' ? `${node.id}#multiInstanceBody` : node.id;
  const base = {
    node, activityId, handlerType: 'async-continuation' as const, jobType: 'message' as const, scope,
    exclusive: isExclusive(attrs.exclusive), exclusiveAttr: attrs.exclusive,
    activityPriority: scope === 'multi-instance-body' ? undefined : node.attrs.jobPriority,
    noActivityPriorityLevel: scope === 'multi-instance-body',
    retryCycle: retry, retryCycleUsable: retry !== undefined, hasProcessInstance: true,
  };
  if (isAsyncBefore(attrs)) out.push({ ...base, kind: 'async-before', jobDefinitionKey: `${activityId}:async-before` });
  if (isAsyncAfter(attrs)) out.push({ ...base, kind: 'async-after', jobDefinitionKey: `${activityId}:async-after` });
  return out;
}

/** The jobs the engine creates for one flow node. */
export function jobDeclarations(node: FlowNode): JobDeclaration[] {
  const out: JobDeclaration[] = [];
  const mi = node.multiInstance;
  if (mi) {
    // The activity's async flags and retry element configure the MI body; the loop
    // characteristics' ones configure the inner activity (DefaultFailedJobParseListener L161-179).
    const bodyAsync = isAsyncBefore(node.attrs) || isAsyncAfter(node.attrs);
    const innerAsync = isAsyncBefore(mi.attrs) || isAsyncAfter(mi.attrs);
    out.push(...asyncJobs(node, node.attrs, 'multi-instance-body', bodyAsync && node.type !== 'manualTask' ? node.retryCycle : undefined));
    out.push(...asyncJobs(node, mi.attrs, 'multi-instance-inner', innerAsync && node.type !== 'manualTask' ? mi.retryCycle : undefined));
  } else {
    const asyncHere = isAsyncBefore(node.attrs) || isAsyncAfter(node.attrs);
    const retry = retryConfigRead(node, asyncHere) ? node.retryCycle : undefined;
    out.push(...asyncJobs(node, node.attrs, 'activity', retry));
  }
  const retryForEvent = retryConfigRead(node, false) || isAsyncBefore(node.attrs) || isAsyncAfter(node.attrs) ? node.retryCycle : undefined;
  for (const def of node.eventDefinitions) {
    if (def.type === 'timer') {
      let handlerType: HandlerType | undefined = TIMER_HANDLER[node.type];
      let hasProcessInstance = true;
      if (node.type === 'startEvent') {
        const inEventSubprocess = node.parent?.type === 'subProcess' && node.parent.triggeredByEvent;
        if (inEventSubprocess) handlerType = 'timer-start-event-subprocess';
        else if (!node.parent) { handlerType = 'timer-start-event'; hasProcessInstance = false; }
      }
      if (!handlerType) continue;
      out.push({
        node, activityId: node.id, kind: 'timer', handlerType, jobType: 'timer', scope: 'activity',
        exclusive: isExclusive(def.exclusive), exclusiveAttr: def.exclusive,
        activityPriority: node.attrs.jobPriority, noActivityPriorityLevel: false,
        retryCycle: retryForEvent, retryCycleUsable: retryForEvent !== undefined,
        timer: def.timer && { kind: def.timer.kind, text: def.timer.text },
        hasProcessInstance, jobDefinitionKey: `${node.id}:${handlerType}`,
      });
    }
    if (def.type === 'signal' && isTrue(def.async) && (node.type === 'intermediateThrowEvent' || node.type === 'endEvent')) {
      // Asynchronous signal throw: one `event` job per catching subscription; its priority comes from
      // the catching activity, and the custom retry strategy never applies to handler type `event`.
      out.push({
        node, activityId: node.id, kind: 'async-signal-throw', handlerType: 'event', jobType: 'message', scope: 'activity',
        exclusive: true, exclusiveAttr: undefined, activityPriority: undefined, noActivityPriorityLevel: true,
        retryCycle: node.retryCycle, retryCycleUsable: false, hasProcessInstance: true,
        jobDefinitionKey: `${node.id}:event`,
      });
    }
  }
  return out;
}

/** All job declarations of a model, in document order. */
export function allJobDeclarations(model: BpmnModel): JobDeclaration[] {
  return model.processes.flatMap(p => p.flowNodes.flatMap(jobDeclarations));
}
