// ProcessEngineHooks: the seam between the job executor (this runtime) and process semantics.
// The runtime acquires, locks, runs and commits jobs; what a job DOES when it runs (the token
// flow of a BPMN process: which jobs it creates, which execution row it updates) comes from hooks.
// The default (`literalHooks`) treats every job as a literal row: it runs for the activity's
// duration and succeeds or fails per the scenario's `activities`, creating nothing.
import type { JobRow, JobInput, JobDefinitionInput } from './db/jobTable';
import type { RandomStream, StreamName } from './random/prng';
import type { LoadSpec, Scenario } from './scenario/types';

export interface HookContext {
  /** Virtual ms. */
  now: number;
  node: string;
  thread: string;
  random(stream: StreamName): RandomStream;
  /** A fresh id, unique in the run and deterministic ("<prefix>-<n>"). */
  nextId(prefix: string): string;
  /** Whether `node` has the classes of a deployment (the scenario's `nodes[].deployments`; true without a node). */
  hasDeploymentClasses(deploymentId: string): boolean;
}

/** A job to create: engine column names; ID_ is assigned by the runtime when missing. */
export type NewJob = Partial<JobInput>;

/** What a transaction writes to ACT_RU_JOB besides the executed job: rows inserted and rows deleted. */
export interface JobChanges {
  /** Jobs created in the transaction (inserted at commit; dropped on rollback). */
  createJobs?: NewJob[];
  /**
   * Other jobs the transaction deletes (boundary timers of a finished activity, jobs of cancelled
   * executions), by ID_: `DELETE FROM ACT_RU_JOB WHERE ID_ = ? AND REV_ = ?` with the REV_ the
   * transaction reads; ids no longer in the table are skipped.
   */
  deleteJobs?: string[];
  /** Why each of `deleteJobs` goes (for the trace's jobDeleted events); optional. */
  deleteReasons?: Record<string, string>;
}

export interface JobExecutionResult extends JobChanges {
  /** An execution row the transaction updates with REV_ check (the parallel-join clash): id and REV_ read at start. */
  touchExecution?: { id: string; rev: number | null };
  /**
   * The engine found at commit that an execution row changed since the transaction read it: the
   * statement that hit 0 rows (e.g. `UPDATE ACT_RU_EXECUTION ... WHERE ID_ = 'e3' AND REV_ = 2`).
   * The transaction rolls back (no job is deleted or created), the trace's optimisticLockingFailure
   * names this statement, and the job takes the OptimisticLockingException path (no retry consumed).
   */
  conflict?: { statement: string };
}

/** What an instance start writes, and what it started (or why it failed: then nothing of the start is written). */
export interface StartResult extends JobChanges {
  /** The instances the start request created. */
  started?: { processInstanceId: string; processDefinitionKey: string }[];
  /** The start request threw and rolled back (e.g. "java.lang.ClassNotFoundException: ..."): no instance. */
  error?: string;
}

/** What `init` / `deploy` write: jobs and job definitions (ACT_RU_JOBDEF rows). */
export interface DeploymentChanges {
  createJobs?: NewJob[];
  jobDefinitions?: JobDefinitionInput[];
  /** Jobs the deployment deletes (the timer-start jobs of a previous version of a process). */
  deleteJobs?: string[];
  deleteReasons?: Record<string, string>;
}

export interface ExecutionPlan {
  /** Virtual run time of the job body. */
  durationMs: number;
  /** null: succeeds; else the exception message (e.g. "java.lang.RuntimeException: boom"). */
  error: string | null;
}

export interface ProcessEngineHooks {
  /** Called once at t = 0 after the literal jobs are inserted (deploy, create timer-start jobs...). */
  init?(ctx: HookContext): DeploymentChanges | void;
  /**
   * The arrival times (virtual ms, non-decreasing) of a `load` entry's instances; default
   * `startAtMs + i * intervalMs`. Called once per entry at start, in file order.
   */
  arrivalTimes?(load: LoadSpec, loadIndex: number, ctx: HookContext): number[];
  /**
   * A `load` entry asks for a process instance (i = 0..instances-1). With a balancer, `ctx.node` is
   * the node the request runs on (its classes decide); otherwise `ctx.node` is ''.
   */
  startInstance?(load: LoadSpec, i: number, ctx: HookContext): StartResult | void;
  /** `deploy` timeline action. */
  deploy?(deploymentId: string, ctx: HookContext): DeploymentChanges | void;
  /**
   * The next virtual time at which the engine has work of its own (a user-task completion, ...);
   * undefined when none. Asked after every step; the run is not quiescent while one is pending.
   */
  nextWakeUp?(): number | undefined;
  /** The wake-up time has come: runs the engine's due work; its job changes are applied at once. */
  onWakeUp?(ctx: HookContext): JobChanges | void;
  /** A job definition timeline action was applied to ACT_RU_JOBDEF (the engine keeps its own copy). */
  jobDefinitionChanged?(jobDefinitionId: string, change: { suspended?: boolean; overridingPriority?: number | null }): void;
  /** State of the hooks for `Simulation.checkpoint()` (an in-memory value; restored by `restore`). */
  checkpoint?(): unknown;
  restore?(state: unknown): void;
  /** How long the job body runs and whether it throws; the default samples the scenario's `activities`. */
  plan?(job: JobRow, ctx: HookContext): ExecutionPlan | undefined;
  /** The job body succeeded; returns what its transaction writes besides deleting the job. */
  onJobExecuted?(job: JobRow, ctx: HookContext): JobExecutionResult | void;
  /** The activity's failedJobRetryTimeCycle (FAILED_JOB_CONFIGURATION) for a job; null = none (engine-wide applies). */
  retryConfiguration?(job: Pick<JobRow, 'ACT_ID_' | 'HANDLER_TYPE_' | 'JOB_DEF_ID_'>): string | null;
}

/** The literal-rows behaviour: no process semantics. */
export const literalHooks: ProcessEngineHooks = {};

export type { Scenario };
