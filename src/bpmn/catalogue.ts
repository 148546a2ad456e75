/**
 * Every user-facing text of the validator, the hovers, `explain` and the quick fixes. Rule
 * messages and hover sections are built from the same `facts`, so a diagnostic and the hover on
 * the same attribute always say the same thing. Engine class names are cited; the wording is ours.
 */
import type { RuleId } from './types';

/** One-sentence facts about the engine, shared by diagnostics and hovers. */
export const facts = {
  intRange:
    'A constant priority must be a Java int (-2147483648 to 2147483647): BpmnParse reads it with Integer.parseInt, untrimmed, ' +
    'even though the PRIORITY_ column is a long. Only expressions and the API reach the long range.',
  deploymentError: (v: string) => `Value '${v}' for attribute 'jobPriority' is not a valid number`,
  parsedEverywhere: 'The attribute is parsed on every flow node, so an invalid constant fails the deployment even where it has no effect.',
  expressionAtCreation:
    'An expression is evaluated once, when the job is created; if it cannot be resolved the engine uses 0 at that level ' +
    '(it does not fall through to the process level).',
  subprocessNotInherited:
    'A sub-process priority does not reach the activities inside it: DefaultJobPriorityProvider looks only at the job\'s own activity, then at the process.',
  miBodyNoPriority:
    'The multi-instance body has no priority of its own (its jobs fall to the process level); the activity\'s priority applies only to the jobs of the inner instances.',
  signalThrowPriority:
    'An asynchronous signal throw creates one job per catching subscription; that job takes its priority from the catching activity, not from the throwing event.',
  acquireByPriority: (on: boolean) =>
    on
      ? 'jobExecutorAcquireByPriority is on (your setting): acquisition orders due jobs by PRIORITY_ descending.'
      : 'jobExecutorAcquireByPriority is off (the engine default and your setting): priorities are stored but do not order acquisition; the database returns due jobs in no defined order.',
  noStarvationProtection: 'There is no protection against starvation: as long as higher-priority jobs keep arriving, lower ones wait.',
  priorityFixed: 'A priority is computed once, at job creation, and never changes afterwards except through the API.',
  overrideRuntime:
    'A job-definition override (ManagementService.setOverridingJobPriorityForJobDefinition) wins over everything, even 0; it exists only at runtime and cannot be seen in the BPMN file.',
  retryNotValidated:
    'The engine does not check this at deployment: ParseUtil only logs a single unparsable value (ENGINE-09029) and falls back to the standard 3 executions, ' +
    'and it does not validate multi-element lists at all (a bad element fails only at the failure that uses it). The mistake stays invisible until a job fails in production.',
  retryDefault: 'Without a usable retry cycle a job is executed 3 times in total, with no delay between attempts (the standard strategy).',
  oleNoRetry:
    'A failure caused by an OptimisticLockingException does not consume a retry (JobRetryCmd skips the decrement); the job is still unlocked and, with a retry cycle, rescheduled.',
  incidentAtEnd: 'When the retries reach 0 the engine creates a failedJob incident and never acquires the job again until someone raises its retries.',
  profile: (profile: '7.24' | 'legacy') =>
    profile === '7.24'
      ? 'Engine profile 7.24: a new job already gets the configured number of retries at creation (a configured 0 becomes 1).'
      : 'Engine profile legacy (7.13 to 7.23, or legacyJobRetryBehaviorEnabled): a new job gets 3 retries; the configured count replaces it at the first failure.',
  profileOther: (profile: '7.24' | 'legacy') =>
    profile === '7.24'
      ? 'Under the legacy profile (up to 7.23) the job would start with 3 retries and switch to the configured count at its first failure.'
      : 'From 7.24 on the job gets the configured count already at creation.',
  trueEquals:
    'The engine tests "true".equals(value): only the exact text true is true. TRUE, True, \' true\', yes and 1 all count as false.',
  exclusiveDefault: 'Jobs are exclusive by default; camunda:exclusive="false" (or any text other than exactly true) opts out.',
  exclusiveGuarantee:
    'Exclusive means: acquisition does not hand out an exclusive job while another exclusive job of the same process instance is locked, and exclusive jobs of one instance acquired together run one after another on one thread.',
  exclusiveLimits:
    'It is a heuristic over what one acquisition sees, not a lock: a non-exclusive job of the same instance, a job created later, or one already running on another node can still run at the same time.',
  parallelJoinClash:
    'When two concurrent transactions of one process instance arrive at a parallel or inclusive join, both update the instance\'s execution rows; the later commit fails with an OptimisticLockingException. ' +
    'Its transaction is rolled back (side effects outside the database, such as HTTP calls or mails, already happened and run again) and the job is retried without losing a retry.',
  asyncBefore: 'asyncBefore: the transaction commits before the element starts; a job (handler async-continuation) continues from there, so the element\'s work runs in the job\'s own transaction.',
  asyncAfter: 'asyncAfter: the element completes in the current transaction, which then commits; a job continues with the outgoing sequence flows.',
  asyncRollback: 'If the job fails, its transaction rolls back to the last commit (this boundary), and the job is retried according to its retry cycle.',
  legacyAsync: 'the engine (BpmnParse) still reads it as asyncBefore, but current modelers and the Camunda documentation only know asyncBefore.',
  retryReadWhere:
    'DefaultFailedJobParseListener reads the retry element only where a job can exist: asynchronous activities, gateways and end events; timer start, boundary and intermediate catch events; intermediate throw events.',
  externalTaskRetries: 'The retries of an external task are set by the worker (handleFailure with retries and retryTimeout), not by a retry cycle.',
  signalThrowStandard: 'Its jobs have handler type event, which always uses the standard strategy (DefaultJobRetryCmd applies the cycle only to async continuations and timers).',
  emptyRetry: 'An empty retry cycle falls back to the engine-wide failedJobRetryTimeCycle setting (none by default, which means 3 executions).',
} as const;

/** Quick-fix titles. */
export const fixTitles = {
  trimPriority: (v: string) => `Trim the priority to '${v}'`,
  clampPriority: (v: string) => `Clamp the priority to ${v}`,
  integerPriority: (v: string) => `Use the integer priority '${v}'`,
  removePriority: 'Remove camunda:jobPriority (it has no effect here)',
  makeAsync: (id: string) => `Make ${id} asynchronous (asyncBefore)`,
  makeInnerAsync: (id: string) => `Make the inner instances of ${id} asynchronous (asyncBefore on multiInstanceLoopCharacteristics)`,
  movePriorityToActivity: (id: string) => `Move camunda:jobPriority to ${id}`,
  copyPriorityToChildren: (ids: string[]) => `Give ${ids.join(', ')} the sub-process priority`,
  makeAsyncForRetry: (id: string) => `Make ${id} asynchronous (asyncBefore) so its retry cycle takes effect`,
  makeInnerAsyncForRetry: (id: string) => `Make the inner instances of ${id} asynchronous so their retry cycle takes effect`,
  removeRetry: 'Remove the retry cycle (it has no effect here)',
  replaceRetryElement: (from: string, to: string) => `Replace '${from}' with '${to}'`,
  removeEmptyRetry: 'Remove the empty retry cycle',
  makeExclusive: (id: string) => `Make ${id} exclusive`,
  makeJoinAsync: (id: string) => `Make the join ${id} asynchronous (asyncBefore)`,
  setBoolean: (qname: string, v: 'true' | 'false') => `Set ${qname} to '${v}'`,
  replaceAsync: (prefix: string) => `Replace ${prefix}async with ${prefix}asyncBefore`,
  removeAsync: (prefix: string) => `Remove ${prefix}async (${prefix}asyncBefore is already set)`,
} as const;

/** Short descriptions per rule (docs pages, SARIF rule metadata, the rules index). */
export const ruleSummaries: Record<RuleId, string> = {
  'xml-malformed': 'The file is not well-formed XML; the engine would reject it at deployment.',
  'job-priority-invalid': 'A constant camunda:jobPriority that Java Integer.parseInt rejects, which fails the deployment.',
  'job-priority-malformed-expression': 'A camunda:jobPriority expression that cannot be parsed or can never yield a priority.',
  'job-priority-no-job': 'A camunda:jobPriority on an element that creates no job, so the priority has no effect.',
  'job-priority-subprocess-not-inherited': 'A sub-process priority that does not reach the job-creating activities inside it.',
  'retry-cycle-invalid': 'An element of failedJobRetryTimeCycle that the engine cannot parse (it only finds out in production).',
  'retry-cycle-ignored': 'A failedJobRetryTimeCycle that the engine never uses where it is written.',
  'exclusive-false-parallel-join': 'Non-exclusive asynchronous branches that meet at a synchronous join and clash there with an OptimisticLockingException.',
  'async-value-not-boolean': 'An asyncBefore/asyncAfter/async/exclusive value that is not exactly true or false.',
  'legacy-async': 'The deprecated camunda:async attribute; use camunda:asyncBefore.',
};

/** Diagnostic messages, one group per rule. */
export const messages = {
  xmlMalformed: (first: string) =>
    `The XML is not well-formed: ${first} Fix this first; the engine rejects the file, and the checks below only cover what could still be read.`,

  priorityInvalid: (raw: string, reason: string, action: string) =>
    `${facts.deploymentError(raw)}: the deployment fails (ENGINE-09005). ${reason} ${action}`,
  priorityMalformedExpression: (raw: string, reason: string, action: string) =>
    `The jobPriority expression '${raw}' is malformed: ${reason} ${action}`,

  priorityNoJobPlain: (id: string) =>
    `'${id}' creates no job (it is not asynchronous and has no timer), so camunda:jobPriority has no effect here. ` +
    `Make it asynchronous if it should run as a prioritised job, or remove the attribute. ${facts.parsedEverywhere}`,
  priorityNoJobManual: (id: string) =>
    `'${id}' creates no job, so camunda:jobPriority has no effect here. ${facts.parsedEverywhere}`,
  priorityNoJobSignalThrow: (id: string) =>
    `camunda:jobPriority on the signal-throwing '${id}' has no effect: ${facts.signalThrowPriority} Put the priority on the catching events instead.`,
  priorityNoJobMiBody: (id: string, fallsTo: string) =>
    `Only the multi-instance body of '${id}' is asynchronous, and ${facts.miBodyNoPriority.charAt(0).toLowerCase()}${facts.miBodyNoPriority.slice(1)} ` +
    `Here the body's job gets ${fallsTo}, so this camunda:jobPriority has no effect. Make the inner instances asynchronous (on multiInstanceLoopCharacteristics) or remove it.`,
  priorityOnLoopCharacteristics: (id: string) =>
    `camunda:jobPriority on multiInstanceLoopCharacteristics is not read by the engine (BpmnParse accepts it on processes and flow nodes only). ` +
    `Put it on '${id}' itself: there it applies to the jobs of the inner instances.`,

  subprocessNotInherited: (id: string, value: string, ownJob: boolean, children: { id: string; gets: string }[]) =>
    `${ownJob ? `The priority ${value} of '${id}' applies to its own job only. ` : `'${id}' creates no job itself, and its priority ${value} does not reach the activities inside it. `}` +
    `${facts.subprocessNotInherited} Affected: ${children.map(c => `'${c.id}' gets ${c.gets}`).join(', ')}. ` +
    `Give those activities their own camunda:jobPriority (or set it on the process).`,

  retryEmpty: () => `${facts.emptyRetry} Write a cycle such as R3/PT5M or remove the element.`,
  retrySingleIgnored: (element: string, reason: string, log: string) =>
    `The retry cycle '${element}' is not valid: ${reason} The engine deploys it anyway, only logs ${log}, and uses the standard strategy (3 executions, no delay). ` +
    'The mistake stays invisible until a job fails in production.',
  retryListElement: (element: string, reason: string, index: number, count: number) =>
    `Element ${index + 1} of ${count} of the retry cycle, '${element}', is not valid: ${reason} ` +
    `The engine does not validate lists at deployment: the failure that picks this element throws, and the job falls back to the standard strategy (retried at once, no delay). ` +
    'The mistake stays invisible until a job fails in production.',
  retryMalformedExpression: (expr: string, reason: string, engineError: string) =>
    `The retry cycle expression '${expr}' is malformed: ${reason} The deployment fails (${engineError}).`,
  retryNote: (element: string, note: string) => `Retry cycle element '${element}': ${note}`,

  retryIgnoredNotAsync: (id: string, type: string) =>
    `The retry cycle of '${id}' is ignored: a non-asynchronous ${type} creates no job here. ${facts.retryReadWhere} Make it asynchronous (asyncBefore) or remove the cycle.`,
  retryIgnoredThrowNoJob: (id: string) =>
    `The retry cycle of '${id}' is read but never used: this intermediate throw event creates no job. Make it asynchronous or remove the cycle.`,
  retryIgnoredManual: (id: string) =>
    `The retry cycle of the manual task '${id}' is never read: DefaultFailedJobParseListener does not handle manual tasks. Remove the cycle.`,
  retryIgnoredExternal: (id: string) =>
    `The retry cycle of the external task '${id}' is ignored: it is not asynchronous, so no job exists. ${facts.externalTaskRetries}`,
  retryIgnoredSignalThrow: (id: string) =>
    `The retry cycle of the asynchronous signal throw '${id}' is ignored. ${facts.signalThrowStandard}`,
  retryIgnoredMiInner: (id: string) =>
    `The retry cycle under multiInstanceLoopCharacteristics of '${id}' configures the inner instances, which are not asynchronous: it is ignored. Make the inner instances asynchronous or remove the cycle.`,
  retryIgnoredMiBody: (id: string) =>
    `The retry cycle of '${id}' configures its multi-instance body, which is not asynchronous: it is ignored. ` +
    `(The cycle for the inner instances belongs under multiInstanceLoopCharacteristics.) Make '${id}' asynchronous or remove the cycle.`,
  retryIgnoredUnsupported: (id: string, type: string) =>
    `The retry cycle of the ${type} '${id}' is ignored: the engine creates no job for this element type.`,
  retryIgnoredAttribute: (qname: string) =>
    `${qname} written as an attribute is not read at all: the engine reads the retry cycle only from an extensionElements child <camunda:failedJobRetryTimeCycle>. Move it there or remove it.`,

  exclusiveParallelJoin: (id: string, joinId: string, others: string[]) =>
    `'${id}' runs as a non-exclusive job on a parallel branch that meets ${others.length ? `the jobs of ${others.map(o => `'${o}'`).join(', ')} ` : 'other asynchronous branches '}` +
    `at the synchronous join '${joinId}'. ${facts.parallelJoinClash} Make '${id}' exclusive (the default) or make the join asynchronous (asyncBefore).`,

  notBoolean: (qname: string, value: string, meant: 'true' | 'false' | undefined, isExclusive: boolean) =>
    `${qname}="${value}" is not exactly true or false. ${facts.trueEquals} ` +
    (isExclusive
      ? `So this job is NOT exclusive${meant === 'true' ? ', the opposite of what this value suggests' : ''}.`
      : `So this is read as false${meant === 'true' ? ': no asynchronous boundary is created' : ''}.`) +
    ` Write ${meant ? `'${meant}'` : "'true' or 'false'"}.`,

  legacyAsync: (qname: string) => `${qname} is deprecated: ${facts.legacyAsync} Replace it with ${qname}Before.`,
};

/** Hover sections (Markdown). */
export const hoverTexts = {
  priorityTitle: (qname: string) => `**${qname}** — job priority`,
  priorityChainHeader: 'Precedence (first level with a value wins):',
  levelNames: { override: 'Job-definition override', activity: 'Activity', process: 'Process', default: 'Default' } as Record<string, string>,
  effective: (value: string, source: string) => `Effective priority: **${value}** (from: ${source})`,
  overridden: (levels: string[]) => `Overridden: ${levels.join(', ')}`,
  noJobs: (id: string) => `'${id}' creates no job, so this priority is not used here.`,
  unusedByJobs: (id: string) => `The jobs of '${id}' do not use this priority. What they get instead:`,
  processFallsThrough: (ids: string[]) =>
    ids.length ? `Jobs that fall through to this process priority: ${ids.join(', ')}.` : 'No job of this process falls through to the process priority (each has its own).',
  retryTitle: (qname: string) => `**${qname}** — failed-job retry cycle`,
  retryExecutions: (n: number, retriesAtCreation: number) => `Executions in total: **${n}** (retries at job creation: ${retriesAtCreation}).`,
  retryTableHeader: '| failure | retries left after | next attempt after |\n|---:|---:|---|',
  retryRow: (i: number, left: number, wait: string) => `| ${i} | ${left} | ${wait} |`,
  retryIncident: 'incident (failedJob)',
  retryExpression: 'This is an expression: it is evaluated when a job fails (and, under 7.24, when the job is created); it must yield a String that is parsed again.',
  retryInvalid: (reason: string) => `**Not valid:** ${reason}`,
  asyncTitle: (qname: string) => `**${qname}** — transaction boundary`,
  exclusiveTitle: (qname: string) => `**${qname}** — exclusive job`,
  exclusiveNow: (exclusive: boolean) => exclusive ? 'This job is **exclusive**.' : 'This job is **not exclusive**.',
  asyncNow: (local: string, on: boolean) => on ? `The ${local} boundary is **on**.` : `The ${local} boundary is **off** (value is not exactly true).`,
  nodeTitle: (type: string, id: string, name?: string) => `**${type}** \`${id}\`${name ? ` — ${name}` : ''}`,
  nodeNoJobs: 'Creates no job: it runs in the transaction of whoever reaches it.',
  nodeJobsHeader: '| job | handler | exclusive | priority | retries |\n|---|---|---|---|---|',
  nodeJobRow: (kind: string, handler: string, exclusive: boolean, priority: string, retries: string) =>
    `| ${kind} | ${handler} | ${exclusive ? 'yes' : 'no'} | ${priority} | ${retries} |`,
  miBodyScope: 'On a multi-instance activity this configures the multi-instance body (one job for the whole loop).',
  miInnerScope: 'On multiInstanceLoopCharacteristics this configures the inner instances (one job per instance).',
  appliesTo: (jobs: string[]) => `Applies to: ${jobs.join('; ')}.`,
  timerExclusive: 'On a timerEventDefinition this decides whether the timer job is exclusive.',
  signalAsync: 'camunda:async on a signalEventDefinition makes the throw asynchronous: one job (handler type event) per catching subscription.',
  legacyAsyncHover: (qname: string) => `${qname} is the deprecated name of asyncBefore: ${facts.legacyAsync}`,
  retryUnused: 'This retry cycle is not used by any job here.',
  retryAttribute: (qname: string) => `**${qname}** as an attribute is not read by the engine.`,
  atOnce: 'at once (no delay)',
  fallbackWait: (reason: string) => `at once: this element is not valid (${reason}), the engine falls back to the standard strategy`,
  dueAtOnce: 'at once (due date null)',
  truncated: (n: number) => `… ${n} executions in total.`,
  rule: (id: RuleId) => `See rule \`${id}\` (docs/rules/${id}.md).`,
};

/** Notes used by the precedence chain and `explain`. */
export const chainNotes = {
  overrideUnknown: 'runtime only (job-definition override); not visible in the file',
  overrideSet: 'set through the API; wins over everything',
  miBody: 'the multi-instance body has no activity-level priority',
  signalThrow: 'taken from the catching activity (not known statically)',
  absent: 'not set',
  expressionUnevaluated: 'expression, evaluated at job creation (0 if it cannot be resolved)',
  expressionFailed: 'expression could not be resolved: the engine uses 0 at this level',
  invalid: 'invalid constant: the deployment fails',
  subprocessIgnored: (id: string) => `the enclosing sub-process '${id}' has a priority, but it is not inherited`,
  defaultZero: 'the engine default',
  retriesStandard: 'standard strategy: no delay between attempts',
  retriesIgnored: 'the retry cycle written here is not used by this job',
  retriesSignal: 'handler type event always uses the standard strategy',
  retriesExpression: 'expression: evaluated at failure time; the schedule depends on its result',
  retriesInvalid: 'the retry cycle is not valid: the engine falls back to the standard strategy',
};
