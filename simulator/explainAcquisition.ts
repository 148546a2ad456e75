// Why each ACT_RU_JOB row was or was not taken by one acquisition: the WHERE clause of
// `buildAcquisitionQuery` (simulator/db/acquisition.ts) evaluated term by term in plain TypeScript,
// with SQL's NULL logic, then the engine's ORDER BY and the LIMIT. PURE: rows in, reasons out.
//
// A row can fail several terms at once; every failing term is listed (the SQL would stop at none of
// them — it is a conjunction). Rows that pass every term are ranked in query order; those past the
// LIMIT are "limit". When the actual result of the query is known (`selected`, the trace's ids in
// query order) it decides which passing rows were taken — the only way to know for the seeded
// shuffle, and a cross-check otherwise.
import { engineOrderBy, type AcquisitionConfig } from './db/acquisition';

export type ExplainReason =
  | 'selected'
  | 'retries'
  | 'notDue'
  | 'locked'
  | 'suspended'
  | 'deployment'
  | 'priorityRange'
  | 'exclusiveNull'
  | 'exclusiveSiblingRunning'
  | 'limit'
  /** Passed the WHERE clause, but the database order is a seeded shuffle and the result is not known. */
  | 'unordered';

/** The columns the acquisition query reads. */
export interface ExplainJob {
  SEQ_: number;
  ID_: string;
  TYPE_: string;
  RETRIES_: number | null;
  DUEDATE_: number | null;
  LOCK_OWNER_: string | null;
  LOCK_EXP_TIME_: number | null;
  SUSPENSION_STATE_: number | null;
  DEPLOYMENT_ID_: string | null;
  EXCLUSIVE_: boolean | null;
  PROCESS_INSTANCE_ID_: string | null;
  ROOT_PROC_INST_ID_: string | null;
  PRIORITY_: number | bigint | null;
}

export interface ExplainInput {
  /** The table as the SELECT saw it (any order; database order is SEQ_). */
  rows: readonly ExplainJob[];
  cfg: AcquisitionConfig;
  /** The `:now` parameter of the query (virtual ms). */
  now: number;
  /** The `:limit` parameter (numJobsToAcquire). */
  limit: number;
  /** Ids the query actually returned, in query order, when known. */
  selected?: readonly string[];
}

export interface RowExplanation {
  jobId: string;
  taken: boolean;
  /** 1-based position in the query result (taken rows), or among the rows that passed the WHERE clause. */
  rank: number | null;
  reasons: ExplainReason[];
  /** One human-readable line per reason, in the engine's words. */
  details: string[];
}

export interface AcquisitionExplanation {
  now: number;
  limit: number;
  orderBy: string;
  /** Rows that passed the WHERE clause. */
  matched: number;
  taken: number;
  /** Rows in database order (SEQ_). */
  rows: RowExplanation[];
}

const MIN_LONG = -9223372036854775808n;
const MAX_LONG = 9223372036854775807n;

function unboundedMin(v: number | bigint | null): boolean {
  return v === null || (typeof v === 'bigint' ? v <= MIN_LONG : v <= -(2 ** 63));
}
function unboundedMax(v: number | bigint | null): boolean {
  return v === null || (typeof v === 'bigint' ? v >= MAX_LONG : v >= 2 ** 63);
}

/** `J2.LOCK_OWNER_ IS NOT NULL AND J2.LOCK_EXP_TIME_ >= :now` (NULL expiry is not "locked" here). */
function holdsLock(j: ExplainJob, now: number): boolean {
  return j.LOCK_OWNER_ !== null && j.LOCK_EXP_TIME_ !== null && j.LOCK_EXP_TIME_ >= now;
}

/** The exclusive sub-select's "same instance" condition, with SQL's NULL equality (never true). */
function sameInstance(res: ExplainJob, j2: ExplainJob, hierarchies: boolean): boolean {
  if (hierarchies) {
    if (res.ROOT_PROC_INST_ID_ !== null) return j2.ROOT_PROC_INST_ID_ !== null && j2.ROOT_PROC_INST_ID_ === res.ROOT_PROC_INST_ID_;
    return res.PROCESS_INSTANCE_ID_ !== null && j2.PROCESS_INSTANCE_ID_ === res.PROCESS_INSTANCE_ID_;
  }
  return res.PROCESS_INSTANCE_ID_ !== null && j2.PROCESS_INSTANCE_ID_ === res.PROCESS_INSTANCE_ID_;
}

/** SQL's string comparison of TYPE_ (DESC puts 'timer' before 'message' before 'ever-living'). */
function cmpText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}
function cmpNum(a: number | bigint | null, b: number | bigint | null, nullsFirst: boolean): number {
  if (a === null && b === null) return 0;
  if (a === null) return nullsFirst ? -1 : 1;
  if (b === null) return nullsFirst ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The engine's ORDER BY terms, then SEQ_ (insertion order) for ties. */
export function queryOrder(cfg: AcquisitionConfig): (a: ExplainJob, b: ExplainJob) => number {
  return (a, b) => {
    if (cfg.jobExecutorAcquireByPriority) {
      // SQLite sorts NULL first ascending, so last descending.
      const c = cmpNum(b.PRIORITY_, a.PRIORITY_, false);
      if (c) return c;
    }
    if (cfg.jobExecutorPreferTimerJobs) {
      const c = cmpText(b.TYPE_, a.TYPE_);
      if (c) return c;
    }
    if (cfg.jobExecutorAcquireByDueDate) {
      const c = cmpNum(a.DUEDATE_, b.DUEDATE_, cfg.nullDueDateOrder !== 'last');
      if (c) return c;
    }
    return a.SEQ_ - b.SEQ_;
  };
}

/** Explains one acquisition query over `rows`. */
export function explainAcquisition(input: ExplainInput): AcquisitionExplanation {
  const { cfg, now, limit } = input;
  const rows = [...input.rows].sort((a, b) => a.SEQ_ - b.SEQ_);
  const hierarchies = cfg.jobExecutorAcquireExclusiveOverProcessHierarchies;
  const registered = new Set(cfg.registeredDeployments);
  // Exclusive jobs holding a lock, per instance key, for the NOT EXISTS sub-select.
  const lockedExclusive = rows.filter(j => j.EXCLUSIVE_ === true && holdsLock(j, now));

  const out = new Map<string, RowExplanation>();
  const passing: ExplainJob[] = [];
  for (const j of rows) {
    const reasons: ExplainReason[] = [];
    const details: string[] = [];
    if (!(j.RETRIES_ !== null && j.RETRIES_ > 0)) {
      reasons.push('retries');
      details.push(j.RETRIES_ === null ? 'RETRIES_ is NULL (never matches RETRIES_ > 0)' : `RETRIES_ = ${j.RETRIES_}: no retries left (incident)`);
    }
    const due = cfg.ensureJobDueDateNotNull
      ? j.DUEDATE_ !== null && j.DUEDATE_ <= now
      : j.DUEDATE_ === null || j.DUEDATE_ <= now;
    if (!due) {
      reasons.push('notDue');
      details.push(j.DUEDATE_ === null ? 'DUEDATE_ is NULL and ensureJobDueDateNotNull is on' : `not due: DUEDATE_ ${j.DUEDATE_} > now ${now}`);
    }
    if (!(j.LOCK_OWNER_ === null || (j.LOCK_EXP_TIME_ !== null && j.LOCK_EXP_TIME_ < now))) {
      reasons.push('locked');
      details.push(j.LOCK_EXP_TIME_ === null
        ? `locked by ${j.LOCK_OWNER_} with a NULL LOCK_EXP_TIME_`
        : `locked by ${j.LOCK_OWNER_} until ${j.LOCK_EXP_TIME_} (expired only when LOCK_EXP_TIME_ < now)`);
    }
    if (j.SUSPENSION_STATE_ !== 1) {
      reasons.push('suspended');
      details.push(`SUSPENSION_STATE_ = ${j.SUSPENSION_STATE_ ?? 'NULL'} (suspended job definition or instance)`);
    }
    if (cfg.jobExecutorDeploymentAware && j.DEPLOYMENT_ID_ !== null && !registered.has(j.DEPLOYMENT_ID_)) {
      reasons.push('deployment');
      details.push(`deployment-aware: ${j.DEPLOYMENT_ID_} is not registered on this node (${cfg.registeredDeployments.join(', ') || 'none'})`);
    }
    if (cfg.jobExecutorAcquireByPriority) {
      const min = cfg.jobExecutorPriorityRangeMin, max = cfg.jobExecutorPriorityRangeMax;
      const p = j.PRIORITY_;
      const belowMin = !unboundedMin(min) && !(p !== null && p >= min!);
      const aboveMax = !unboundedMax(max) && !(p !== null && p <= max!);
      if (belowMin || aboveMax) {
        reasons.push('priorityRange');
        details.push(`PRIORITY_ ${p ?? 'NULL'} outside [${unboundedMin(min) ? '-inf' : min}, ${unboundedMax(max) ? 'inf' : max}]`);
      }
    }
    if (j.EXCLUSIVE_ === null) {
      reasons.push('exclusiveNull');
      details.push('EXCLUSIVE_ is NULL (matches neither EXCLUSIVE_ = true nor = false)');
    } else if (j.EXCLUSIVE_) {
      const sibling = lockedExclusive.find(k => sameInstance(j, k, hierarchies));
      if (sibling) {
        reasons.push('exclusiveSiblingRunning');
        details.push(sibling.ID_ === j.ID_
          ? `exclusive: the job itself holds a lock in ${j.PROCESS_INSTANCE_ID_}`
          : `exclusive: ${sibling.ID_} of the same ${hierarchies && j.ROOT_PROC_INST_ID_ !== null ? 'root process instance' : 'process instance'} is locked by ${sibling.LOCK_OWNER_}`);
      }
    }
    const e: RowExplanation = { jobId: j.ID_, taken: false, rank: null, reasons, details };
    out.set(j.ID_, e);
    if (!reasons.length) passing.push(j);
  }

  const engine = engineOrderBy(cfg);
  const shuffled = cfg.databaseOrder === 'shuffled';
  const orderBy = (engine ? engine + ', ' : '') + (shuffled ? 'seeded shuffle (database order)' : 'SEQ_ (database order: insertion)');
  let taken = 0;
  if (input.selected) {
    const pos = new Map(input.selected.map((id, i) => [id, i + 1]));
    for (const j of passing) {
      const e = out.get(j.ID_)!;
      const p = pos.get(j.ID_);
      if (p !== undefined) { e.taken = true; e.rank = p; e.reasons.push('selected'); e.details.push(`selected, position ${p} of ${input.selected.length}`); taken++; }
      else { e.reasons.push('limit'); e.details.push(`matched, but LIMIT ${limit} was reached by rows earlier in the order (${orderBy})`); }
    }
  } else if (shuffled && !engine) {
    for (const j of passing) {
      const e = out.get(j.ID_)!;
      e.reasons.push('unordered');
      e.details.push(`matched; whether it made the LIMIT ${limit} depends on the seeded shuffle`);
    }
  } else {
    const ordered = [...passing].sort(queryOrder(cfg));
    ordered.forEach((j, i) => {
      const e = out.get(j.ID_)!;
      e.rank = i + 1;
      if (i < limit) { e.taken = true; e.reasons.push('selected'); e.details.push(`selected, position ${i + 1} (${orderBy})`); taken++; }
      else { e.reasons.push('limit'); e.details.push(`matched at position ${i + 1}, past LIMIT ${limit} (${orderBy})`); }
    });
  }
  return { now, limit, orderBy, matched: passing.length, taken, rows: rows.map(j => out.get(j.ID_)!) };
}
