// The scaling study (issue #7): one scenario run over a grid of cluster sizes × thread counts, every
// point its own deterministic simulation. These are the study's plain-data types, shared by the
// runner (sweep.ts), the worker pool (pool.ts), the CLI (`bpmn-job-lab study`) and the simulator
// panel. Everything here is JSON-safe and structured-clone-safe (it crosses worker boundaries).
import type { Scenario } from '../scenario/types';

export type StudyProfile = 'camunda' | 'jbpm3';

export interface StudyOptions {
  /** Cluster sizes to run (each ≥ 1), e.g. [1,2,3,4,5,6,7,8]. Order is kept; duplicates are removed. */
  nodes: number[];
  /** Executor threads per node (each ≥ 1), e.g. [1,5,10,20]. */
  threads: number[];
  /** Executor profile of every point; default: the base scenario's `engine.executorProfile`. */
  profile?: StudyProfile;
  /** Seed of every point (the same seed for all points); default: the base scenario's seed. */
  seed?: number;
  /** Virtual-time limit of every point in ms; default: the base scenario's `until`. */
  until?: number | null;
}

/** What one point's simulation measured (before comparison with the other points). */
export interface PointMeasure {
  nodes: number;
  threads: number;
  /** Virtual ms of the last job completion (Summary.makespanMs); 0 when no job completed. */
  makespanMs: number;
  /** Virtual ms at which the run ended (quiescence or `until`). */
  virtualTimeMs: number;
  jobsCreated: number;
  jobsCompleted: number;
  /** Acquisition lock clashes (rows another node locked first), summed over the nodes. */
  lockClashes: number;
  /** Optimistic-locking failures at commit, summed over the nodes. */
  commitClashes: number;
  incidents: number;
  /** Mean over the nodes of the virtual ms the acquisition thread spent idle-waiting (Summary perNode[id].idleMs). */
  idleMs: number;
  /** Mean over the nodes of the virtual ms the acquisition thread spent in backoff (Summary perNode[id].backoffMs). */
  backoffMs: number;
  /**
   * Fraction (0..1) of the database's capacity (dbConnections × makespan) used (Summary.dbUtilisation);
   * 0 with unlimited connections, where the simulator reports null (no capacity to divide by).
   */
  dbUtilisation: number;
  /** Total virtual ms statements waited for a database connection (Summary.dbWaitMs). */
  dbWaitMs: number;
  /** True when the run ended quiescent (every job done or parked, no load pending); false when `until` or a limit cut it short. */
  finished: boolean;
  /** Simulation steps (events processed): the cost of the point. */
  steps: number;
}

/** One point of the study, compared with its one-node baseline at the same thread count. */
export interface StudyPoint extends PointMeasure {
  /** Completed jobs per second of virtual time until the makespan (jobsCompleted × 1000 / makespanMs). */
  throughput: number;
  /**
   * makespan of the baseline (the smallest node count of the study, normally 1) at the same threads ÷
   * this point's makespan; null when either makespan is 0.
   */
  acceleration: number | null;
  /** The ideal linear line: nodes ÷ baseline nodes (= nodes when the baseline is 1 node). */
  idealAcceleration: number;
  /** acceleration ÷ idealAcceleration (1 = perfectly linear); null with acceleration. */
  efficiency: number | null;
  /** lockClashes ÷ jobsCompleted (0 when nothing completed). */
  clashesPerJob: number;
  /** Wall-clock ms the point took as seen by the runner (simulation + hand-over); null without a clock. */
  wallMs: number | null;
}

export interface StudyResult {
  /** Name shown in reports (scenario description or file name). */
  scenario: { name: string; path?: string };
  profile: StudyProfile;
  options: { nodes: number[]; threads: number[]; seed: number; until: number | null };
  /** Node count the accelerations are relative to (the smallest of options.nodes). */
  baselineNodes: number;
  /** Points ordered by threads, then nodes (the order of options.threads and sorted nodes). */
  points: StudyPoint[];
  /** How the points were derived from the base scenario and what the model leaves out. */
  notes: string[];
  /** 'workers' or 'in-process', and how many points ran at once. */
  execution: { mode: 'workers' | 'in-process'; parallelism: number };
  /** Wall-clock ms of the whole sweep; null without a clock. */
  elapsedMs: number | null;
}

/** What a study starts from: a validated scenario and its BPMN (the shape simulate's `prepare` returns). */
export interface StudyBase {
  scenario: Scenario;
  /** Deployment id → BPMN XML. */
  bpmn: Record<string, string>;
  /** Shown in reports (default 'scenario'). */
  name?: string;
  path?: string;
}

/** One unit of work: a ready-to-run scenario for one (nodes, threads) point. */
export interface PointTask {
  nodes: number;
  threads: number;
  scenario: Scenario;
  /** Deployment id → BPMN XML (as loaded with the base scenario). */
  bpmn: Record<string, string>;
}
