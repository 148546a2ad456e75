// OURS: a database contention model for the simulator — NOT something the engine does or measures.
// Opt-in with `engine.database: { model: 'contention', ... }`; the default (`model: 'flat'`) keeps the
// simulator's original rule: every statement takes `engine.dbLatencyMs` of virtual time (and, with
// `engine.dbConnections`, holds one of those connections for that time). See
// docs/simulator/db-contention-model.md for the reasoning behind the numbers.
//
// Under 'contention' a statement's time is network + service:
// * network: `engine.dbLatencyMs` per round trip. It does NOT occupy the database: while bytes travel,
//   the server works for others. The lock UPDATEs of one acquisition are one round trip (the engine
//   flushes them as one JDBC batch: `jdbcBatchProcessing` is on by default).
// * service: time the database works on the statement, per statement kind (`statementMs`), on one of
//   `connections` slots (the server's concurrency: backends that make progress at once). A statement
//   that finds every slot busy waits FIFO. The acquisition SELECT adds a per-row cost for the rows it
//   examines, read from SQLite's real query plan of the real acquisition SQL (AcquisitionCostModel).
// Virtual time is integer ms, service times are sub-millisecond: the slots keep fractional times, a
// statement's answer arrives at the first millisecond tick at or after `start + service + network`.
// A statement's effect on the table happens when its service starts (at the tick it is dispatched).
import type { SqlValue } from 'sql.js';
import type { JobTable } from './jobTable';
import { buildAcquisitionQuery, type AcquisitionConfig } from './acquisition';

export type StatementKind = 'select' | 'lock' | 'load' | 'commit' | 'fail';

/** Database service time per statement kind, in (fractional) ms. */
export interface StatementCosts {
  /** The acquisition SELECT's fixed part (parse, plan, the transaction around it); rows examined come on top. */
  select: number;
  /** One lock UPDATE (per selected row). */
  lock: number;
  /** A worker loading its job (SELECT by id; the execution and variables it reads). */
  load: number;
  /** A job's transaction commit: the job DELETE, execution and history writes, the commit itself. */
  commit: number;
  /** The failure UPDATE (retries, due date, exception) and its commit. */
  fail: number;
}

export type DatabaseModel = 'flat' | 'contention';
export type AcquisitionIndexes = 'recommended' | 'none';

export interface ContentionSettings {
  model: 'contention';
  /** Statements the database serves at once; further statements wait FIFO. 0 = unlimited. */
  connections: number;
  statementMs: StatementCosts;
  /** µs of database work per row the acquisition query examines. */
  acquisitionRowUs: number;
  /** 'recommended': the index the docs recommend for the ordering flags exists; 'none': it does not. */
  indexes: AcquisitionIndexes;
}

/** 'flat' (default): every statement costs `engine.dbLatencyMs`, as before. 'contention': this model. */
export type DatabaseSettings = { model: 'flat' } | ContentionSettings;

/**
 * Defaults for a PostgreSQL-class database on a LAN (reasoning in docs/simulator/db-contention-model.md):
 * a primary-key SELECT or UPDATE costs a few hundred µs of server time, a commit with its history
 * INSERTs and WAL flush about 1 ms; scanning and filtering one row of ACT_RU_JOB (with the exclusive
 * NOT EXISTS probe) about 0.3 µs, so an unindexed, sorted acquisition on 10 000 rows takes ≈ 3.5 ms.
 */
export const DEFAULT_STATEMENT_MS: Readonly<StatementCosts> = Object.freeze({ select: 0.5, lock: 0.2, load: 0.3, commit: 1, fail: 0.5 });

export const DEFAULT_DATABASE: Readonly<DatabaseSettings> = Object.freeze({ model: 'flat' as const });

/** The contention model's defaults (a scenario's `engine.database` fills its gaps from these). */
export const DEFAULT_CONTENTION: Readonly<ContentionSettings> = Object.freeze({
  model: 'contention' as const,
  connections: 8,
  statementMs: DEFAULT_STATEMENT_MS,
  acquisitionRowUs: 0.3,
  indexes: 'recommended' as const,
});

/** Service time of a fixed-cost statement; `rows` = the number of UPDATEs of a lock round trip. */
export function statementServiceMs(costs: StatementCosts, kind: Exclude<StatementKind, 'select'>, rows = 1): number {
  return kind === 'lock' ? costs.lock * Math.max(1, rows) : costs[kind];
}

/** How SQLite runs an acquisition query: `sorted` reads every row and sorts; `walk` reads rows already in ORDER BY order and stops at LIMIT. */
export type AcquisitionPlanKind = 'sorted' | 'walk';

export interface AcquisitionPlan {
  kind: AcquisitionPlanKind;
  /** EXPLAIN QUERY PLAN detail lines, for tests and docs. */
  lines: string[];
}

export interface AcquisitionCost {
  plan: AcquisitionPlanKind;
  /** Rows of ACT_RU_JOB when the query ran. */
  tableRows: number;
  /** Rows the query is charged for reading. */
  rowsExamined: number;
  /** Database service time of the SELECT, ms. */
  serviceMs: number;
}

/**
 * The acquisition SELECT's cost, grounded in SQLite's plan of the very SQL the simulator runs:
 * * `sorted` (the plan has `USE TEMP B-TREE FOR ORDER BY`: no index serves the ORDER BY): the query
 *   reads and sorts every candidate; charged for every row of ACT_RU_JOB.
 * * `walk` (rowid or index order already is the ORDER BY): the query reads rows in order and stops
 *   at LIMIT; charged for the rows up to and including the last one returned — the returned rows
 *   plus every row ahead of them that did not qualify (locked by another node, not yet due,
 *   suspended, retries used up, blocked by the exclusive rule). When fewer than LIMIT rows came back
 *   the walk reached the end: every row. (For a due-date range walk that is an upper bound.)
 * Plans are cached per SQL text (the text depends only on the flags and a deployment-aware node's
 * number of deployments). `databaseOrder: 'shuffled'` is our device to show an unordered result, not
 * the database's work: plans and positions are those of the insertion-order query.
 */
export class AcquisitionCostModel {
  private plans = new Map<string, AcquisitionPlan>();

  constructor(private readonly table: JobTable, private readonly rowUs: number, private readonly selectMs: number) {}

  /** The plan of the acquisition query for this configuration (cached per SQL text). */
  plan(cfg: AcquisitionConfig): AcquisitionPlan {
    const q = buildAcquisitionQuery({ ...cfg, databaseOrder: 'insertion' }, 0, 1);
    let p = this.plans.get(q.sql);
    if (!p) {
      const res = this.table.database.exec('EXPLAIN QUERY PLAN ' + q.sql, q.params as Record<string, SqlValue>);
      const lines = (res[0]?.values ?? []).map(r => String(r[3]));
      p = { kind: lines.some(l => /USE TEMP B-TREE FOR (RIGHT PART OF )?ORDER BY/.test(l)) ? 'sorted' : 'walk', lines };
      this.plans.set(q.sql, p);
    }
    return p;
  }

  /** Rows in ACT_RU_JOB (SQLite counts b-tree cells: ~µs per thousand rows, see the doc). */
  tableRows(): number {
    return this.table.query('SELECT COUNT(*) FROM ACT_RU_JOB')[0][0] as number;
  }

  /**
   * The cost of an acquisition query that just returned `returned` (query order) with `limit`. Run it
   * right after the query, before anything changes the table.
   */
  cost(cfg: AcquisitionConfig, returned: readonly { ID_: string; PRIORITY_: number; TYPE_: string; DUEDATE_: number | null }[], limit: number): AcquisitionCost {
    const plan = this.plan(cfg).kind;
    const tableRows = this.tableRows();
    const rowsExamined = plan === 'sorted' || returned.length < limit || returned.length === 0
      ? tableRows
      : this.position(cfg, returned[returned.length - 1]);
    return { plan, tableRows, rowsExamined, serviceMs: this.selectMs + this.rowUs * rowsExamined / 1000 };
  }

  /** 1-based position of a row in the query's ORDER BY over the whole table (ignoring WHERE). */
  position(cfg: AcquisitionConfig, last: { ID_: string; PRIORITY_: number; TYPE_: string; DUEDATE_: number | null }): number {
    const terms: { col: string; desc: boolean; nullsFirst: boolean; value: SqlValue }[] = [];
    if (cfg.jobExecutorAcquireByPriority) terms.push({ col: 'PRIORITY_', desc: true, nullsFirst: false, value: last.PRIORITY_ });
    if (cfg.jobExecutorPreferTimerJobs) terms.push({ col: 'TYPE_', desc: true, nullsFirst: false, value: last.TYPE_ });
    if (cfg.jobExecutorAcquireByDueDate) terms.push({ col: 'DUEDATE_', desc: false, nullsFirst: cfg.nullDueDateOrder !== 'last', value: last.DUEDATE_ });
    // rank = Σ_k #(equal on terms < k, strictly before on term k) + #(equal on all terms, SEQ_ <= last's)
    const parts: string[] = [];
    const params: Record<string, SqlValue> = { ':id': last.ID_ };
    const equal: string[] = [];
    terms.forEach((t, k) => {
      const v = `:v${k}`;
      params[v] = t.value;
      const before = t.value === null
        ? (t.nullsFirst ? null : `${t.col} IS NOT NULL`)
        : t.desc ? `${t.col} > ${v}` : (t.nullsFirst ? `(${t.col} IS NULL OR ${t.col} < ${v})` : `${t.col} < ${v}`);
      if (before !== null) parts.push(`(SELECT COUNT(*) FROM ACT_RU_JOB WHERE ${[...equal, before].join(' AND ')})`);
      equal.push(t.value === null ? `${t.col} IS NULL` : `${t.col} = ${v}`);
    });
    parts.push(`(SELECT COUNT(*) FROM ACT_RU_JOB WHERE ${[...equal, 'SEQ_ <= (SELECT SEQ_ FROM ACT_RU_JOB WHERE ID_ = :id)'].join(' AND ')})`);
    const sql = `SELECT ${parts.join(' + ')}`;
    const used: Record<string, SqlValue> = {};
    for (const [k, v] of Object.entries(params)) if (sql.includes(k)) used[k] = v;
    return this.table.query(sql, used)[0][0] as number;
  }
}

// ---------------------------------------------------------------------------------------------------
// The database's statement slots

export interface Waiting<T> { op: T; at: number }

export interface DbServerState<T> { freeAt: number[]; waiting: Waiting<T>[]; wakeAt: number | null }

/**
 * `connections` slots with fractional free times and a FIFO of statements waiting for one (0 slots =
 * unlimited: every statement starts at once). Plain data, checkpointed with the simulation.
 */
export class DbServer<T> {
  freeAt: number[];
  waiting: Waiting<T>[] = [];
  /** The tick of the pending wake-up event (null: none scheduled). */
  wakeAt: number | null = null;

  constructor(connections: number) { this.freeAt = new Array(connections).fill(0); }

  get unlimited(): boolean { return this.freeAt.length === 0; }

  /** The slot free at `now` (within EPS, as nextWake rounds) with the earliest free time (lowest index on ties), or -1. */
  private freeSlot(now: number): number {
    let best = -1;
    for (let i = 0; i < this.freeAt.length; i++) if (this.freeAt[i] <= now + EPS && (best < 0 || this.freeAt[i] < this.freeAt[best])) best = i;
    return best;
  }

  /**
   * A statement arrives at `now`: returns where and when it starts (start ≤ now) or null when it
   * joined the FIFO (the caller schedules a wake-up at `nextWake()`).
   */
  arrive(now: number, op: T): { slot: number; start: number } | null {
    if (this.unlimited) return { slot: -1, start: now };
    if (this.waiting.length === 0) {
      const s = this.freeSlot(now);
      if (s >= 0) return { slot: s, start: now };
    }
    this.waiting.push({ op, at: now });
    return null;
  }

  /** The next waiting statement that can start by `now`, with its slot and start (max of arrival and the slot's free time). */
  next(now: number): { op: T; at: number; slot: number; start: number } | null {
    if (!this.waiting.length) return null;
    const s = this.freeSlot(now);
    if (s < 0) return null;
    const w = this.waiting.shift()!;
    return { op: w.op, at: w.at, slot: s, start: Math.max(w.at, this.freeAt[s]) };
  }

  /** The slot is busy until `end` (fractional ms). */
  occupy(slot: number, end: number): void { if (slot >= 0) this.freeAt[slot] = end; }

  /** The tick at which a waiting statement can next start (null: nothing waits). */
  nextWake(): number | null {
    if (!this.waiting.length) return null;
    return Math.ceil(Math.min(...this.freeAt) - EPS);
  }

  serialize(): DbServerState<T> { return { freeAt: [...this.freeAt], waiting: this.waiting.map(w => ({ ...w })), wakeAt: this.wakeAt }; }

  restore(s: DbServerState<T>): void { this.freeAt = [...s.freeAt]; this.waiting = s.waiting.map(w => ({ ...w })); this.wakeAt = s.wakeAt; }
}

/** Tolerance for fractional sums (0.1 + 0.2) before rounding up to a tick. */
export const EPS = 1e-9;

/** The first integer tick at or after `t` (fractional ms). */
export function tickAtOrAfter(t: number): number { return Math.ceil(t - EPS); }

/** Database utilisation: busy ÷ (connections × span); null when connections are unlimited (0) — no capacity to divide by. */
export function utilisation(busyMs: number, connections: number, spanMs: number): number | null {
  if (connections <= 0) return null;
  if (spanMs <= 0) return 0;
  return Math.round((busyMs / (connections * spanMs)) * 10000) / 10000;
}
