// Public types of the simulated BPMN process engine (token flow behind the job executor).
// Everything is plain data: the runtime (simulator/simulation.ts) turns `EngineJob`s into
// ACT_RU_JOB rows, runs them on worker threads and reports back through `commit`.
import type { EngineProfile } from '../../src/bpmn/types';
import type { HandlerType, JobKind } from '../../src/bpmn/jobs';
import type { RandomStream } from '../random/prng';

/** How long an activity's behaviour takes, in virtual ms (same shapes as the scenario's DurationSpec). */
export type EngineDuration =
  | number
  | { distribution: 'fixed'; ms: number }
  | { distribution: 'uniform'; min: number; max: number }
  | { distribution: 'exponential'; mean: number };

/**
 * Per activity (or per sequence flow / gateway for branch weights) behaviour, keyed by the BPMN id.
 * The first four fields are the scenario's `ActivitySpec`; the rest are engine-only extensions.
 */
export interface EngineActivitySpec {
  durationMs?: EngineDuration;
  failureProbability?: number;
  error?: string;
  /** Comma-separated class names the behaviour needs; a node without them fails with ClassNotFoundException. */
  requiredClasses?: string;
  /**
   * Branch weight. On a sequence flow: the weight of that flow at its exclusive/inclusive
   * gateway. On a gateway: weights per outgoing flow id. Default: equal weights.
   */
  weights?: number | Record<string, number>;
  /** Multi-instance cardinality when the XML has none (or to override it). */
  loopCardinality?: number;
}

export interface EngineLoad {
  processDefinitionKey: string;
  instances: number;
  /** Arrival spacing; absent → seeded exponential inter-arrival times with mean 1000 ms ('arrivals' stream). */
  intervalMs?: number;
  /** First arrival (default 0). */
  startAtMs?: number;
  /** Mean of the exponential inter-arrival times when intervalMs is absent (default 1000 ms). */
  meanIntervalMs?: number;
  variables?: Record<string, unknown>;
}

export interface EngineOptions {
  profile: EngineProfile;
  /** `producePrioritizedJobs` (default true): false → every job gets priority 0. */
  producePrioritizedJobs?: boolean;
  /** Engine-wide `defaultNumberOfRetries` (3). */
  defaultRetries?: number;
  /** Engine-wide `failedJobRetryTimeCycle` used when an element's retry element is empty (default none). */
  failedJobRetryTimeCycle?: string | null;
  /** Per activity / flow / gateway behaviour. */
  activities?: Record<string, EngineActivitySpec>;
  /** Duration of activities without a `durationMs` (default 0: only async jobs take `defaultJobDurationMs` at the runtime's discretion). */
  defaultActivityDurationMs?: number;
  /** Wall-clock time of virtual t=0 (ms since the Unix epoch), for `timeDate` timers. Default 2025-01-01T00:00:00Z. */
  epochMs?: number;
  /**
   * Operations one transaction may run (token arrivals, completions, forks...) before it fails with
   * a SimulationLimitError: a loop of sequence flows without a wait state never ends (the real
   * engine dies with a StackOverflowError). Default 100,000.
   */
  maxTransactionSteps?: number;
  /** Random streams by purpose ('arrivals', 'durations', 'failures', 'branches'). */
  streams: (name: string) => RandomStream;
}

/** One ACT_RU_JOB row the engine wants inserted (camelCase of the column names). */
export interface EngineJob {
  id: string;
  type: 'message' | 'timer';
  handlerType: HandlerType;
  handlerCfg: string;
  /** Which declaration made it (async-before/async-after/timer/async-signal-throw). */
  kind: JobKind;
  exclusive: boolean;
  executionId: string | null;
  processInstanceId: string | null;
  rootProcessInstanceId: string | null;
  processDefinitionId: string;
  processDefinitionKey: string;
  deploymentId: string;
  jobDefinitionId: string;
  activityId: string;
  priority: number;
  retries: number;
  dueDate: number | null;
  repeat: string | null;
  createTime: number;
  suspensionState: 1 | 2;
  /** The retry cycle the custom strategy may use for this job (null → standard strategy). */
  retryCycle: string | null;
}

/** One ACT_RU_JOBDEF row. */
export interface EngineJobDefinition {
  id: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  activityId: string;
  jobType: string;
  jobConfiguration: string;
  deploymentId: string;
  suspensionState: 1 | 2;
  overridingPriority: number | null;
  /** Our key (activity + handler type + kind), from `jobDeclarations`. */
  key: string;
}

/** One ACT_RU_EXECUTION-like row update that the commit checks optimistically. */
export interface ExecutionUpdate {
  /** Entity id: an execution id, or the process-instance id for the process-instance row. */
  id: string;
  /** REV_ read at the start of the transaction (the UPDATE/DELETE's `WHERE REV_ = ?`). */
  rev: number;
  op: 'update' | 'delete';
}

/** A visible effect of a behaviour outside the transaction (e.g. a service call). */
export interface SideEffect {
  /** `<executionId>/<activityId>/<step>`: the same key twice means the same work was done twice. */
  key: string;
  activityId: string;
  processInstanceId: string;
}

export type EngineErrorType = 'ClassNotFoundException' | 'BpmnError' | 'RuntimeException' | 'OptimisticLockingException' | 'ProcessEngineException';

export interface EngineError { type: EngineErrorType; message: string }

/** What the job's (or API call's) transaction did, not yet committed. */
export interface EngineTransaction {
  /** The executed job (undefined for API transactions: instance start, task completion). */
  jobId?: string;
  /** Virtual ms the behaviour takes until commit (or until the failure). */
  durationMs: number;
  createdJobs: EngineJob[];
  /** Other jobs this transaction deletes (boundary timers of left activities, jobs of cancelled executions). */
  deletedJobs: string[];
  /** Why each of `deletedJobs` goes, e.g. "boundary timer of review: the activity ended" (for the trace). */
  deletedJobReasons?: Record<string, string>;
  executionUpdates: ExecutionUpdate[];
  sideEffects: SideEffect[];
  /** Set when the behaviour threw: the transaction rolls back (side effects already happened). */
  error?: EngineError;
  /** Human summary of what the token did, e.g. "pi3: taskA → join1 (waits 1/2)". */
  summary: string[];
  /** Instance ids started / ended by this transaction. */
  startedInstances: string[];
  endedInstances: string[];
}

export type CommitResult =
  | { ok: true }
  | { ok: false; error: EngineError; conflict: ExecutionUpdate };

/** What the node running a job offers the behaviour. */
export interface ExecutionContext {
  /** Virtual ms when the transaction starts. */
  nowMs: number;
  /** Node id (for messages). */
  node?: string;
  /** Whether the node has the classes of this deployment (the scenario's `nodes[].deployments`; default true). */
  hasDeploymentClasses?: (deploymentId: string) => boolean;
  /** Whether the node has a named class (requiredClasses); default: the deployment check decides. */
  hasClass?: (className: string, deploymentId: string) => boolean;
}

export interface EngineMetrics {
  instancesStarted: number;
  instancesCompleted: number;
  jobsCreated: number;
  jobsCreatedByHandler: Record<string, number>;
  sideEffects: number;
  /** Side effects executed more than once for the same work (rolled-back and retried transactions). */
  duplicateSideEffects: number;
  optimisticLockingFailures: number;
  failedTransactions: number;
}
