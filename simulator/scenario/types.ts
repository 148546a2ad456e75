// Scenario files: what a simulation run is made of. `ScenarioInput` is the JSON as written (see
// schemas/scenario.schema.json); `Scenario` is the validated, normalised form (defaults applied,
// node counts expanded, durations in virtual milliseconds).
import type { EngineProfile } from '../../src/bpmn/types';
import type { JobInput } from '../db/jobTable';
import { DEFAULT_JOB_EXECUTOR_SETTINGS, type JobExecutorSettings } from '../executorSettings';
import { DEFAULT_RECOVERY, type RecoverySettings } from '../recovery/aliveSignal';
import { DEFAULT_DATABASE, type DatabaseSettings } from '../db/costModel';

export type { RecoverySettings, DatabaseSettings };

export type DatabaseOrder = 'insertion' | 'shuffled';
export type ExecutorProfile = 'camunda' | 'jbpm3';

export interface EngineSettings {
  profile: EngineProfile;
  jobExecutorAcquireByPriority: boolean;
  jobExecutorPreferTimerJobs: boolean;
  jobExecutorAcquireByDueDate: boolean;
  jobExecutorPriorityRangeMin: number | null;
  jobExecutorPriorityRangeMax: number | null;
  jobExecutorAcquireExclusiveOverProcessHierarchies: boolean;
  ensureJobDueDateNotNull: boolean;
  defaultRetries: number;
  failedJobRetryTimeCycle: string | null;
  dbLatencyMs: number;
  /** Concurrent statements the database serves; further statements wait FIFO. 0 = unlimited. */
  dbConnections: number;
  databaseOrder: DatabaseOrder;
  defaultJobDurationMs: number;
  executorProfile: ExecutorProfile;
  /** jBPM 3 profile only. */
  idleInterval: number;
  maxIdleInterval: number;
  /** Time from restartNode until the node acquires again. */
  nodeRestartMs: number;
  /** OURS: recovery from a crashed node. Default lock expiry only (Camunda 7); 'aliveSignal' adds Workflow Server's model (simulator/recovery/aliveSignal.ts). */
  recovery: RecoverySettings;
  /** OURS: how statements cost time. Default 'flat' (every statement dbLatencyMs); 'contention' = simulator/db/costModel.ts. */
  database: DatabaseSettings;
}

export interface NodeConfig extends JobExecutorSettings {
  jobExecutorDeploymentAware: boolean;
  registeredDeployments: string[];
  /** jBPM 3: executor threads per node (defaults to corePoolSize). */
  threads?: number;
}

export interface NodeSpec {
  id: string;
  /** Deployment ids whose classes the node has; undefined = all. */
  deployments?: string[];
  config: NodeConfig;
}

export type DurationSpec =
  | number
  | { distribution: 'fixed'; ms: number }
  | { distribution: 'uniform'; min: number; max: number }
  | { distribution: 'exponential'; mean: number };

export interface ActivitySpec {
  durationMs?: DurationSpec;
  failureProbability?: number;
  error?: string;
  requiredClasses?: string;
  /**
   * Branch weight (read by the process engine). On a sequence flow: that flow's weight at its
   * exclusive/inclusive gateway; on a gateway: weights per outgoing flow id.
   */
  weights?: number | Record<string, number>;
  /** Multi-instance cardinality when the XML has none (or to override it). */
  loopCardinality?: number;
}

export interface DeploymentSpec { id: string; bpmn: string }

export interface LoadSpec {
  processDefinitionKey: string;
  instances: number;
  /** 'fixed' (default): one instance every intervalMs; 'exponential': seeded exponential gaps with mean intervalMs (default 1000). */
  arrivals?: 'fixed' | 'exponential';
  intervalMs?: number;
  /** First arrival (virtual ms, default 0). */
  startAtMs?: number;
  variables?: Record<string, unknown>;
  /**
   * An external load balancer in front of the nodes: each start request runs ON the node it picks
   * (the synchronous part of the start, up to the first wait state or async boundary, needs that
   * node's classes). 'round-robin': the nodes in turn; 'random': a seeded pick (stream 'balancer').
   * Crashed nodes are skipped; with none up the start fails. Absent: starts run on no node.
   */
  balancer?: 'round-robin' | 'random';
  /** The node ids the balancer sends to (default: every node); a `count` group's base id names all its copies. */
  nodes?: string[];
}

export type TimelineAction =
  | 'crashNode' | 'restartNode' | 'deploy' | 'registerDeployment' | 'unregisterDeployment'
  | 'suspendJobDefinition' | 'activateJobDefinition' | 'setOverridingJobPriority'
  | 'clearOverridingJobPriority' | 'setRetries';

export interface TimelineEntry {
  at: number;
  action: TimelineAction;
  node?: string;
  deployment?: string;
  jobDefinitionId?: string;
  activityId?: string;
  jobId?: string;
  priority?: number;
  cascade?: boolean;
  retries?: number;
  /** restartNode only: the deployment ids whose classes the node has after the restart (a new build); absent = unchanged. */
  deployments?: string[];
}

export interface Limits {
  maxEvents: number;
  maxVirtualTime: number;
  /** Operations (token arrivals, scope completions, ...) one engine transaction may run before the run stops: a loop without a wait state. */
  maxTransactionSteps: number;
  /**
   * The run's own memory footprint in MB before it stops (ours, not an engine setting): sql.js
   * database pages + recorded trace events × 400 B + event-queue entries; checked every 4096 steps
   * (simulator/limits.ts).
   */
  maxMemoryMb: number;
}

export interface Scenario {
  seed: number;
  until: number | null;
  engine: EngineSettings;
  nodes: NodeSpec[];
  deployments: DeploymentSpec[];
  load: LoadSpec[];
  activities: Record<string, ActivitySpec>;
  /** Literal ACT_RU_JOB rows in snapshot format, parsed by simulator/db/snapshot. */
  jobs: JobInput[];
  timeline: TimelineEntry[];
  limits: Limits;
}

/** The JSON as written: every section optional except `nodes` and `seed`. */
export interface ScenarioInput {
  seed: number;
  until?: number | string;
  engine?: Partial<EngineSettings>;
  nodes: { id: string; count?: number; deployments?: string[]; config?: Partial<NodeConfig> }[];
  deployments?: DeploymentSpec[];
  load?: LoadSpec[];
  activities?: Record<string, ActivitySpec>;
  jobs?: Record<string, unknown>[];
  timeline?: (Omit<TimelineEntry, 'at'> & { at: number | string })[];
  limits?: Partial<Limits>;
  description?: string;
}

export const DEFAULT_ENGINE: Readonly<EngineSettings> = Object.freeze({
  profile: '7.24',
  jobExecutorAcquireByPriority: false,
  jobExecutorPreferTimerJobs: false,
  jobExecutorAcquireByDueDate: false,
  jobExecutorPriorityRangeMin: null,
  jobExecutorPriorityRangeMax: null,
  jobExecutorAcquireExclusiveOverProcessHierarchies: false,
  ensureJobDueDateNotNull: false,
  defaultRetries: 3,
  failedJobRetryTimeCycle: null,
  dbLatencyMs: 2,
  dbConnections: 0,
  databaseOrder: 'insertion',
  defaultJobDurationMs: 100,
  executorProfile: 'camunda',
  idleInterval: 10_000,
  maxIdleInterval: 3_600_000,
  nodeRestartMs: 1000,
  recovery: DEFAULT_RECOVERY,
  database: DEFAULT_DATABASE,
} satisfies EngineSettings);

export const DEFAULT_NODE_CONFIG: Readonly<NodeConfig> = Object.freeze({
  jobExecutorDeploymentAware: false,
  registeredDeployments: [],
  ...DEFAULT_JOB_EXECUTOR_SETTINGS,
} satisfies NodeConfig);

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({ maxEvents: 50_000_000, maxVirtualTime: 30 * 24 * 3_600_000, maxTransactionSteps: 100_000, maxMemoryMb: 512 });
