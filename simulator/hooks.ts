// ProcessEngineHooks: the seam between the job executor (this runtime) and process semantics.
// The runtime acquires, locks, runs and commits jobs; what a job DOES when it runs (the token
// flow of a BPMN process: which jobs it creates, which execution row it updates) comes from hooks.
// The default (`literalHooks`) treats every job as a literal row: it runs for the activity's
// duration and succeeds or fails per the scenario's `activities`, creating nothing.
import type { JobRow, JobInput } from './db/jobTable';
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
}

/** A job to create: engine column names; ID_ is assigned by the runtime when missing. */
export type NewJob = Partial<JobInput>;

export interface JobExecutionResult {
  /** Jobs created in the job's transaction (inserted at commit; dropped on rollback). */
  createJobs?: NewJob[];
  /** An execution row the transaction updates with REV_ check (the parallel-join clash): id and REV_ read at start. */
  touchExecution?: { id: string; rev: number | null };
}

export interface ExecutionPlan {
  /** Virtual run time of the job body. */
  durationMs: number;
  /** null: succeeds; else the exception message (e.g. "java.lang.RuntimeException: boom"). */
  error: string | null;
}

export interface ProcessEngineHooks {
  /** Called once at t = 0 after the literal jobs are inserted (deploy, create timer-start jobs...). */
  init?(ctx: HookContext): { createJobs?: NewJob[] } | void;
  /** A `load` entry asks for a process instance (i = 0..instances-1). */
  startInstance?(load: LoadSpec, i: number, ctx: HookContext): { createJobs?: NewJob[] } | void;
  /** `deploy` timeline action. */
  deploy?(deploymentId: string, ctx: HookContext): { createJobs?: NewJob[] } | void;
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
