// Scenario validation with path-precise messages
// (`nodes[1].config.waitTimeInMillis: expected a non-negative integer, got "5s"`) and unknown keys
// rejected with a "did you mean" suggestion. Produces the normalised `Scenario`.
import { durationToMillis } from '../../src/bpmn/duration';
import { parseSnapshot, SnapshotError } from '../db/snapshot';
import type { JobInput } from '../db/jobTable';
import { DEFAULT_CONTENTION, DEFAULT_STATEMENT_MS } from '../db/costModel';
import {
  DEFAULT_ENGINE, DEFAULT_LIMITS, DEFAULT_NODE_CONFIG,
  type ActivitySpec, type EngineSettings, type LoadSpec, type NodeConfig, type NodeSpec, type Scenario,
  type TimelineAction, type TimelineEntry, type DeploymentSpec, type DurationSpec,
} from './types';

export interface ScenarioError { path: string; message: string }

/**
 * Sizes a scenario may ask for. The validator and the simulator build arrays of these sizes up front
 * (the expanded nodes, the arrival times of every instance, the connection slots), so
 * `"instances": 1e9` or `"count": 1e9` would exhaust the heap (a V8 abort, no message) instead of
 * failing cleanly. Checked here, before anything is allocated, so every caller is protected.
 */
export const SIZE_LIMITS = { nodes: 1000, instances: 1_000_000, dbConnections: 10_000 } as const;

export class ScenarioValidationError extends Error {
  constructor(readonly errors: ScenarioError[]) {
    super(`invalid scenario:\n${errors.map(e => `  ${e.path || '(root)'}: ${e.message}`).join('\n')}`);
    this.name = 'ScenarioValidationError';
  }
}

type Json = unknown;
type Check = (v: Json, path: string, errs: ScenarioError[]) => boolean;

const show = (v: Json): string => {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? s.slice(0, 57) + '...' : s;
};
const fail = (errs: ScenarioError[], path: string, expected: string, v: Json): false => {
  errs.push({ path, message: `expected ${expected}, got ${show(v)}` });
  return false;
};

const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

const nonNegInt: Check = (v, p, e) => (Number.isInteger(v) && (v as number) >= 0) || fail(e, p, 'a non-negative integer', v);
const posInt: Check = (v, p, e) => (Number.isInteger(v) && (v as number) > 0) || fail(e, p, 'a positive integer', v);
const int: Check = (v, p, e) => Number.isInteger(v) || fail(e, p, 'an integer', v);
const nonNegNum: Check = (v, p, e) => (typeof v === 'number' && Number.isFinite(v) && v >= 0) || fail(e, p, 'a non-negative number', v);
const posNum: Check = (v, p, e) => (typeof v === 'number' && Number.isFinite(v) && v > 0) || fail(e, p, 'a positive number', v);
const prob: Check = (v, p, e) => (typeof v === 'number' && v >= 0 && v <= 1) || fail(e, p, 'a probability between 0 and 1', v);
const bool: Check = (v, p, e) => typeof v === 'boolean' || fail(e, p, 'true or false', v);
const str: Check = (v, p, e) => (typeof v === 'string' && v.length > 0) || fail(e, p, 'a non-empty string', v);
const strOrNull: Check = (v, p, e) => v === null || typeof v === 'string' || fail(e, p, 'a string or null', v);
const intOrNull: Check = (v, p, e) => v === null || Number.isInteger(v) || fail(e, p, 'an integer or null', v);
const oneOf = (...vals: string[]): Check => (v, p, e) => vals.includes(v as string) || fail(e, p, `one of ${vals.map(x => `"${x}"`).join(', ')}`, v);
const strArray: Check = (v, p, e) => {
  if (!Array.isArray(v)) return fail(e, p, 'an array of strings', v);
  let ok = true;
  v.forEach((x, i) => { ok = str(x, `${p}[${i}]`, e) && ok; });
  return ok;
};
const msOrDuration: Check = (v, p, e) => toMillis(v) !== undefined || fail(e, p, 'milliseconds (a non-negative integer) or an ISO 8601 duration like "PT200S"', v);

/** ms number or ISO 8601 duration text → virtual ms. */
export function toMillis(v: Json): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  try {
    if (/^\d+$/.test(v)) return Number(v);
    const r = durationToMillis(v, 0);
    return r.ok && r.ms !== null && Number.isFinite(r.ms) && r.ms >= 0 ? Math.round(r.ms) : undefined;
  } catch { return undefined; }
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]; d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}

export function didYouMean(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const k of known) {
    const dist = levenshtein(key, k);
    if (dist < bestD) { bestD = dist; best = k; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** Checks an object's keys against a table of per-key checks; unknown keys are errors. */
function checkObject(v: Json, path: string, errs: ScenarioError[], fields: Record<string, Check>, required: string[] = []): v is Record<string, Json> {
  if (!isObj(v)) return fail(errs, path, 'an object', v);
  const known = Object.keys(fields);
  let ok = true;
  for (const k of Object.keys(v)) {
    const p = path ? `${path}.${k}` : k;
    if (!(k in fields)) {
      const s = didYouMean(k, known);
      errs.push({ path: p, message: `unknown key${s ? ` (did you mean "${s}"?)` : ''}; allowed: ${known.join(', ')}` });
      ok = false;
    } else if (v[k] !== undefined) ok = fields[k](v[k], p, errs) && ok;
  }
  for (const r of required) if (v[r] === undefined) { errs.push({ path: path ? `${path}.${r}` : r, message: 'is required' }); ok = false; }
  return ok;
}

const arrayOf = (item: Check): Check => (v, p, e) => {
  if (!Array.isArray(v)) return fail(e, p, 'an array', v);
  let ok = true;
  v.forEach((x, i) => { ok = item(x, `${p}[${i}]`, e) && ok; });
  return ok;
};
const recordOf = (item: Check): Check => (v, p, e) => {
  if (!isObj(v)) return fail(e, p, 'an object', v);
  let ok = true;
  for (const [k, x] of Object.entries(v)) ok = item(x, `${p}.${k}`, e) && ok;
  return ok;
};

const ENGINE_FIELDS: Record<keyof EngineSettings, Check> = {
  profile: oneOf('7.24', 'legacy'),
  jobExecutorAcquireByPriority: bool,
  jobExecutorPreferTimerJobs: bool,
  jobExecutorAcquireByDueDate: bool,
  jobExecutorPriorityRangeMin: intOrNull,
  jobExecutorPriorityRangeMax: intOrNull,
  jobExecutorAcquireExclusiveOverProcessHierarchies: bool,
  ensureJobDueDateNotNull: bool,
  defaultRetries: nonNegInt,
  failedJobRetryTimeCycle: strOrNull,
  dbLatencyMs: nonNegInt,
  dbConnections: nonNegInt,
  databaseOrder: oneOf('insertion', 'shuffled'),
  defaultJobDurationMs: nonNegInt,
  executorProfile: oneOf('camunda', 'jbpm3'),
  idleInterval: nonNegInt,
  maxIdleInterval: nonNegInt,
  nodeRestartMs: nonNegInt,
  recovery: (v, p, e) => {
    if (!isObj(v)) return fail(e, p, 'an object like {"model": "lockExpiry"} or {"model": "aliveSignal", "aliveSignalIntervalMs": 5000, "numberOfSkippedIntervalsToSupposeDeath": 3}', v);
    if (!checkObject(v, p, e, { model: oneOf('lockExpiry', 'aliveSignal'), aliveSignalIntervalMs: posInt, numberOfSkippedIntervalsToSupposeDeath: posInt }, ['model'])) return false;
    const keys = ['aliveSignalIntervalMs', 'numberOfSkippedIntervalsToSupposeDeath'] as const;
    let ok = true;
    for (const k of keys) {
      if (v.model === 'aliveSignal' && v[k] === undefined) { e.push({ path: `${p}.${k}`, message: 'is required for model "aliveSignal"' }); ok = false; }
      if (v.model === 'lockExpiry' && v[k] !== undefined) { e.push({ path: `${p}.${k}`, message: 'only applies to model "aliveSignal" (lock expiry has no alive signals); remove it or set "model": "aliveSignal"' }); ok = false; }
    }
    return ok;
  },
  database: (v, p, e) => {
    if (!isObj(v)) return fail(e, p, 'an object like {"model": "flat"} or {"model": "contention", "connections": 8}', v);
    const msPerKind: Check = (x, xp, xe) => checkObject(x, xp, xe, { select: nonNegNum, lock: nonNegNum, load: nonNegNum, commit: nonNegNum, fail: nonNegNum });
    if (!checkObject(v, p, e, { model: oneOf('flat', 'contention'), connections: nonNegInt, statementMs: msPerKind, acquisitionRowUs: nonNegNum, indexes: oneOf('recommended', 'none') }, ['model'])) return false;
    let ok = true;
    if (v.model === 'flat') {
      for (const k of ['connections', 'statementMs', 'acquisitionRowUs', 'indexes']) {
        if (v[k] !== undefined) { e.push({ path: `${p}.${k}`, message: 'only applies to model "contention" (the flat model charges engine.dbLatencyMs per statement); remove it or set "model": "contention"' }); ok = false; }
      }
    }
    if (typeof v.connections === 'number' && v.connections > SIZE_LIMITS.dbConnections) { e.push({ path: `${p}.connections`, message: `${v.connections} exceeds the limit of ${SIZE_LIMITS.dbConnections} connections` }); ok = false; }
    return ok;
  },
};

const NODE_CONFIG_FIELDS: Record<keyof NodeConfig, Check> = {
  jobExecutorDeploymentAware: bool,
  registeredDeployments: strArray,
  maxJobsPerAcquisition: nonNegInt,
  waitTimeInMillis: nonNegInt,
  waitIncreaseFactor: nonNegNum,
  maxWait: nonNegInt,
  backoffTimeInMillis: nonNegInt,
  maxBackoff: nonNegInt,
  backoffDecreaseThreshold: nonNegInt,
  lockTimeInMillis: nonNegInt,
  corePoolSize: nonNegInt,
  maxPoolSize: posInt,
  queueSize: nonNegInt,
  threads: posInt,
};

const durationSpec: Check = (v, p, e) => {
  if (typeof v === 'number') return nonNegNum(v, p, e);
  if (!isObj(v)) return fail(e, p, 'a number of ms or {distribution: "fixed"|"uniform"|"exponential", ...}', v);
  switch (v.distribution) {
    case 'fixed': return checkObject(v, p, e, { distribution: str, ms: nonNegNum }, ['ms']);
    case 'uniform': {
      const ok = checkObject(v, p, e, { distribution: str, min: nonNegNum, max: nonNegNum }, ['min', 'max']);
      if (ok && (v.max as number) < (v.min as number)) { e.push({ path: `${p}.max`, message: `must be >= min (${v.min as number})` }); return false; }
      return ok;
    }
    case 'exponential': return checkObject(v, p, e, { distribution: str, mean: posNum }, ['mean']);
    default: return fail(e, `${p}.distribution`, 'one of "fixed", "uniform", "exponential"', v.distribution);
  }
};

const weights: Check = (v, p, e) => {
  if (typeof v === 'number') return nonNegNum(v, p, e);
  if (!isObj(v)) return fail(e, p, 'a non-negative number (a flow\'s weight) or an object of weights per outgoing flow id', v);
  let ok = true;
  for (const [k, w] of Object.entries(v)) ok = nonNegNum(w, `${p}.${k}`, e) && ok;
  return ok;
};

const ACTIVITY_FIELDS: Record<keyof ActivitySpec, Check> = {
  durationMs: durationSpec, failureProbability: prob, error: str, requiredClasses: str, weights, loopCardinality: nonNegInt,
};

const TIMELINE_ACTIONS: TimelineAction[] = ['crashNode', 'restartNode', 'deploy', 'registerDeployment', 'unregisterDeployment', 'suspendJobDefinition', 'activateJobDefinition', 'setOverridingJobPriority', 'clearOverridingJobPriority', 'setRetries'];

const TIMELINE_FIELDS: Record<keyof TimelineEntry, Check> = {
  at: msOrDuration, action: oneOf(...TIMELINE_ACTIONS), node: str, deployment: str, jobDefinitionId: str,
  activityId: str, jobId: str, priority: int, cascade: bool, retries: nonNegInt, deployments: strArray,
};
const TIMELINE_NEEDS: Record<TimelineAction, (keyof TimelineEntry)[]> = {
  crashNode: ['node'], restartNode: ['node'], deploy: ['deployment'], registerDeployment: ['node', 'deployment'],
  unregisterDeployment: ['node', 'deployment'], suspendJobDefinition: [], activateJobDefinition: [],
  setOverridingJobPriority: ['priority'], clearOverridingJobPriority: [], setRetries: ['jobId', 'retries'],
};

const TOP_FIELDS: Record<string, Check> = {
  description: (v, p, e) => typeof v === 'string' || fail(e, p, 'a string', v),
  seed: int,
  until: msOrDuration,
  engine: (v, p, e) => checkObject(v, p, e, ENGINE_FIELDS),
  nodes: (v, p, e) => {
    if (!Array.isArray(v) || v.length === 0) return fail(e, p, 'a non-empty array of nodes', v);
    return arrayOf((n, np, ne) => checkObject(n, np, ne, {
      id: str, count: posInt, deployments: strArray,
      config: (c, cp, ce) => checkObject(c, cp, ce, NODE_CONFIG_FIELDS),
    }, ['id']))(v, p, e);
  },
  deployments: arrayOf((d, p, e) => checkObject(d, p, e, { id: str, bpmn: str }, ['id', 'bpmn'])),
  load: arrayOf((l, p, e) => checkObject(l, p, e, {
    processDefinitionKey: str, instances: nonNegInt, intervalMs: nonNegInt, startAtMs: nonNegInt, arrivals: oneOf('fixed', 'exponential'),
    balancer: oneOf('round-robin', 'random'), nodes: strArray,
    variables: (v, vp, ve) => isObj(v) || fail(ve, vp, 'an object', v),
  }, ['processDefinitionKey', 'instances'])),
  activities: recordOf((a, p, e) => checkObject(a, p, e, ACTIVITY_FIELDS)),
  jobs: arrayOf((j, p, e) => isObj(j) || fail(e, p, 'a job row object', j)),
  timeline: arrayOf((t, p, e) => {
    if (!checkObject(t, p, e, TIMELINE_FIELDS, ['at', 'action'])) return false;
    let ok = true;
    if (t.deployments !== undefined && t.action !== 'restartNode') { e.push({ path: `${p}.deployments`, message: `only applies to action "restartNode" (the classes a node has after a restart), not "${t.action as string}"` }); ok = false; }
    for (const k of TIMELINE_NEEDS[t.action as TimelineAction] ?? []) {
      if (t[k] === undefined) { e.push({ path: `${p}.${k}`, message: `is required for action "${t.action as string}"` }); ok = false; }
    }
    return ok;
  }),
  limits: (v, p, e) => checkObject(v, p, e, { maxEvents: posInt, maxVirtualTime: msOrDuration, maxTransactionSteps: posInt, maxMemoryMb: posInt }),
};

/** Path-precise errors for sizes beyond SIZE_LIMITS (the types are already checked). */
function sizeErrors(raw: Record<string, any>): ScenarioError[] {
  const out: ScenarioError[] = [];
  let nodes = 0;
  (raw.nodes as any[]).forEach((n, i) => {
    if (nodes > SIZE_LIMITS.nodes) return; // reported once, at the entry that crossed the limit
    const c: number = n.count ?? 1;
    nodes += c;
    if (nodes > SIZE_LIMITS.nodes) {
      out.push({ path: n.count !== undefined ? `nodes[${i}].count` : `nodes[${i}]`, message: `${c} ${c === 1 ? 'node' : 'nodes'} (${nodes} in total) exceed the limit of ${SIZE_LIMITS.nodes} nodes per scenario` });
    }
  });
  const connections = raw.engine?.dbConnections as number | undefined;
  if (connections !== undefined && connections > SIZE_LIMITS.dbConnections) {
    out.push({ path: 'engine.dbConnections', message: `${connections} exceeds the limit of ${SIZE_LIMITS.dbConnections} connections` });
  }
  const maxEvents = raw.limits?.maxEvents as number | undefined;
  const cap = maxEvents !== undefined ? Math.min(maxEvents, SIZE_LIMITS.instances) : SIZE_LIMITS.instances;
  let instances = 0;
  ((raw.load ?? []) as any[]).forEach((l, i) => {
    if (instances > cap) return;
    instances += l.instances as number;
    if (instances > cap) {
      out.push({ path: `load[${i}].instances`, message: `${l.instances as number} instances (${instances} in total) exceed the limit of ${cap} instance starts per run` +
        (cap === maxEvents ? ' (limits.maxEvents: every start is at least one event)' : '') + '; lower "instances"' });
    }
  });
  return out;
}

/** Validates and normalises; returns the errors instead of throwing. */
export function checkScenario(input: Json): { scenario?: Scenario; errors: ScenarioError[] } {
  const errors: ScenarioError[] = [];
  if (!checkObject(input, '', errors, TOP_FIELDS, ['nodes', 'seed'])) return { errors };
  const raw = input as Record<string, any>;
  errors.push(...sizeErrors(raw));
  if (errors.length) return { errors };
  // cross-field checks
  const nodes: NodeSpec[] = [];
  const ids = new Set<string>();
  (raw.nodes as any[]).forEach((n, i) => {
    const config: NodeConfig = { ...DEFAULT_NODE_CONFIG, ...(n.config ?? {}) };
    config.registeredDeployments = [...(n.config?.registeredDeployments ?? [])];
    if (config.maxPoolSize < config.corePoolSize) errors.push({ path: `nodes[${i}].config.maxPoolSize`, message: `must be >= corePoolSize (${config.corePoolSize})` });
    const expanded = n.count === undefined ? [n.id as string] : Array.from({ length: n.count as number }, (_, k) => `${n.id}-${k + 1}`);
    for (const id of expanded) {
      if (ids.has(id)) errors.push({ path: `nodes[${i}].id`, message: `duplicate node id "${id}"` });
      ids.add(id);
      nodes.push({ id, deployments: n.deployments ? [...n.deployments] : undefined, config: { ...config, registeredDeployments: [...config.registeredDeployments] } });
    }
  });
  const deployments: DeploymentSpec[] = (raw.deployments ?? []).map((d: DeploymentSpec) => ({ id: d.id, bpmn: d.bpmn }));
  const depIds = new Set(deployments.map(d => d.id));
  const timeline: TimelineEntry[] = (raw.timeline ?? []).map((t: any, i: number) => {
    if (t.node !== undefined && !ids.has(t.node)) {
      const s = didYouMean(t.node, [...ids]);
      errors.push({ path: `timeline[${i}].node`, message: `unknown node "${t.node}"${s ? ` (did you mean "${s}"?)` : ''}` });
    }
    if (t.action === 'deploy' && t.deployment !== undefined && !depIds.has(t.deployment)) errors.push({ path: `timeline[${i}].deployment`, message: `unknown deployment "${t.deployment}"` });
    return t.deployments !== undefined ? { ...t, at: toMillis(t.at)!, deployments: [...t.deployments] } : { ...t, at: toMillis(t.at)! };
  });
  const groups = new Map<string, string[]>();
  (raw.nodes as any[]).forEach(n => { if (n.count !== undefined) groups.set(n.id, Array.from({ length: n.count as number }, (_, k) => `${n.id}-${k + 1}`)); });
  const load: LoadSpec[] = (raw.load ?? []).map((l: LoadSpec, i: number) => {
    const out: LoadSpec = { ...l };
    if (l.nodes !== undefined) {
      if (l.balancer === undefined) errors.push({ path: `load[${i}].nodes`, message: 'needs "balancer" (the nodes a load balancer sends the starts to)' });
      if (!l.nodes.length) errors.push({ path: `load[${i}].nodes`, message: 'must name at least one node' });
      const expanded: string[] = [];
      l.nodes.forEach((id, k) => {
        const members = ids.has(id) ? [id] : groups.get(id);
        if (!members) {
          const s = didYouMean(id, [...ids, ...groups.keys()]);
          errors.push({ path: `load[${i}].nodes[${k}]`, message: `unknown node "${id}"${s ? ` (did you mean "${s}"?)` : ''}` });
          return;
        }
        for (const m of members) if (!expanded.includes(m)) expanded.push(m);
      });
      out.nodes = expanded;
    }
    return out;
  });
  timeline.sort((a, b) => a.at - b.at); // stable: same-time entries keep file order
  const engine: EngineSettings = { ...DEFAULT_ENGINE, ...(raw.engine ?? {}) };
  engine.recovery = { ...(raw.engine?.recovery ?? DEFAULT_ENGINE.recovery) };
  engine.database = engine.database.model === 'contention'
    ? { ...DEFAULT_CONTENTION, ...engine.database, statementMs: { ...DEFAULT_STATEMENT_MS, ...(engine.database.statementMs ?? {}) } }
    : { model: 'flat' };
  if (engine.database.model === 'contention' && engine.dbConnections > 0) {
    errors.push({ path: 'engine.dbConnections', message: 'belongs to the flat database model; with engine.database.model "contention" set engine.database.connections instead' });
  }
  if (engine.jobExecutorPriorityRangeMin !== null && engine.jobExecutorPriorityRangeMax !== null && engine.jobExecutorPriorityRangeMin > engine.jobExecutorPriorityRangeMax) {
    errors.push({ path: 'engine.jobExecutorPriorityRangeMax', message: 'must be >= jobExecutorPriorityRangeMin' });
  }
  let jobs: JobInput[] = [];
  if (raw.jobs !== undefined) {
    try { jobs = parseSnapshot({ jobs: raw.jobs }); } catch (e) {
      if (!(e instanceof SnapshotError)) throw e;
      for (const issue of e.issues) errors.push({ path: issue.path.replace(/^\$\.?/, ''), message: issue.message });
    }
  }
  if (errors.length) return { errors };
  const limits = { ...DEFAULT_LIMITS, ...(raw.limits ?? {}) };
  if (raw.limits?.maxVirtualTime !== undefined) limits.maxVirtualTime = toMillis(raw.limits.maxVirtualTime)!;
  const scenario: Scenario = {
    seed: raw.seed,
    until: raw.until === undefined ? null : toMillis(raw.until)!,
    engine,
    nodes,
    deployments,
    load,
    activities: Object.fromEntries(Object.entries(raw.activities ?? {}).map(([k, a]) => [k, { ...(a as ActivitySpec) }])),
    jobs,
    timeline,
    limits,
  };
  return { scenario, errors };
}

/** Validates and normalises; throws ScenarioValidationError listing every problem. */
export function validateScenario(input: Json): Scenario {
  const { scenario, errors } = checkScenario(input);
  if (!scenario) throw new ScenarioValidationError(errors);
  return scenario;
}

export function sampleDurationSpec(spec: DurationSpec, next: () => number): number {
  if (typeof spec === 'number') return Math.round(spec);
  switch (spec.distribution) {
    case 'fixed': return Math.round(spec.ms);
    case 'uniform': return Math.round(spec.min + next() * (spec.max - spec.min));
    case 'exponential': return Math.round(-Math.log(1 - next()) * spec.mean);
  }
}
