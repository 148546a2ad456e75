// Job acquisition as the engine does it (job-executor.md §2, camunda-reference §1-2):
// `JobManager.findNextJobsToExecute` + Job.xml `selectNextJobsToExecute` translated to SQLite, the lock
// UPDATE of `AcquireJobsCmd`, and the batch grouping with java.util.HashMap order.
//
// Faithfulness notes:
// * SQL three-valued logic is kept: NULL RETRIES_/EXCLUSIVE_ never match, a NULL process instance never
//   blocks, a lock owner with NULL expiry is neither acquirable nor blocking.
// * Booleans are INTEGER 0/1 here (SQLite), so `EXCLUSIVE_ = 1/0` plays the engine's `= true/false`.
// * ORDER: the engine's query has NO ORDER BY unless a flag is on, so the row order is the database's.
//   We make that explicit: `databaseOrder: 'insertion'` orders by SEQ_ (the insertion counter) and
//   labels it "database order, here: insertion order"; `'shuffled'` orders by a keyed permutation of SEQ_
//   whose keys come from a seeded rand, fresh for every query (see SHUFFLE_KEY). With flags on, the engine's terms come first (PRIORITY_ DESC, TYPE_ DESC,
//   DUEDATE_ ASC in that fixed precedence) and the database order breaks the ties (the engine leaves
//   ties to the database too). Priorities never order anything unless jobExecutorAcquireByPriority is on.
// * NULL DUEDATE_ under `DUEDATE_ ASC`: the engine inherits the database's default; we default to H2's
//   (and MySQL's, MSSQL's, SQLite's) "nulls first"; `nullDueDateOrder: 'last'` gives PostgreSQL/Oracle/DB2.

import type { SqlValue } from 'sql.js';
import type { JobTable } from './jobTable';
import { JavaHashMap, type JavaHashMapInsertion } from './javaHashMap';

export const LONG_MIN_VALUE = -9223372036854775808n;
export const LONG_MAX_VALUE = 9223372036854775807n;

/** Acquisition settings, under the engine's property names (plus three of ours, marked). */
export interface AcquisitionConfig {
  jobExecutorAcquireByPriority: boolean;
  jobExecutorPreferTimerJobs: boolean;
  jobExecutorAcquireByDueDate: boolean;
  ensureJobDueDateNotNull: boolean;
  /** null (or Long.MIN_VALUE) = unbounded, the engine default. */
  jobExecutorPriorityRangeMin: number | bigint | null;
  /** null (or Long.MAX_VALUE) = unbounded, the engine default. */
  jobExecutorPriorityRangeMax: number | bigint | null;
  jobExecutorDeploymentAware: boolean;
  /** This node's registered deployments (in-memory, per node, in the engine too). */
  registeredDeployments: string[];
  jobExecutorAcquireExclusiveOverProcessHierarchies: boolean;
  historyCleanupEnabled: boolean;
  /** OURS: how the database orders rows the query leaves unordered. */
  databaseOrder: 'insertion' | 'shuffled';
  /** OURS: where NULL DUEDATE_ sorts under `DUEDATE_ ASC` ('first' = H2/MySQL/MSSQL, 'last' = PostgreSQL/Oracle/DB2). */
  nullDueDateOrder: 'first' | 'last';
  /** OURS: how AcquireJobsCmd fills its HashMap ('computeIfAbsent' in current releases; 'put' = older get/put code). */
  hashMapInsertion?: JavaHashMapInsertion;
}

/** Engine defaults (ProcessEngineConfiguration / ProcessEngineConfigurationImpl), ours: insertion order, nulls first. */
export function defaultAcquisitionConfig(): AcquisitionConfig {
  return {
    jobExecutorAcquireByPriority: false,
    jobExecutorPreferTimerJobs: false,
    jobExecutorAcquireByDueDate: false,
    ensureJobDueDateNotNull: false,
    jobExecutorPriorityRangeMin: null,
    jobExecutorPriorityRangeMax: null,
    jobExecutorDeploymentAware: false,
    registeredDeployments: [],
    jobExecutorAcquireExclusiveOverProcessHierarchies: false,
    historyCleanupEnabled: true,
    databaseOrder: 'insertion',
    nullDueDateOrder: 'first',
    hashMapInsertion: 'computeIfAbsent',
  };
}

export interface AcquisitionQuery {
  sql: string;
  /** Named parameters, keys as sql.js binds them (':now', ':limit', ...). */
  params: Record<string, unknown>;
}

/** `Commons.applyInForPaginatedCollection` splits IN lists into OR'ed chunks of 1000. */
const IN_CHUNK = 1000;

function isMinBound(v: number | bigint | null): boolean {
  return v === null || (typeof v === 'bigint' ? v <= LONG_MIN_VALUE : v <= -(2 ** 63));
}
function isMaxBound(v: number | bigint | null): boolean {
  // 2^63 - 1 is not a double; as a number it rounds to 2^63.
  return v === null || (typeof v === 'bigint' ? v >= LONG_MAX_VALUE : v >= 2 ** 63);
}
function bindLong(v: number | bigint): unknown {
  if (typeof v === 'number') return v;
  // sql.js binds a bigint as text; compared with the INTEGER-affinity PRIORITY_ it is converted back.
  return Number.isSafeInteger(Number(v)) ? Number(v) : v;
}

/**
 * The shuffle key of `databaseOrder: 'shuffled'`: a keyed permutation of SEQ_ computed in SQL,
 * ((SEQ_ XOR :shuffleXor) × :shuffleMul + :shuffleAdd) mod (2^31 − 1), with XOR written as (a | b) − (a & b)
 * (SQLite has no XOR operator). The three keys are drawn from the caller's seeded rand for every query, so
 * each acquisition sees a different, reproducible order. All operands stay below 2^62 (no overflow to REAL).
 * Cost: every candidate row is keyed and top-N sorted (like ORDER BY RANDOM()); the insertion order walks
 * the rowid and stops at LIMIT.
 */
const SHUFFLE_KEY = '((((RES.SEQ_ | :shuffleXor) - (RES.SEQ_ & :shuffleXor)) * :shuffleMul + :shuffleAdd) % 2147483647)';
const SHUFFLE_MOD = 2147483647;

/** Draws the shuffle keys for one query from a seeded rand in [0, 1). */
export function shuffleParams(rand: () => number): Record<string, number> {
  return {
    ':shuffleXor': Math.floor(rand() * 2147483648) % 2147483648,
    ':shuffleMul': 1 + (Math.floor(rand() * (SHUFFLE_MOD - 1)) % (SHUFFLE_MOD - 1)),
    ':shuffleAdd': Math.floor(rand() * SHUFFLE_MOD) % SHUFFLE_MOD,
  };
}

/** The ORDER BY the engine would apply (null when no flag is on), without our tiebreak. */
export function engineOrderBy(cfg: AcquisitionConfig): string | null {
  const terms: string[] = [];
  if (cfg.jobExecutorAcquireByPriority) terms.push('RES.PRIORITY_ DESC');
  if (cfg.jobExecutorPreferTimerJobs) terms.push('RES.TYPE_ DESC');
  if (cfg.jobExecutorAcquireByDueDate) terms.push(cfg.nullDueDateOrder === 'last' ? 'RES.DUEDATE_ ASC NULLS LAST' : 'RES.DUEDATE_ ASC');
  return terms.length ? terms.join(', ') : null;
}

/**
 * `selectNextJobsToExecute` for SQLite. `now` is virtual ms; `limit` is numJobsToAcquire.
 * The select list adds ROOT_PROC_INST_ID_ (the engine selects it only with the hierarchies flag),
 * PRIORITY_ and TYPE_ (the engine does not select them) for traces; the WHERE clause is the engine's.
 */
export function buildAcquisitionQuery(cfg: AcquisitionConfig, now: number, limit: number, rand?: () => number): AcquisitionQuery {
  const params: Record<string, unknown> = { ':now': now, ':limit': limit };
  if (cfg.databaseOrder === 'shuffled') {
    if (!rand) throw new Error("databaseOrder 'shuffled' needs a seeded rand function");
    Object.assign(params, shuffleParams(rand));
  }
  const where: string[] = [];
  where.push('(RES.RETRIES_ > 0)');
  // With acquireByDueDate the due-date index must serve the ORDER BY: for the `IS NULL OR <=` form SQLite
  // would otherwise use the index for this predicate (MULTI-INDEX OR) and then sort every due row.
  // `+col` is SQLite's "no index for this term" marker; the predicate's meaning is unchanged. (The plain
  // `<=` form of ensureJobDueDateNotNull is a range on the same index, already in ORDER BY order.)
  const due = cfg.jobExecutorAcquireByDueDate && !cfg.ensureJobDueDateNotNull ? '+RES.DUEDATE_' : 'RES.DUEDATE_';
  where.push(cfg.ensureJobDueDateNotNull
    ? `(${due} <= :now)`
    : `(${due} IS NULL OR ${due} <= :now)`);
  where.push('(RES.LOCK_OWNER_ IS NULL OR RES.LOCK_EXP_TIME_ < :now)');
  where.push('RES.SUSPENSION_STATE_ = 1');

  if (cfg.jobExecutorDeploymentAware) {
    const ids = cfg.registeredDeployments;
    if (ids.length) {
      const chunks: string[] = [];
      for (let i = 0; i < ids.length; i += IN_CHUNK) {
        const names = ids.slice(i, i + IN_CHUNK).map((id, j) => {
          const name = `:deployment${i + j}`;
          params[name] = id;
          return name;
        });
        chunks.push(`RES.DEPLOYMENT_ID_ IN (${names.join(', ')})`);
      }
      where.push(`(RES.DEPLOYMENT_ID_ IS NULL OR (${chunks.join(' OR ')}))`);
    } else {
      where.push('(RES.DEPLOYMENT_ID_ IS NULL)');
    }
  }

  if (cfg.jobExecutorAcquireByPriority) {
    const min = cfg.jobExecutorPriorityRangeMin, max = cfg.jobExecutorPriorityRangeMax;
    if (!isMinBound(min)) { where.push('RES.PRIORITY_ >= :jobPriorityMin'); params[':jobPriorityMin'] = bindLong(min!); }
    if (!isMaxBound(max)) { where.push('RES.PRIORITY_ <= :jobPriorityMax'); params[':jobPriorityMax'] = bindLong(max!); }
  }

  const sameInstance = cfg.jobExecutorAcquireExclusiveOverProcessHierarchies
    ? '((RES.ROOT_PROC_INST_ID_ IS NOT NULL AND J2.ROOT_PROC_INST_ID_ = RES.ROOT_PROC_INST_ID_)'
      + ' OR (RES.ROOT_PROC_INST_ID_ IS NULL AND J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_))'
    : 'J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_';
  where.push('((RES.EXCLUSIVE_ = 1 AND NOT EXISTS (SELECT J2.ID_ FROM ACT_RU_JOB J2'
    + ` WHERE ${sameInstance}`
    + ' AND (J2.EXCLUSIVE_ = 1)'
    + ' AND (J2.LOCK_OWNER_ IS NOT NULL AND J2.LOCK_EXP_TIME_ >= :now)))'
    + ' OR RES.EXCLUSIVE_ = 0)');

  if (!cfg.historyCleanupEnabled) where.push("RES.HANDLER_TYPE_ != 'history-cleanup'");

  const engine = engineOrderBy(cfg);
  const dbOrder = cfg.databaseOrder === 'shuffled'
    ? { term: `${SHUFFLE_KEY}, RES.SEQ_ ASC`, label: 'database order, here: seeded shuffle' }
    : { term: 'RES.SEQ_ ASC', label: 'database order, here: insertion order' };
  const orderBy = engine
    ? `ORDER BY ${engine}, ${dbOrder.term} -- ties: ${dbOrder.label}`
    : `ORDER BY ${dbOrder.term} -- the engine has no ORDER BY here: ${dbOrder.label}`;

  const sql = 'SELECT RES.ID_, RES.REV_, RES.DUEDATE_, RES.PROCESS_INSTANCE_ID_, RES.ROOT_PROC_INST_ID_, RES.EXCLUSIVE_, RES.PRIORITY_, RES.TYPE_\n'
    + 'FROM ACT_RU_JOB RES\n'
    + 'WHERE ' + where.join('\n  AND ') + '\n'
    + orderBy + '\n'
    + 'LIMIT :limit';
  return { sql, params };
}

/** One row of the acquisition query. */
export interface AcquirableJob {
  ID_: string;
  REV_: number | null;
  DUEDATE_: number | null;
  PROCESS_INSTANCE_ID_: string | null;
  ROOT_PROC_INST_ID_: string | null;
  EXCLUSIVE_: boolean | null;
  PRIORITY_: number;
  TYPE_: string;
}

export interface SelectResult extends AcquisitionQuery {
  rows: AcquirableJob[];
}

/** Runs the acquisition query. `rand` (a seeded PRNG in [0,1)) is required for databaseOrder 'shuffled'. */
export function selectNextJobsToExecute(table: JobTable, cfg: AcquisitionConfig, now: number, limit: number, rand?: () => number): SelectResult {
  const q = buildAcquisitionQuery(cfg, now, limit, rand);
  const values = table.query(q.sql, q.params as Record<string, SqlValue>);
  const rows = values.map(v => ({
    ID_: v[0] as string,
    REV_: v[1] as number | null,
    DUEDATE_: v[2] as number | null,
    PROCESS_INSTANCE_ID_: v[3] as string | null,
    ROOT_PROC_INST_ID_: v[4] as string | null,
    EXCLUSIVE_: v[5] === null ? null : v[5] !== 0,
    PRIORITY_: v[6] as number,
    TYPE_: v[7] as string,
  }));
  return { ...q, rows };
}

/**
 * The lock of one selected row: `UPDATE ACT_RU_JOB SET REV_ = REV_ + 1, LOCK_OWNER_ = ?, LOCK_EXP_TIME_ = ?
 * WHERE ID_ = ? AND REV_ = ?`. False (0 rows) is an optimistic-locking clash: another node changed the
 * row since the select. (The engine's `updateAcquirableJob` also writes back DUEDATE_, the process
 * instance ids and EXCLUSIVE_ with the values it read; with the REV_ check those are unchanged.)
 */
export function lockJob(table: JobTable, id: string, rev: number | null, lockOwner: string, lockExpTime: number): boolean {
  return table.lockJob(id, rev, lockOwner, lockExpTime);
}

/** The HashMap key of an exclusive job (AcquireJobsCmd.selectProcessInstanceId). */
export function exclusiveKey(job: Pick<AcquirableJob, 'PROCESS_INSTANCE_ID_' | 'ROOT_PROC_INST_ID_'>, hierarchies: boolean): string | null {
  return hierarchies && job.ROOT_PROC_INST_ID_ !== null ? job.ROOT_PROC_INST_ID_ : job.PROCESS_INSTANCE_ID_;
}

/**
 * AcquireJobsCmd's batches: each non-exclusive job a singleton batch in query order, then one batch per
 * exclusive key (process instance, or root with the hierarchies flag; null is a key too) in
 * java.util.HashMap iteration order; inside a batch, query order.
 * Pass the rows the query returned (the engine groups before the lock UPDATEs run at flush), then drop
 * the clashed ones with `removeFailedJobIds` — a clashed key still shaped the HashMap.
 */
export function groupIntoBatches(
  rowsInQueryOrder: readonly Pick<AcquirableJob, 'ID_' | 'EXCLUSIVE_' | 'PROCESS_INSTANCE_ID_' | 'ROOT_PROC_INST_ID_'>[],
  hierarchies: boolean,
  insertion: JavaHashMapInsertion = 'computeIfAbsent',
): string[][] {
  const batches: string[][] = [];
  const groups = new JavaHashMap<string[]>();
  for (const job of rowsInQueryOrder) {
    if (job.EXCLUSIVE_) {
      const key = exclusiveKey(job, hierarchies);
      let list: string[];
      if (insertion === 'put') {
        // older engines: `list = map.get(key); if (list == null) { list = new ArrayList(); map.put(key, list); }`
        const existing = groups.get(key);
        if (existing) list = existing; else groups.put(key, list = []);
      } else {
        list = groups.computeIfAbsent(key, () => []);
      }
      list.push(job.ID_);
    } else {
      batches.push([job.ID_]);
    }
  }
  for (const list of groups.values()) batches.push(list);
  return batches;
}

/** AcquiredJobs.removeJobId for each failed id: removed from its batch, empty batches dropped. */
export function removeFailedJobIds(batches: readonly string[][], failed: Iterable<string>): string[][] {
  const drop = new Set(failed);
  if (!drop.size) return batches.map(b => [...b]);
  return batches.map(b => b.filter(id => !drop.has(id))).filter(b => b.length > 0);
}

export interface AcquireOptions {
  now: number;
  limit: number;
  lockOwner: string;
  lockTimeInMillis: number;
  rand?: () => number;
}

export interface AcquireResult {
  /** numJobsToAcquire. */
  attempted: number;
  /** Ids in query order. */
  selected: string[];
  locked: string[];
  /** Ids whose lock UPDATE hit 0 rows. */
  clashed: string[];
  batches: string[][];
  sql: string;
  params: Record<string, unknown>;
  rows: AcquirableJob[];
}

/**
 * Select + lock in one go (one acquisition transaction with no time passing between the statements).
 * The runtime calls selectNextJobsToExecute and lockJob separately, with virtual time in between, which
 * is where clashes come from.
 */
export function acquireJobs(table: JobTable, cfg: AcquisitionConfig, opts: AcquireOptions): AcquireResult {
  const sel = selectNextJobsToExecute(table, cfg, opts.now, opts.limit, opts.rand);
  const locked: string[] = [], clashed: string[] = [];
  const expiry = opts.now + opts.lockTimeInMillis;
  table.transaction(() => {
    for (const r of sel.rows) (lockJob(table, r.ID_, r.REV_, opts.lockOwner, expiry) ? locked : clashed).push(r.ID_);
  });
  const batches = removeFailedJobIds(
    groupIntoBatches(sel.rows, cfg.jobExecutorAcquireExclusiveOverProcessHierarchies, cfg.hashMapInsertion), clashed);
  return {
    attempted: opts.limit,
    selected: sel.rows.map(r => r.ID_),
    locked, clashed, batches,
    sql: sel.sql, params: sel.params, rows: sel.rows,
  };
}
