/**
 * The simulator webview's state and its reducer. PURE: no DOM, no vscode API — it runs in Node for
 * the unit tests and the benchmark. `applyHostMessage` folds one host message into the state (in
 * place, for speed at 100k events / 10k rows) and says what changed, so the view redraws only that.
 *
 * Swimlane data is columnar: job bars (start, end, lane, outcome) and acquisition ticks live in
 * typed arrays that grow by doubling, so drawing the visible window is a scan over numbers.
 */
import type {
  CheckpointInfo, ExplanationView, FullState, JobColumn, JobRowView, NodeView, QuickSettings, RunSummaryView,
  ScenarioChoice, SimulatorHostMessage, StepDelta, StudyView, TraceEvent,
} from '../../src/protocol/simulator';

export const Outcome = { Running: 0, Completed: 1, Failed: 2, Clashed: 3, ClassNotFound: 4, Aborted: 5 } as const;
export type Outcome = typeof Outcome[keyof typeof Outcome];
export const OUTCOME_NAMES = ['running', 'completed', 'failed', 'clashed', 'ClassNotFound', 'aborted'] as const;

/** A growable set of parallel typed columns. */
export class Columns<K extends string> {
  count = 0;
  cols: Record<K, Float64Array>;
  constructor(readonly names: readonly K[], capacity = 1024) {
    this.cols = Object.fromEntries(names.map(n => [n, new Float64Array(capacity)])) as Record<K, Float64Array>;
  }
  push(values: Record<K, number>): number {
    const i = this.count;
    if (i === this.cols[this.names[0]].length) {
      for (const n of this.names) { const a = new Float64Array(i * 2); a.set(this.cols[n]); this.cols[n] = a; }
    }
    for (const n of this.names) this.cols[n][i] = values[n];
    this.count++;
    return i;
  }
  clear(): void { this.count = 0; }
}

export interface Lane { key: string; node: string; thread: string | null }

export interface LastAcquisition {
  seq: number; t: number; node: string; sql: string; params: string[];
  selected: Set<string>; locked: Set<string>; clashed: Set<string>; batches: string[][];
}

/**
 * Per activity, from the trace: jobs created, executions started (`jobs`), executions running now,
 * executions completed, failures and incidents.
 */
export interface ActivityStats { created: number; jobs: number; running: number; completed: number; failures: number; incidents: number }

export const emptyActivityStats = (): ActivityStats => ({ created: 0, jobs: 0, running: 0, completed: 0, failures: 0, incidents: 0 });

export interface SimState {
  title: string;
  source: string;
  seed: number;
  until: number | null;
  settings: QuickSettings | null;
  bpmn: string | null;
  now: number;
  steps: number;
  done: boolean;
  running: boolean;
  speed: number;
  nodes: NodeView[];
  nodeIndex: Map<string, number>;
  events: TraceEvent[];
  jobs: Map<string, JobRowView>;
  /** Bumped whenever `jobs` changes (memo key of the table view). */
  jobsVersion: number;
  lastAcquisition: LastAcquisition | null;
  lanes: Lane[];
  laneIndex: Map<string, number>;
  /** Bars: start, end (NaN while running), lane, outcome, dup (1 = ran twice at once), ev (seq of jobStarted). */
  bars: Columns<'start' | 'end' | 'lane' | 'outcome' | 'dup' | 'ev'>;
  barJob: string[];
  openBars: Map<string, number>;
  /** Acquisition ticks: t, lane, locked, clashed, batches, seq. Marks: node crash/start, lock expiry. */
  ticks: Columns<'t' | 'lane' | 'locked' | 'clashed' | 'batches' | 'ev'>;
  marks: Columns<'t' | 'lane' | 'kind' | 'ev'>;
  perActivity: Map<string, ActivityStats>;
  /** Activity of each job ever created (jobFailed does not name it). */
  jobActivity: Map<string, string | null>;
  checkpoints: CheckpointInfo[];
  summary: RunSummaryView | null;
  explanation: ExplanationView | null;
  status: { level: 'info' | 'error'; message: string } | null;
  /** The scenario picker's entries and the selected id (kept across `init`). */
  scenarios: ScenarioChoice[];
  scenario: string;
  /** The last scaling study and the progress of a running one (kept across `init`). */
  study: StudyView | null;
  studyProgress: { done: number; total: number } | null;
}

export const MARK_CRASH = 0, MARK_START = 1, MARK_LOCK_EXPIRED = 2, MARK_DUPLICATE = 3;

export function createState(): SimState {
  return {
    title: '', source: '', seed: 0, until: null, settings: null, bpmn: null, now: 0, steps: 0, done: false, running: false, speed: 1000,
    nodes: [], nodeIndex: new Map(), events: [], jobs: new Map(), jobsVersion: 0, lastAcquisition: null,
    lanes: [], laneIndex: new Map(),
    bars: new Columns(['start', 'end', 'lane', 'outcome', 'dup', 'ev']), barJob: [], openBars: new Map(),
    ticks: new Columns(['t', 'lane', 'locked', 'clashed', 'batches', 'ev']),
    marks: new Columns(['t', 'lane', 'kind', 'ev']),
    perActivity: new Map(), jobActivity: new Map(), checkpoints: [], summary: null, explanation: null, status: null,
    scenarios: [], scenario: '', study: null, studyProgress: null,
  };
}

export interface Changes {
  full: boolean;
  events: boolean;
  jobs: boolean;
  nodes: boolean;
  running: boolean;
  explanation: boolean;
  status: boolean;
  checkpoints: boolean;
  /** The scenario picker's entries or selection. */
  scenarios: boolean;
  /** The study result or its progress. */
  study: boolean;
}

export const noChanges = (): Changes => ({
  full: false, events: false, jobs: false, nodes: false, running: false, explanation: false, status: false, checkpoints: false, scenarios: false, study: false,
});

// ---- lanes -------------------------------------------------------------------------------------------

function threadOrder(a: string, b: string): number {
  const na = Number(/(\d+)$/.exec(a)?.[1] ?? NaN), nb = Number(/(\d+)$/.exec(b)?.[1] ?? NaN);
  if (!Number.isNaN(na) && !Number.isNaN(nb) && a.replace(/\d+$/, '') === b.replace(/\d+$/, '')) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Lanes in display order: per node (scenario order) the acquisition lane, then its threads. */
export function orderedLanes(s: SimState): Lane[] {
  const nodeIdx = (n: string) => s.nodeIndex.get(n) ?? Number.MAX_SAFE_INTEGER;
  return [...s.lanes].sort((a, b) => nodeIdx(a.node) - nodeIdx(b.node) || (a.node < b.node ? -1 : a.node > b.node ? 1 : 0)
    || (a.thread === null ? -1 : b.thread === null ? 1 : threadOrder(a.thread, b.thread)));
}

export function laneOf(s: SimState, node: string, thread: string | null): number {
  const key = `${node}\u0000${thread ?? ''}`;
  let i = s.laneIndex.get(key);
  if (i === undefined) {
    i = s.lanes.length;
    s.lanes.push({ key, node, thread });
    s.laneIndex.set(key, i);
    if (!s.nodeIndex.has(node)) s.nodeIndex.set(node, s.nodeIndex.size);
    if (thread !== null) laneOf(s, node, null);
  }
  return i;
}

// ---- events --------------------------------------------------------------------------------------------

function activity(s: SimState, id: string | null): ActivityStats | null {
  if (id === null) return null;
  let a = s.perActivity.get(id);
  if (!a) s.perActivity.set(id, a = emptyActivityStats());
  return a;
}

function closeBar(s: SimState, key: string, t: number, outcome: Outcome): void {
  const i = s.openBars.get(key);
  if (i === undefined) return;
  s.openBars.delete(key);
  const a = s.perActivity.get(s.jobActivity.get(s.barJob[i]) ?? '');
  if (a) a.running--;
  s.bars.cols.end[i] = t;
  s.bars.cols.outcome[i] = outcome;
}

/** Folds one trace event into the lanes, ticks and per-activity counts. */
export function foldEvent(s: SimState, e: TraceEvent): void {
  switch (e.kind) {
    case 'jobCreated': {
      s.jobActivity.set(e.jobId, e.activityId);
      const a = activity(s, e.activityId);
      if (a) a.created++;
      break;
    }
    case 'jobStarted': {
      const lane = laneOf(s, e.node, e.thread);
      const i = s.bars.push({ start: e.t, end: NaN, lane, outcome: Outcome.Running, dup: 0, ev: e.seq });
      s.barJob[i] = e.jobId;
      s.openBars.set(`${e.node}/${e.thread}/${e.jobId}`, i);
      if (!s.jobActivity.has(e.jobId)) s.jobActivity.set(e.jobId, e.activityId);
      const a = activity(s, e.activityId);
      if (a) { a.jobs++; a.running++; }
      break;
    }
    case 'jobCompleted': {
      closeBar(s, `${e.node}/${e.thread}/${e.jobId}`, e.t, Outcome.Completed);
      const a = activity(s, s.jobActivity.get(e.jobId) ?? null);
      if (a) a.completed++;
      break;
    }
    case 'jobFailed': {
      closeBar(s, `${e.node}/${e.thread}/${e.jobId}`, e.t, /ClassNotFound/.test(e.error) ? Outcome.ClassNotFound : Outcome.Failed);
      const a = activity(s, s.jobActivity.get(e.jobId) ?? null);
      if (a) a.failures++;
      break;
    }
    case 'optimisticLockingFailure':
      closeBar(s, `${e.node}/${e.thread}/${e.jobId}`, e.t, Outcome.Clashed);
      break;
    case 'incident': {
      const a = activity(s, e.activityId);
      if (a) a.incidents++;
      break;
    }
    case 'duplicateExecution': {
      for (const [key, i] of s.openBars) if (key.endsWith(`/${e.jobId}`)) s.bars.cols.dup[i] = 1;
      s.marks.push({ t: e.t, lane: laneOf(s, e.nodes[e.nodes.length - 1] ?? '?', null), kind: MARK_DUPLICATE, ev: e.seq });
      break;
    }
    case 'acquisition': {
      const lane = laneOf(s, e.node, null);
      s.ticks.push({ t: e.t, lane, locked: e.locked.length, clashed: e.clashed.length, batches: e.batches.length, ev: e.seq });
      s.lastAcquisition = {
        seq: e.seq, t: e.t, node: e.node, sql: e.sql, params: e.params.map(String),
        selected: new Set(e.selected), locked: new Set(e.locked), clashed: new Set(e.clashed), batches: e.batches,
      };
      break;
    }
    case 'nodeCrashed': {
      for (const [key] of s.openBars) if (key.startsWith(`${e.node}/`)) closeBar(s, key, e.t, Outcome.Aborted);
      s.marks.push({ t: e.t, lane: laneOf(s, e.node, null), kind: MARK_CRASH, ev: e.seq });
      break;
    }
    case 'nodeStarted':
      s.marks.push({ t: e.t, lane: laneOf(s, e.node, null), kind: MARK_START, ev: e.seq });
      break;
    case 'lockExpired':
      s.marks.push({ t: e.t, lane: laneOf(s, e.lockOwner, null), kind: MARK_LOCK_EXPIRED, ev: e.seq });
      break;
  }
}

function setNodes(s: SimState, nodes: NodeView[]): void {
  s.nodes = nodes;
  nodes.forEach((n, i) => {
    if (s.nodeIndex.get(n.id) !== i) s.nodeIndex.set(n.id, i);
    laneOf(s, n.id, null);
    for (const t of n.threads) laneOf(s, n.id, t.id);
  });
}

function reset(s: SimState, f: FullState): void {
  const fresh = createState();
  // What does not belong to one run survives a rebuild: the picker and the study.
  fresh.scenarios = s.scenarios; fresh.scenario = s.scenario; fresh.study = s.study; fresh.studyProgress = s.studyProgress;
  Object.assign(s, fresh);
  s.title = f.title; s.source = f.source; s.seed = f.seed; s.until = f.until; s.settings = f.settings; s.bpmn = f.bpmn;
  s.now = f.now; s.steps = f.steps; s.done = f.done; s.running = f.running; s.speed = f.speed;
  s.checkpoints = f.checkpoints; s.summary = f.summary;
  setNodes(s, f.nodes);
  s.events = f.events.slice();
  for (const e of s.events) foldEvent(s, e);
  for (const r of f.jobs) s.jobs.set(r.ID_, r);
  s.jobsVersion++;
}

export function applyDelta(s: SimState, d: StepDelta): Changes {
  const c = noChanges();
  s.now = d.now; s.steps = d.steps; s.done = d.done; s.summary = d.summary;
  if (d.events.length) {
    c.events = true;
    for (const e of d.events) { s.events.push(e); foldEvent(s, e); }
  }
  if (d.upserts.length || d.deletes.length) {
    c.jobs = true;
    for (const r of d.upserts) s.jobs.set(r.ID_, r);
    for (const id of d.deletes) s.jobs.delete(id);
    s.jobsVersion++;
  }
  setNodes(s, d.nodes);
  c.nodes = true;
  if (d.checkpoints) { s.checkpoints = d.checkpoints; c.checkpoints = true; }
  return c;
}

/** The reducer: folds one host message into `s` and says what changed. */
export function applyHostMessage(s: SimState, m: SimulatorHostMessage): Changes {
  switch (m.type) {
    case 'init': {
      reset(s, m.state);
      return { ...noChanges(), full: true, events: true, jobs: true, nodes: true, running: true, explanation: true, checkpoints: true };
    }
    case 'delta': return applyDelta(s, m.delta);
    case 'running': { s.running = m.running; s.speed = m.speed; const c = noChanges(); c.running = true; return c; }
    case 'explanation': { s.explanation = m.explanation; const c = noChanges(); c.explanation = true; return c; }
    case 'status': { s.status = { level: m.level, message: m.message }; const c = noChanges(); c.status = true; return c; }
    case 'scenarios': { s.scenarios = m.items; s.scenario = m.selected; const c = noChanges(); c.scenarios = true; return c; }
    case 'studyProgress': { s.studyProgress = m.done >= m.total ? null : { done: m.done, total: m.total }; const c = noChanges(); c.study = true; return c; }
    case 'study': { s.study = m.study; s.studyProgress = null; const c = noChanges(); c.study = true; return c; }
  }
}

// ---- derived views (pure) ----------------------------------------------------------------------------------

export interface TableQuery { sortBy: JobColumn | 'SEQ_'; descending: boolean; filter: string }

function cmp(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

/**
 * The rows to show: filtered (case-insensitive substring over the shown columns; `col=value` or
 * `col:value` for one column; terms separated by spaces must all match) and sorted (SEQ_ ties).
 */
export function tableRows(s: SimState, q: TableQuery): JobRowView[] {
  let rows = [...s.jobs.values()];
  const terms = q.filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length) {
    const preds = terms.map(t => {
      const m = /^([a-z_]+)[=:](.*)$/.exec(t);
      if (m) {
        const col = m[1].toUpperCase().replace(/_?$/, '_') as keyof JobRowView;
        return (r: JobRowView) => String(r[col] ?? 'null').toLowerCase().includes(m[2]);
      }
      return (r: JobRowView) => Object.values(r).some(v => String(v ?? 'null').toLowerCase().includes(t));
    });
    rows = rows.filter(r => preds.every(p => p(r)));
  }
  const k = q.sortBy, dir = q.descending ? -1 : 1;
  rows.sort((a, b) => dir * cmp(a[k], b[k]) || a.SEQ_ - b.SEQ_);
  return rows;
}

/** How a row relates to the last acquisition: for highlighting. */
export function rowMark(s: SimState, id: string): 'clashed' | 'locked' | 'selected' | null {
  const a = s.lastAcquisition;
  if (!a) return null;
  if (a.clashed.has(id)) return 'clashed';
  if (a.locked.has(id)) return 'locked';
  if (a.selected.has(id)) return 'selected';
  return null;
}

/**
 * Tokens waiting per activity, for the diagram overlays: rows in ACT_RU_JOB with retries left that
 * no thread is executing right now (due or not, locked and queued or not).
 */
export function waitingPerActivity(s: SimState): Map<string, number> {
  const running = new Set<string>();
  for (const i of s.openBars.values()) running.add(s.barJob[i]);
  const m = new Map<string, number>();
  for (const r of s.jobs.values()) {
    if (r.ACT_ID_ !== null && (r.RETRIES_ ?? 0) > 0 && !running.has(r.ID_)) m.set(r.ACT_ID_, (m.get(r.ACT_ID_) ?? 0) + 1);
  }
  return m;
}

/** One activity's figures for the diagram and the table: waiting tokens plus the trace counts. */
export interface ActivityFigures extends ActivityStats { id: string; waiting: number }

/** Figures of every activity that has a job row or appears in the trace, sorted by id. */
export function activityFigures(s: SimState): ActivityFigures[] {
  const waiting = waitingPerActivity(s);
  const ids = [...new Set([...waiting.keys(), ...s.perActivity.keys()])].sort();
  return ids.map(id => ({ id, waiting: waiting.get(id) ?? 0, ...(s.perActivity.get(id) ?? emptyActivityStats()) }));
}

/** Indices of bars overlapping [t0, t1] (a linear scan of numbers; fine for 100k bars per frame). */
export function visibleBars(s: SimState, t0: number, t1: number, now: number, out: number[] = []): number[] {
  out.length = 0;
  const { start, end } = s.bars.cols;
  for (let i = 0; i < s.bars.count; i++) {
    const e = Number.isNaN(end[i]) ? now : end[i];
    if (start[i] <= t1 && e >= t0) out.push(i);
  }
  return out;
}

/** Events of the log after filtering by kind set and text. */
export function filteredEvents(s: SimState, kinds: ReadonlySet<string> | null, text: string): number[] {
  const out: number[] = [];
  const t = text.trim().toLowerCase();
  for (let i = 0; i < s.events.length; i++) {
    const e = s.events[i];
    if (kinds && !kinds.has(e.kind)) continue;
    if (t && !JSON.stringify(e).toLowerCase().includes(t)) continue;
    out.push(i);
  }
  return out;
}

/** One readable line per trace event (the log). */
export function describeEvent(e: TraceEvent): string {
  const l = (xs: readonly string[]) => `[${xs.join(', ')}]`;
  switch (e.kind) {
    case 'acquisition': return `${e.node} acquisition: locked ${l(e.locked)}${e.clashed.length ? `, clashed ${l(e.clashed)}` : ''}${e.batches.length ? `, ${e.batches.length} batch(es)` : ''}, wait ${e.waitMs} ms (idle ${e.idleLevel}, backoff ${e.backoffLevel})`;
    case 'jobCreated': return `created ${e.jobId} at ${e.activityId ?? '-'} (${e.handlerType}${e.exclusive ? ', exclusive' : ''}, priority ${e.priority}, retries ${e.retries})`;
    case 'jobStarted': return `${e.node}/${e.thread} started ${e.jobId} (${e.activityId ?? '-'})`;
    case 'jobCompleted': return `${e.node}/${e.thread} completed ${e.jobId} in ${e.durationMs} ms`;
    case 'jobDeleted': return `deleted ${e.jobId} at ${e.activityId ?? '-'}: ${e.reason}`;
    case 'jobFailed': return `${e.node}/${e.thread} failed ${e.jobId}: ${e.error} → retries ${e.retries} (${e.strategy})`;
    case 'incident': return `incident for ${e.jobId} at ${e.activityId ?? '-'}: ${e.error}`;
    case 'batchRejected': return `${e.node} rejected batch ${l(e.jobIds)} (pool full)`;
    case 'nodeCrashed': return `${e.node} crashed (running ${l(e.runningJobs)}, ${e.lockedJobs} locks left)`;
    case 'nodeStarted': return `${e.node} started`;
    case 'lockExpired': return `lock of ${e.jobId} by ${e.lockOwner} expired`;
    case 'duplicateExecution': return `${e.jobId} runs twice at once on ${e.nodes.join(', ')} (lock expired)`;
    case 'optimisticLockingFailure': return `${e.node}/${e.thread} OptimisticLockingException on ${e.jobId}`;
    case 'timeline': return `timeline: ${e.action}`;
    case 'processStarted': return `${e.node} started instance ${e.processInstanceId} of ${e.processDefinitionKey}`;
    case 'startFailed': return `start of ${e.processDefinitionKey} failed on ${e.node ?? 'no node (none up)'}: ${e.error}`;
    case 'nodeSupposedDead': return `${e.by} declared ${e.node} dead: no alive signal since ${e.lastAliveAt} ms (alive-signal model, ours — not Camunda)`;
    case 'jobsRestored': return `${e.by} restored ${e.node}'s jobs ${l(e.jobIds)}: locks cleared (alive-signal model, ours — not Camunda)`;
    default: {
      // Kinds the webview has no wording for yet (the trace format grows): show the fields.
      const { t: _t, seq: _s, kind, ...rest } = e as { t: number; seq: number; kind: string };
      return `${kind} ${JSON.stringify(rest)}`;
    }
  }
}
