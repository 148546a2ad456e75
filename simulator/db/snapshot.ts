// The snapshot contract of `bpmn-job-lab acquire <snapshot.json> --now <ms|ISO> [--node-config <json>]`:
//
//   { "jobs": [ { "ID_": "j1", "PROCESS_INSTANCE_ID_": "pi1", "DUEDATE_": "2025-01-01T10:00:00Z", ... } ] }
//
// * Rows are keyed by ACT_RU_JOB column names (schema.ts JOB_COLUMNS, incl. our ACT_ID_). The array order is
//   the insertion order, i.e. the simulator's "database order".
// * Missing columns take the engine defaults (REV_ 1, TYPE_ 'message', RETRIES_ 3, SUSPENSION_STATE_ 1,
//   EXCLUSIVE_ true, PRIORITY_ 0, HANDLER_TYPE_ 'async-continuation'); `null` is SQL NULL.
// * Times: epoch milliseconds (integer) or ISO 8601 strings. An ISO date-time without a zone is read as
//   UTC (never the machine's zone, so a snapshot means the same everywhere).
// * EXCLUSIVE_ accepts true/false/1/0/null.
// Errors name the exact place: `jobs[3].RETRIES_: expected an integer or null, got "x"`.

import { JOB_COLUMNS, JOB_COLUMN_NAMES, type ColumnSpec } from './schema';
import { JobTable, type JobInput, type OpenOptions } from './jobTable';
import { DEFAULT_JOB_EXECUTOR_SETTINGS, type JobExecutorSettings } from '../executorSettings';
import { acquireJobs, defaultAcquisitionConfig, LONG_MAX_VALUE, LONG_MIN_VALUE, type AcquisitionConfig } from './acquisition';

export interface SnapshotIssue { path: string; message: string }

/** A snapshot or node configuration that does not validate; `message` lists every issue, one a line. */
export class SnapshotError extends Error {
  constructor(readonly issues: SnapshotIssue[]) {
    super(issues.map(i => `${i.path}: ${i.message}`).join('\n'));
    this.name = 'SnapshotError';
  }
}

// ---------------------------------------------------------------------------------------------------
// helpers

function show(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  const s = JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest known name (case-insensitive, trailing underscore optional), or undefined. */
export function suggest(name: string, known: readonly string[]): string | undefined {
  const norm = (s: string) => s.toUpperCase().replace(/_+$/, '');
  const n = norm(name);
  const exact = known.find(k => norm(k) === n);
  if (exact) return exact;
  let best: string | undefined, bestD = Infinity;
  for (const k of known) {
    const d = levenshtein(n, norm(k));
    if (d < bestD) { bestD = d; best = k; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(n.length / 3)) ? best : undefined;
}

function unknownKey(path: string, key: string, known: readonly string[], what: string): SnapshotIssue {
  const s = suggest(key, known);
  return { path: `${path}.${key}`, message: `unknown ${what}${s ? `; did you mean "${s}"?` : ''}` };
}

function parseJson(input: string | unknown, what: string): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (e) {
    throw new SnapshotError([{ path: '$', message: `${what} is not valid JSON: ${(e as Error).message}` }]);
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

/**
 * An instant as virtual ms: an integer (epoch ms) or an ISO 8601 string (`2025-01-01`, `2025-01-01T10:00Z`,
 * `2025-01-01T10:00:00.250+02:00`; no zone = UTC). Throws SnapshotError naming `path`.
 */
export function parseInstant(value: unknown, path = '$'): number {
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    throw new SnapshotError([{ path, message: `expected epoch milliseconds (an integer) or an ISO 8601 string, got ${show(value)}` }]);
  }
  if (typeof value === 'string') {
    const t = value.trim();
    if (/^-?\d+$/.test(t)) return parseInstant(Number(t), path);
    const m = ISO.exec(t);
    if (m) {
      const [y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m.slice(1);
      const Y = +y, M = +mo, D = +d, H = +h, Mi = +mi, S = +s;
      const dim = [31, (Y % 4 === 0 && Y % 100 !== 0) || Y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][M - 1];
      if (M >= 1 && M <= 12 && D >= 1 && D <= dim && H <= 23 && Mi <= 59 && S <= 59) {
        let ms = Date.UTC(Y, M - 1, D, H, Mi, S, +(frac + '000').slice(0, 3));
        if (zone && zone.toUpperCase() !== 'Z') {
          const zm = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
          const off = (+zm[2] * 60 + +(zm[3] ?? 0)) * 60000;
          ms -= zm[1] === '+' ? off : -off;
        }
        return ms;
      }
    }
    throw new SnapshotError([{ path, message: `expected epoch milliseconds or an ISO 8601 date-time, got ${show(value)}` }]);
  }
  throw new SnapshotError([{ path, message: `expected epoch milliseconds (an integer) or an ISO 8601 string, got ${show(value)}` }]);
}

// ---------------------------------------------------------------------------------------------------
// snapshot

const JOB_TYPES = ['timer', 'message', 'ever-living'];

function parseCell(col: ColumnSpec, v: unknown, path: string, issues: SnapshotIssue[]): unknown {
  const orNull = col.notNull ? '' : ' or null';
  if (v === null) {
    if (col.notNull) issues.push({ path, message: `must not be null (NOT NULL column)` });
    return null;
  }
  switch (col.kind) {
    case 'string':
      if (typeof v !== 'string') { issues.push({ path, message: `expected a string${orNull}, got ${show(v)}` }); return undefined; }
      if (col.name === 'ID_' && !v.length) { issues.push({ path, message: 'expected a non-empty string' }); return undefined; }
      if (col.name === 'TYPE_' && !JOB_TYPES.includes(v)) {
        issues.push({ path, message: `expected "timer", "message" or "ever-living", got ${show(v)}` }); return undefined;
      }
      return v;
    case 'integer':
      if (typeof v !== 'number' || !Number.isSafeInteger(v)) { issues.push({ path, message: `expected an integer${orNull}, got ${show(v)}` }); return undefined; }
      if (col.name === 'SUSPENSION_STATE_' && v !== 1 && v !== 2) {
        issues.push({ path, message: `expected 1 (active) or 2 (suspended), got ${show(v)}` }); return undefined;
      }
      return v;
    case 'time':
      try { return parseInstant(v, path); } catch (e) { issues.push(...(e as SnapshotError).issues); return undefined; }
    case 'boolean':
      if (v === true || v === 1) return true;
      if (v === false || v === 0) return false;
      issues.push({ path, message: `expected true, false, 1, 0 or null, got ${show(v)}` });
      return undefined;
  }
}

/** Validates a snapshot (JSON text or parsed value) and returns the job rows in array (= insertion) order. */
export function parseSnapshot(input: string | unknown): JobInput[] {
  const doc = parseJson(input, 'the snapshot');
  const issues: SnapshotIssue[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new SnapshotError([{ path: '$', message: `expected an object {"jobs": [...]}, got ${show(doc)}` }]);
  }
  for (const k of Object.keys(doc)) {
    if (k !== 'jobs' && k !== '$schema') issues.push(unknownKey('$', k, ['jobs'], 'top-level key'));
  }
  const jobs = (doc as Record<string, unknown>).jobs;
  if (!Array.isArray(jobs)) {
    issues.push({ path: 'jobs', message: `expected an array of job rows, got ${show(jobs)}` });
    throw new SnapshotError(issues);
  }
  const byName = new Map(JOB_COLUMNS.map(col => [col.name, col]));
  const seen = new Map<string, number>();
  const rows: JobInput[] = [];
  jobs.forEach((raw, i) => {
    const at = `jobs[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      issues.push({ path: at, message: `expected an object keyed by ACT_RU_JOB column names, got ${show(raw)}` });
      return;
    }
    const row: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) {
      const col = byName.get(k);
      if (!col) {
        const issue = unknownKey(at, k, JOB_COLUMN_NAMES, 'column');
        if (k === 'SEQ_') issue.message = 'SEQ_ is not accepted: the database order is the order of the "jobs" array';
        issues.push(issue);
        continue;
      }
      const parsed = parseCell(col, v, `${at}.${k}`, issues);
      if (parsed !== undefined) row[k] = parsed;
    }
    if (!('ID_' in raw)) issues.push({ path: `${at}.ID_`, message: 'missing (every job needs an id)' });
    else if (typeof row.ID_ === 'string') {
      const first = seen.get(row.ID_);
      if (first !== undefined) issues.push({ path: `${at}.ID_`, message: `duplicate id ${show(row.ID_)} (first at jobs[${first}])` });
      else seen.set(row.ID_, i);
    }
    rows.push(row as JobInput);
  });
  if (issues.length) throw new SnapshotError(issues);
  return rows;
}

// ---------------------------------------------------------------------------------------------------
// node configuration

/** One job-executor node: acquisition settings plus the JobExecutor/thread-pool settings, engine names. */
export interface NodeConfig extends AcquisitionConfig, JobExecutorSettings {
  /** The engine default is a random UUID per JobExecutor; ours is fixed so runs are reproducible. */
  lockOwner: string;
  /** OURS: seed of the shuffle when databaseOrder is 'shuffled' (CLI use). */
  shuffleSeed: number;
}

export const DEFAULT_LOCK_OWNER = 'node-1';

/** Engine defaults (camunda-reference §3.1, §1.3). */
export function defaultNodeConfig(): NodeConfig {
  return {
    ...defaultAcquisitionConfig(),
    ...DEFAULT_JOB_EXECUTOR_SETTINGS,
    lockOwner: DEFAULT_LOCK_OWNER,
    shuffleSeed: 0,
  };
}

type Kind = 'boolean' | 'int' | 'number' | 'long' | 'string' | 'strings' | 'enum';
const NODE_KEYS: Record<keyof NodeConfig, { kind: Kind; values?: string[]; min?: number }> = {
  jobExecutorAcquireByPriority: { kind: 'boolean' },
  jobExecutorPreferTimerJobs: { kind: 'boolean' },
  jobExecutorAcquireByDueDate: { kind: 'boolean' },
  ensureJobDueDateNotNull: { kind: 'boolean' },
  jobExecutorPriorityRangeMin: { kind: 'long' },
  jobExecutorPriorityRangeMax: { kind: 'long' },
  jobExecutorDeploymentAware: { kind: 'boolean' },
  registeredDeployments: { kind: 'strings' },
  jobExecutorAcquireExclusiveOverProcessHierarchies: { kind: 'boolean' },
  historyCleanupEnabled: { kind: 'boolean' },
  databaseOrder: { kind: 'enum', values: ['insertion', 'shuffled'] },
  nullDueDateOrder: { kind: 'enum', values: ['first', 'last'] },
  hashMapInsertion: { kind: 'enum', values: ['computeIfAbsent', 'put'] },
  maxJobsPerAcquisition: { kind: 'int', min: 0 },
  waitTimeInMillis: { kind: 'int', min: 0 },
  waitIncreaseFactor: { kind: 'number' },
  maxWait: { kind: 'int', min: 0 },
  backoffTimeInMillis: { kind: 'int', min: 0 },
  maxBackoff: { kind: 'int', min: 0 },
  backoffDecreaseThreshold: { kind: 'int', min: 0 },
  lockTimeInMillis: { kind: 'int', min: 0 },
  corePoolSize: { kind: 'int', min: 0 },
  maxPoolSize: { kind: 'int', min: 1 },
  queueSize: { kind: 'int', min: 1 },
  lockOwner: { kind: 'string' },
  shuffleSeed: { kind: 'int' },
};
const NODE_KEY_NAMES = Object.keys(NODE_KEYS);

export const ENGINE_14031 = 'ENGINE-14031 Invalid configuration for job executor priority range. Reason: jobExecutorPriorityRangeMin can not be greater than jobExecutorPriorityRangeMax';

function parseLong(v: unknown, path: string, issues: SnapshotIssue[]): number | bigint | null | undefined {
  if (v === null) return null;
  let b: bigint | undefined;
  if (typeof v === 'number' && Number.isInteger(v)) b = BigInt(v);
  else if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) b = BigInt(v.trim());
  if (b === undefined || b < LONG_MIN_VALUE || b > LONG_MAX_VALUE) {
    issues.push({ path, message: `expected an integer in the Java long range (a number, or a string for values beyond 2^53), or null, got ${show(v)}` });
    return undefined;
  }
  return Number.isSafeInteger(Number(b)) ? Number(b) : b;
}

/**
 * The `--node-config` JSON: engine property names, every one optional, engine defaults otherwise.
 * Unknown keys are rejected with a suggestion; `jobExecutorPriorityRangeMin > Max` fails like the engine's
 * boot check (ENGINE-14031).
 */
export function parseNodeConfig(input?: string | unknown): NodeConfig {
  const cfg = defaultNodeConfig();
  if (input === undefined || input === null || input === '') return cfg;
  const doc = parseJson(input, 'the node configuration');
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new SnapshotError([{ path: '$', message: `expected an object of job executor properties, got ${show(doc)}` }]);
  }
  const issues: SnapshotIssue[] = [];
  const out = cfg as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(doc)) {
    const spec = NODE_KEYS[k as keyof NodeConfig];
    const path = k;
    if (!spec) { issues.push({ path, message: `unknown property${(s => s ? `; did you mean "${s}"?` : '')(suggest(k, NODE_KEY_NAMES))}` }); continue; }
    switch (spec.kind) {
      case 'boolean':
        if (typeof v === 'boolean') out[k] = v; else issues.push({ path, message: `expected true or false, got ${show(v)}` });
        break;
      case 'int':
        if (typeof v === 'number' && Number.isSafeInteger(v) && v >= (spec.min ?? -Infinity)) out[k] = v;
        else issues.push({ path, message: `expected an integer${spec.min !== undefined ? ` >= ${spec.min}` : ''}, got ${show(v)}` });
        break;
      case 'number':
        if (typeof v === 'number' && Number.isFinite(v)) out[k] = v; else issues.push({ path, message: `expected a number, got ${show(v)}` });
        break;
      case 'long': {
        const l = parseLong(v, path, issues);
        if (l !== undefined) out[k] = l;
        break;
      }
      case 'string':
        if (typeof v === 'string' && v.length) out[k] = v; else issues.push({ path, message: `expected a non-empty string, got ${show(v)}` });
        break;
      case 'strings':
        if (Array.isArray(v) && v.every(x => typeof x === 'string')) out[k] = [...v];
        else issues.push({ path, message: `expected an array of deployment ids (strings), got ${show(v)}` });
        break;
      case 'enum':
        if (typeof v === 'string' && spec.values!.includes(v)) out[k] = v;
        else issues.push({ path, message: `expected one of ${spec.values!.map(x => `"${x}"`).join(', ')}, got ${show(v)}` });
        break;
    }
  }
  if (!issues.length) {
    const min = cfg.jobExecutorPriorityRangeMin, max = cfg.jobExecutorPriorityRangeMax;
    if (min !== null && max !== null && BigInt(min) > BigInt(max)) {
      issues.push({ path: 'jobExecutorPriorityRangeMin', message: ENGINE_14031 });
    }
    // java.util.concurrent.ThreadPoolExecutor rejects these with IllegalArgumentException.
    if (cfg.maxPoolSize < cfg.corePoolSize) {
      issues.push({ path: 'maxPoolSize', message: `must be >= corePoolSize (${cfg.corePoolSize}); ThreadPoolExecutor throws IllegalArgumentException` });
    }
  }
  if (issues.length) throw new SnapshotError(issues);
  return cfg;
}

// ---------------------------------------------------------------------------------------------------
// the CLI's `acquire`

/** mulberry32: a small seeded PRNG in [0, 1), used only for databaseOrder 'shuffled' from the CLI. */
export function seededRand(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** bigint parameters (priority bounds beyond 2^53) as decimal strings, so the result is JSON-serialisable. */
function jsonSafe(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'bigint' ? v.toString() : v]));
}

export interface SnapshotAcquisition {
  attempted: number;
  selected: string[];
  locked: string[];
  clashed: string[];
  batches: string[][];
  sql: string;
  params: Record<string, unknown>;
  lockOwner: string;
  lockExpirationTime: number;
  /** The recommended acquisition index created for the ordering flags (null when no flag is on). */
  index: string | null;
  /** Every job after the acquisition, in database order (shows REV_ and the locks). */
  jobs: ReturnType<JobTable['allJobs']>;
}

/**
 * Loads a snapshot into a fresh job table and runs one acquisition of one node at `nowMs`
 * (limit = maxJobsPerAcquisition, lock expiry = now + lockTimeInMillis).
 * Throws SnapshotError on invalid input.
 */
export async function acquireFromSnapshot(snapshotJson: string | unknown, nowMs: number, nodeConfigJson?: string | unknown,
  opts: OpenOptions = {}): Promise<SnapshotAcquisition> {
  const rows = parseSnapshot(snapshotJson);
  const cfg = parseNodeConfig(nodeConfigJson);
  if (!Number.isSafeInteger(nowMs)) throw new SnapshotError([{ path: '--now', message: `expected epoch milliseconds, got ${show(nowMs)}` }]);
  const table = await JobTable.open(opts);
  try {
    table.insertJobs(rows);
    const index = table.ensureAcquisitionIndex(cfg);
    const r = acquireJobs(table, cfg, {
      now: nowMs, limit: cfg.maxJobsPerAcquisition, lockOwner: cfg.lockOwner, lockTimeInMillis: cfg.lockTimeInMillis,
      rand: cfg.databaseOrder === 'shuffled' ? seededRand(cfg.shuffleSeed) : undefined,
    });
    return {
      attempted: r.attempted, selected: r.selected, locked: r.locked, clashed: r.clashed, batches: r.batches,
      sql: r.sql, params: jsonSafe(r.params), lockOwner: cfg.lockOwner, lockExpirationTime: nowMs + cfg.lockTimeInMillis,
      index: index?.sql ?? null, jobs: table.allJobs(),
    };
  } finally {
    table.close();
  }
}
