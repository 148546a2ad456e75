/**
 * The message protocol between the simulator panel's host side (src/simulation) and its webview
 * (webview/simulator). PURE: no `vscode`, no DOM — both runtimes import it.
 *
 * The simulation runs in the extension host; the webview renders what it is sent. `init` carries
 * the full state (on `ready` and after a rewind/reset/rebuild); every step sends a `delta`: the new
 * trace events, the changed and deleted ACT_RU_JOB rows and the nodes' machine states.
 *
 * The host checks every incoming message with `validateSimulatorMessage` (hand-written: unknown
 * types, missing or mistyped fields, out-of-range numbers and oversized strings are rejected).
 * The webview checks the `type` of what it receives with `isSimulatorHostMessage`.
 */
import type { TraceEvent } from '../../simulator/trace';

export type { TraceEvent };

/** The ACT_RU_JOB columns the panel shows (plus SEQ_, the database order, and ACT_ID_ for the diagram). */
export interface JobRowView {
  SEQ_: number;
  ID_: string;
  REV_: number | null;
  TYPE_: string;
  PRIORITY_: number;
  DUEDATE_: number | null;
  LOCK_OWNER_: string | null;
  LOCK_EXP_TIME_: number | null;
  RETRIES_: number | null;
  EXCLUSIVE_: boolean | null;
  PROCESS_INSTANCE_ID_: string | null;
  DEPLOYMENT_ID_: string | null;
  SUSPENSION_STATE_: number;
  ACT_ID_: string | null;
}

export const JOB_COLUMNS = ['ID_', 'REV_', 'TYPE_', 'PRIORITY_', 'DUEDATE_', 'LOCK_OWNER_', 'LOCK_EXP_TIME_', 'RETRIES_', 'EXCLUSIVE_',
  'PROCESS_INSTANCE_ID_', 'DEPLOYMENT_ID_', 'SUSPENSION_STATE_'] as const satisfies readonly (keyof JobRowView)[];
export type JobColumn = typeof JOB_COLUMNS[number];

/** A thread's or node's current xstate state, from `Simulation.snapshot()`. */
export interface ThreadView { id: string; state: string; tags: string[]; jobId: string | null; queue: string[] }
export interface NodeView {
  id: string;
  lifecycle: string;
  up: boolean;
  acquisition: { state: string; tags: string[]; idleLevel: number; backoffLevel: number; numJobsToAcquire: number; waitMs: number } | null;
  threads: ThreadView[];
  poolQueue: number;
  registeredDeployments: string[];
  deploymentAware: boolean;
}

/** The quick settings that rebuild the scenario (applied to every node). */
export interface QuickSettings {
  nodeCount: number;
  threads: number;
  jobExecutorAcquireByPriority: boolean;
  jobExecutorPreferTimerJobs: boolean;
  jobExecutorAcquireByDueDate: boolean;
  /** Per node (index = node position); missing entries are false. */
  deploymentAware: boolean[];
  lockTimeInMillis: number;
  maxJobsPerAcquisition: number;
  waitTimeInMillis: number;
  maxWait: number;
  backoffTimeInMillis: number;
  maxBackoff: number;
}

export interface CheckpointInfo { index: number; t: number; steps: number; events: number }

export interface RunSummaryView {
  jobsCreated: number;
  jobsCompleted: number;
  executions: number;
  acquisitions: number;
  lockClashes: number;
  duplicateExecutions: number;
  incidents: number;
  rejectedBatches: number;
  throughputPerSecond: number;
}

export interface FullState {
  title: string;
  source: string;
  seed: number;
  until: number | null;
  settings: QuickSettings;
  now: number;
  steps: number;
  done: boolean;
  running: boolean;
  speed: number;
  nodes: NodeView[];
  events: TraceEvent[];
  jobs: JobRowView[];
  checkpoints: CheckpointInfo[];
  summary: RunSummaryView;
  /** BPMN XML of the first deployment (the diagram), if any. */
  bpmn: string | null;
}

export interface StepDelta {
  now: number;
  steps: number;
  done: boolean;
  events: TraceEvent[];
  upserts: JobRowView[];
  deletes: string[];
  nodes: NodeView[];
  summary: RunSummaryView;
  /** Present when a checkpoint was taken. */
  checkpoints?: CheckpointInfo[];
}

export type ExplainReasonView =
  | 'selected' | 'retries' | 'notDue' | 'locked' | 'suspended' | 'deployment' | 'priorityRange'
  | 'exclusiveNull' | 'exclusiveSiblingRunning' | 'limit' | 'unordered' | 'gone';

export interface ExplanationView {
  seq: number;
  node: string;
  t: number;
  now: number;
  limit: number;
  orderBy: string;
  /** What the rows were evaluated against, in words (the table at a replayed point, or now). */
  basis: string;
  rows: { jobId: string; taken: boolean; rank: number | null; reasons: ExplainReasonView[]; details: string[] }[];
}

// ---- scenario picker ----------------------------------------------------------------------------

/** The picker's entry for the file the panel was opened on (not an example). */
export const CURRENT_FILE_ID = 'file';
/** Ids of shipped examples: their path relative to the install folder (src/simulation/examples.ts lists them). */
export const EXAMPLE_ID_PATTERN = /^examples\/(stories\/|scaling\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.json$/;

/** One entry of the panel's scenario picker. */
export interface ScenarioChoice {
  /** `CURRENT_FILE_ID` or an example id (`examples/stories/3-node-crash-lock-30s.json`). */
  id: string;
  group: 'file' | 'examples' | 'stories' | 'scaling';
  label: string;
  /** The scenario's `description` ('' when none). */
  description: string;
  story?: number;
}

// ---- scaling study (issue #7) ---------------------------------------------------------------------

export type StudyProfile = 'camunda' | 'jbpm3';

/**
 * One point of a scaling study as the panel shows it (simulator/study's StudyPoint, field by field;
 * acceleration and efficiency are null when a makespan is 0, wallMs without a clock).
 */
export interface StudyPointView {
  nodes: number;
  threads: number;
  makespanMs: number;
  virtualTimeMs: number;
  throughput: number;
  acceleration: number | null;
  idealAcceleration: number;
  efficiency: number | null;
  jobsCompleted: number;
  jobsCreated: number;
  lockClashes: number;
  commitClashes: number;
  clashesPerJob: number;
  idleMs: number;
  backoffMs: number;
  dbUtilisation: number;
  incidents: number;
  /** False when `until` or a limit cut the point's run short. */
  finished: boolean;
  wallMs: number | null;
}

export interface StudyView {
  /** The scenario the study varied (its file name). */
  scenario: string;
  profile: StudyProfile;
  nodes: number[];
  threads: number[];
  seed: number;
  /** Node count the accelerations are relative to. */
  baselineNodes: number;
  points: StudyPointView[];
  /** How the points were derived from the scenario (simulator/study's notes). */
  notes: string[];
  /** 'workers' or 'in-process', and points at once. */
  execution: string;
  elapsedMs: number | null;
  /** True when the study was cancelled: `points` are those finished by then. */
  cancelled: boolean;
}

// ---- host -> webview --------------------------------------------------------------------------

export type SimulatorHostMessage =
  | { type: 'init'; state: FullState }
  | { type: 'delta'; delta: StepDelta }
  | { type: 'running'; running: boolean; speed: number }
  | { type: 'explanation'; explanation: ExplanationView }
  | { type: 'status'; level: 'info' | 'error'; message: string }
  /** The scenario picker's entries and the one shown now (after `ready` and after every switch). */
  | { type: 'scenarios'; items: ScenarioChoice[]; selected: string }
  /** A scaling study is running: points done so far. */
  | { type: 'studyProgress'; done: number; total: number }
  /** A finished (or cancelled) scaling study: the panel's Study tab shows it. */
  | { type: 'study'; study: StudyView };

const HOST_TYPES = new Set(['init', 'delta', 'running', 'explanation', 'status', 'scenarios', 'studyProgress', 'study']);

/** The webview's check of what it receives (the host is trusted; this guards against foreign posts). */
export function isSimulatorHostMessage(raw: unknown): raw is SimulatorHostMessage {
  return typeof raw === 'object' && raw !== null && HOST_TYPES.has((raw as { type?: unknown }).type as string);
}

// ---- webview -> host --------------------------------------------------------------------------

export type ControlAction = 'step' | 'stepAcquisition' | 'play' | 'pause' | 'reset';
export type ExportKind = 'trace' | 'report' | 'scenario';

export type SimulatorWebviewMessage =
  /** Posted last, once the webview listens: the host answers with `init`. */
  | { type: 'ready' }
  | { type: 'control'; action: ControlAction }
  /** Virtual milliseconds per wall-clock second while playing (0 = as fast as possible). */
  | { type: 'speed'; speed: number }
  | { type: 'runTo'; t: number }
  | { type: 'rewind'; checkpoint: number }
  | { type: 'applySettings'; seed: number; settings: QuickSettings }
  | { type: 'explain'; seq: number }
  | { type: 'export'; what: ExportKind }
  | { type: 'node'; action: 'crash' | 'restart'; node: string }
  /** Switch the panel to another scenario: an example id or `CURRENT_FILE_ID` (the host reloads the run). */
  | { type: 'openScenario'; id: string }
  /**
   * Run a scaling study of the scenario shown. Without `nodes`/`threads` the host asks for them
   * (quick input); all three given: it runs at once.
   */
  | { type: 'runStudy'; nodes?: number[]; threads?: number[]; profile?: StudyProfile };

export type ValidationResult = { ok: true; message: SimulatorWebviewMessage } | { ok: false; error: string };

export const LIMITS = {
  maxNodes: 64,
  maxThreads: 256,
  maxTime: 30 * 24 * 3_600_000,
  maxSpeed: 1e9,
  maxIdLength: 200,
  /** Values per axis of a scaling study from the panel (nodes × threads points are run). */
  maxStudyValues: 64,
} as const;

const CONTROL_ACTIONS = new Set<ControlAction>(['step', 'stepAcquisition', 'play', 'pause', 'reset']);
const EXPORT_KINDS = new Set<ExportKind>(['trace', 'report', 'scenario']);

class Invalid extends Error {}

function fail(msg: string): never { throw new Invalid(msg); }
function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} must be an object`);
  return v as Record<string, unknown>;
}
function int(o: Record<string, unknown>, k: string, min: number, max: number): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`${k} must be an integer in [${min}, ${max}]`);
  return v;
}
function num(o: Record<string, unknown>, k: string, min: number, max: number): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(`${k} must be a number in [${min}, ${max}]`);
  return v;
}
function bool(o: Record<string, unknown>, k: string): boolean {
  if (typeof o[k] !== 'boolean') fail(`${k} must be a boolean`);
  return o[k] as boolean;
}
function str(o: Record<string, unknown>, k: string, max: number): string {
  const v = o[k];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) fail(`${k} must be a non-empty string of at most ${max} characters`);
  return v;
}
/** A non-empty list of distinct integers in [min, max], at most `LIMITS.maxStudyValues` long. */
function intList(o: Record<string, unknown>, k: string, min: number, max: number): number[] {
  const v = o[k];
  if (!Array.isArray(v) || v.length === 0 || v.length > LIMITS.maxStudyValues
    || !v.every(x => typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max) || new Set(v).size !== v.length) {
    fail(`${k} must be a list of 1 to ${LIMITS.maxStudyValues} distinct integers in [${min}, ${max}]`);
  }
  return [...(v as number[])];
}
function only(o: Record<string, unknown>, keys: string[]): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`unexpected field '${k}'`);
}

export function validateQuickSettings(raw: unknown): QuickSettings {
  const o = obj(raw, 'settings');
  only(o, ['nodeCount', 'threads', 'jobExecutorAcquireByPriority', 'jobExecutorPreferTimerJobs', 'jobExecutorAcquireByDueDate', 'deploymentAware',
    'lockTimeInMillis', 'maxJobsPerAcquisition', 'waitTimeInMillis', 'maxWait', 'backoffTimeInMillis', 'maxBackoff']);
  const nodeCount = int(o, 'nodeCount', 1, LIMITS.maxNodes);
  const da = o.deploymentAware;
  if (!Array.isArray(da) || da.length > LIMITS.maxNodes || !da.every(x => typeof x === 'boolean')) fail(`deploymentAware must be an array of at most ${LIMITS.maxNodes} booleans`);
  const s: QuickSettings = {
    nodeCount,
    threads: int(o, 'threads', 1, LIMITS.maxThreads),
    jobExecutorAcquireByPriority: bool(o, 'jobExecutorAcquireByPriority'),
    jobExecutorPreferTimerJobs: bool(o, 'jobExecutorPreferTimerJobs'),
    jobExecutorAcquireByDueDate: bool(o, 'jobExecutorAcquireByDueDate'),
    deploymentAware: [...(da as boolean[])],
    lockTimeInMillis: int(o, 'lockTimeInMillis', 1, LIMITS.maxTime),
    maxJobsPerAcquisition: int(o, 'maxJobsPerAcquisition', 1, 10_000),
    waitTimeInMillis: int(o, 'waitTimeInMillis', 0, LIMITS.maxTime),
    maxWait: int(o, 'maxWait', 0, LIMITS.maxTime),
    backoffTimeInMillis: int(o, 'backoffTimeInMillis', 0, LIMITS.maxTime),
    maxBackoff: int(o, 'maxBackoff', 0, LIMITS.maxTime),
  };
  return s;
}

/** Checks a message from the webview; the host drops (and logs) anything that is not ok. */
export function validateSimulatorMessage(raw: unknown): ValidationResult {
  try {
    const o = obj(raw, 'message');
    const type = o.type;
    if (typeof type !== 'string') fail('type must be a string');
    switch (type) {
      case 'ready':
        only(o, ['type']);
        return { ok: true, message: { type } };
      case 'control': {
        only(o, ['type', 'action']);
        if (!CONTROL_ACTIONS.has(o.action as ControlAction)) fail(`action must be one of ${[...CONTROL_ACTIONS].join(', ')}`);
        return { ok: true, message: { type, action: o.action as ControlAction } };
      }
      case 'speed':
        only(o, ['type', 'speed']);
        return { ok: true, message: { type, speed: num(o, 'speed', 0, LIMITS.maxSpeed) } };
      case 'runTo':
        only(o, ['type', 't']);
        return { ok: true, message: { type, t: int(o, 't', 0, LIMITS.maxTime) } };
      case 'rewind':
        only(o, ['type', 'checkpoint']);
        return { ok: true, message: { type, checkpoint: int(o, 'checkpoint', 0, 1_000_000) } };
      case 'applySettings':
        only(o, ['type', 'seed', 'settings']);
        return { ok: true, message: { type, seed: int(o, 'seed', -2147483648, 2147483647), settings: validateQuickSettings(o.settings) } };
      case 'explain':
        only(o, ['type', 'seq']);
        return { ok: true, message: { type, seq: int(o, 'seq', 0, Number.MAX_SAFE_INTEGER) } };
      case 'export':
        only(o, ['type', 'what']);
        if (!EXPORT_KINDS.has(o.what as ExportKind)) fail(`what must be one of ${[...EXPORT_KINDS].join(', ')}`);
        return { ok: true, message: { type, what: o.what as ExportKind } };
      case 'node': {
        only(o, ['type', 'action', 'node']);
        if (o.action !== 'crash' && o.action !== 'restart') fail('action must be crash or restart');
        return { ok: true, message: { type, action: o.action, node: str(o, 'node', LIMITS.maxIdLength) } };
      }
      case 'openScenario': {
        only(o, ['type', 'id']);
        const id = str(o, 'id', LIMITS.maxIdLength);
        if (id !== CURRENT_FILE_ID && (!EXAMPLE_ID_PATTERN.test(id) || id.includes('..'))) fail(`id must be '${CURRENT_FILE_ID}' or an example id like examples/stories/<name>.json or examples/scaling/<name>.json`);
        return { ok: true, message: { type, id } };
      }
      case 'runStudy': {
        only(o, ['type', 'nodes', 'threads', 'profile']);
        const m: Extract<SimulatorWebviewMessage, { type: 'runStudy' }> = { type };
        if (o.nodes !== undefined) m.nodes = intList(o, 'nodes', 1, LIMITS.maxNodes);
        if (o.threads !== undefined) m.threads = intList(o, 'threads', 1, LIMITS.maxThreads);
        if (o.profile !== undefined) {
          if (o.profile !== 'camunda' && o.profile !== 'jbpm3') fail('profile must be camunda or jbpm3');
          m.profile = o.profile;
        }
        return { ok: true, message: m };
      }
      default:
        fail(`unknown message type '${type.slice(0, 40)}'`);
    }
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

// ---- restoring the panel after a window reload ----------------------------------------------------

/**
 * What the webview keeps (with `setState`, next to its view state) so the host can rebuild the run
 * when VS Code restores the panel after a reload: the simulated file, the seed and quick settings in
 * force, and the virtual time it was at (the run is deterministic: replaying to `now` gives the same
 * state; node crashes/restarts made from the panel are not replayed).
 */
export interface RestoreInfo {
  /** Absolute path of the scenario `.json` or `.bpmn` file. */
  source: string;
  seed: number;
  settings: QuickSettings;
  now: number;
}

export const MAX_PATH_LENGTH = 4096;

/**
 * Reads the `restore` entry of the webview state VS Code hands to the panel serializer. That state
 * was written by the webview, so it is checked like a message: null when missing or malformed.
 */
export function parseRestoreState(raw: unknown): RestoreInfo | null {
  try {
    const st = obj(raw, 'state');
    const o = obj(st.restore, 'restore');
    only(o, ['source', 'seed', 'settings', 'now']);
    const source = str(o, 'source', MAX_PATH_LENGTH);
    if (!/^(\/|[A-Za-z]:[\\/])/.test(source) || !/\.(json|bpmn|bpmn20\.xml)$/i.test(source) || source.includes('\0')) fail('source must be an absolute path of a .json or .bpmn file');
    return {
      source,
      seed: int(o, 'seed', -2147483648, 2147483647),
      settings: validateQuickSettings(o.settings),
      now: int(o, 'now', 0, LIMITS.maxTime),
    };
  } catch (e) {
    if (e instanceof Invalid) return null;
    throw e;
  }
}

// ---- metrics (shared by the webview's charts and the host's run report) ----------------------------

export interface MetricSeries {
  bucketMs: number;
  /** Bucket start, virtual seconds. */
  x: number[];
  /** Jobs completed per virtual second, per bucket. */
  throughput: number[];
  /** Acquisition lock clashes + commit OptimisticLockingExceptions per bucket. */
  clashes: number[];
  /** Rows in ACT_RU_JOB with retries left at the end of each bucket (created − completed − incidents). */
  queueDepth: number[];
  /** Per node: idle level and backoff level after the node's last acquisition in the bucket. */
  idle: Record<string, number[]>;
  backoff: Record<string, number[]>;
}

function niceBucket(spanMs: number, buckets: number): number {
  const raw = Math.max(1, spanMs / buckets);
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/** Bucketed run metrics from the trace (about `buckets` buckets over [0, end]). */
export function metricSeries(events: readonly TraceEvent[], nodes: readonly string[], end: number, buckets = 300): MetricSeries {
  const bucketMs = niceBucket(Math.max(end, 1), buckets);
  const n = Math.floor(Math.max(end, 0) / bucketMs) + 1;
  const x = Array.from({ length: n }, (_, i) => (i * bucketMs) / 1000);
  const completed = new Array<number>(n).fill(0);
  const clashes = new Array<number>(n).fill(0);
  const delta = new Array<number>(n).fill(0);
  const idle: Record<string, number[]> = {}, backoff: Record<string, number[]> = {};
  const lastIdle: Record<string, (number | undefined)[]> = {}, lastBackoff: Record<string, (number | undefined)[]> = {};
  for (const id of nodes) { lastIdle[id] = new Array(n); lastBackoff[id] = new Array(n); }
  for (const e of events) {
    const b = Math.min(n - 1, Math.floor(e.t / bucketMs));
    switch (e.kind) {
      case 'jobCompleted': completed[b]++; delta[b]--; break;
      case 'jobCreated': if (e.retries > 0) delta[b]++; break;
      case 'incident': delta[b]--; break;
      case 'optimisticLockingFailure': clashes[b]++; break;
      case 'acquisition':
        clashes[b] += e.clashed.length;
        (lastIdle[e.node] ??= new Array(n))[b] = e.idleLevel;
        (lastBackoff[e.node] ??= new Array(n))[b] = e.backoffLevel;
        break;
    }
  }
  const queueDepth: number[] = [];
  let q = 0;
  for (let i = 0; i < n; i++) { q += delta[i]; queueDepth.push(q); }
  for (const id of Object.keys(lastIdle)) {
    let li = 0, lb = 0;
    idle[id] = []; backoff[id] = [];
    for (let i = 0; i < n; i++) {
      li = lastIdle[id][i] ?? li; lb = lastBackoff[id][i] ?? lb;
      idle[id].push(li); backoff[id].push(lb);
    }
  }
  return { bucketMs, x, throughput: completed.map(c => (c * 1000) / bucketMs), clashes, queueDepth, idle, backoff };
}
