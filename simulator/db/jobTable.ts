// One sql.js database holding the simulator's job table (plus job definitions, incidents and executions).
// Every read and write is an SQL statement; statements are prepared once and cached by their text.
// No wall clock: every time is a parameter (integer virtual ms).
//
// Listing queries are ordered: jobs by SEQ_ (insertion order, ours), job definitions, executions and
// incidents by their id (incidents by timestamp first) — the engine defines no order for these listings,
// we pick a stable one so traces are reproducible.

import initSqlJs from 'sql.js';
import type { Database, SqlJsStatic, SqlValue, Statement } from 'sql.js';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createSchema, ensureAcquisitionIndex, JOB_COLUMN_NAMES, SUSPENSION_ACTIVE, SUSPENSION_SUSPENDED,
  type AcquisitionIndex, type OrderingFlags } from './schema';

// ---------------------------------------------------------------------------------------------------
// Row types (engine column names)

export interface JobRow {
  /** Ours: insertion counter (the "database order"). */
  SEQ_: number;
  ID_: string;
  REV_: number | null;
  TYPE_: string;
  LOCK_EXP_TIME_: number | null;
  LOCK_OWNER_: string | null;
  EXCLUSIVE_: boolean | null;
  EXECUTION_ID_: string | null;
  ROOT_PROC_INST_ID_: string | null;
  PROCESS_INSTANCE_ID_: string | null;
  PROCESS_DEF_ID_: string | null;
  PROCESS_DEF_KEY_: string | null;
  RETRIES_: number | null;
  EXCEPTION_STACK_ID_: string | null;
  EXCEPTION_MSG_: string | null;
  FAILED_ACT_ID_: string | null;
  DUEDATE_: number | null;
  REPEAT_: string | null;
  REPEAT_OFFSET_: number | null;
  HANDLER_TYPE_: string | null;
  HANDLER_CFG_: string | null;
  DEPLOYMENT_ID_: string | null;
  SUSPENSION_STATE_: number;
  JOB_DEF_ID_: string | null;
  PRIORITY_: number;
  SEQUENCE_COUNTER_: number | null;
  TENANT_ID_: string | null;
  CREATE_TIME_: number | null;
  LAST_FAILURE_LOG_ID_: string | null;
  BATCH_ID_: string | null;
  /** Ours: activity id. */
  ACT_ID_: string | null;
}

/** A job to insert: ID_ required; a missing (undefined) column takes the engine default, `null` is SQL NULL. */
export type JobInput = { ID_: string } & Partial<Omit<JobRow, 'SEQ_' | 'ID_'>>;

/** Engine defaults for a new job row (JobEntity / MessageEntity / schema defaults). */
export const JOB_DEFAULTS: Readonly<Partial<JobRow>> = {
  REV_: 1,
  TYPE_: 'message',
  RETRIES_: 3,
  SUSPENSION_STATE_: SUSPENSION_ACTIVE,
  EXCLUSIVE_: true,
  PRIORITY_: 0,
  HANDLER_TYPE_: 'async-continuation',
  REPEAT_OFFSET_: 0,
};

export interface JobDefinitionRow {
  ID_: string;
  REV_: number | null;
  PROC_DEF_ID_: string | null;
  PROC_DEF_KEY_: string | null;
  ACT_ID_: string | null;
  JOB_TYPE_: string;
  JOB_CONFIGURATION_: string | null;
  SUSPENSION_STATE_: number | null;
  /** Overriding job priority; null = none. */
  JOB_PRIORITY_: number | null;
  TENANT_ID_: string | null;
  DEPLOYMENT_ID_: string | null;
}
export type JobDefinitionInput = { ID_: string; JOB_TYPE_: string } & Partial<Omit<JobDefinitionRow, 'ID_' | 'JOB_TYPE_'>>;
const JOBDEF_COLUMNS = ['ID_', 'REV_', 'PROC_DEF_ID_', 'PROC_DEF_KEY_', 'ACT_ID_', 'JOB_TYPE_', 'JOB_CONFIGURATION_',
  'SUSPENSION_STATE_', 'JOB_PRIORITY_', 'TENANT_ID_', 'DEPLOYMENT_ID_'] as const;

export interface IncidentRow {
  ID_: string;
  REV_: number;
  INCIDENT_TIMESTAMP_: number;
  INCIDENT_MSG_: string | null;
  INCIDENT_TYPE_: string;
  EXECUTION_ID_: string | null;
  ACTIVITY_ID_: string | null;
  FAILED_ACTIVITY_ID_: string | null;
  PROC_INST_ID_: string | null;
  PROC_DEF_ID_: string | null;
  CAUSE_INCIDENT_ID_: string | null;
  ROOT_CAUSE_INCIDENT_ID_: string | null;
  /** For 'failedJob': the job id. */
  CONFIGURATION_: string | null;
  TENANT_ID_: string | null;
  JOB_DEF_ID_: string | null;
  ANNOTATION_: string | null;
}
export type IncidentInput = { ID_: string; INCIDENT_TIMESTAMP_: number } & Partial<Omit<IncidentRow, 'ID_' | 'INCIDENT_TIMESTAMP_'>>;
const INCIDENT_COLUMNS = ['ID_', 'REV_', 'INCIDENT_TIMESTAMP_', 'INCIDENT_MSG_', 'INCIDENT_TYPE_', 'EXECUTION_ID_', 'ACTIVITY_ID_',
  'FAILED_ACTIVITY_ID_', 'PROC_INST_ID_', 'PROC_DEF_ID_', 'CAUSE_INCIDENT_ID_', 'ROOT_CAUSE_INCIDENT_ID_', 'CONFIGURATION_',
  'TENANT_ID_', 'JOB_DEF_ID_', 'ANNOTATION_'] as const;

export interface ExecutionRow {
  ID_: string;
  REV_: number | null;
  ROOT_PROC_INST_ID_: string | null;
  PROC_INST_ID_: string | null;
  BUSINESS_KEY_: string | null;
  PARENT_ID_: string | null;
  PROC_DEF_ID_: string | null;
  SUPER_EXEC_: string | null;
  ACT_ID_: string | null;
  ACT_INST_ID_: string | null;
  IS_ACTIVE_: boolean | null;
  IS_CONCURRENT_: boolean | null;
  IS_SCOPE_: boolean | null;
  IS_EVENT_SCOPE_: boolean | null;
  SUSPENSION_STATE_: number | null;
  SEQUENCE_COUNTER_: number | null;
  TENANT_ID_: string | null;
}
export type ExecutionInput = { ID_: string } & Partial<Omit<ExecutionRow, 'ID_'>>;
const EXECUTION_COLUMNS = ['ID_', 'REV_', 'ROOT_PROC_INST_ID_', 'PROC_INST_ID_', 'BUSINESS_KEY_', 'PARENT_ID_', 'PROC_DEF_ID_',
  'SUPER_EXEC_', 'ACT_ID_', 'ACT_INST_ID_', 'IS_ACTIVE_', 'IS_CONCURRENT_', 'IS_SCOPE_', 'IS_EVENT_SCOPE_', 'SUSPENSION_STATE_',
  'SEQUENCE_COUNTER_', 'TENANT_ID_'] as const;
const EXECUTION_BOOLEANS = new Set(['IS_ACTIVE_', 'IS_CONCURRENT_', 'IS_SCOPE_', 'IS_EVENT_SCOPE_']);

/** What a failed execution writes back (DefaultJobRetryCmd; the caller computes the values). */
export interface JobFailureUpdate {
  retries: number | null;
  dueDate: number | null;
  exceptionMessage: string | null;
  failedActivityId?: string | null;
  exceptionStackId?: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Loading sql.js

export interface OpenOptions {
  /** Path of sql-wasm.wasm; default: found next to the bundle or in node_modules/sql.js/dist. */
  wasmPath?: string;
  /** The wasm bytes themselves (skips the file lookup). */
  wasmBinary?: Uint8Array;
  /** An already initialised sql.js module. */
  sql?: SqlJsStatic;
}

const WASM = 'sql-wasm.wasm';

/**
 * Where sql-wasm.wasm is, in this order:
 * 1. `<dir of this code>/sql-wasm.wasm`: the esbuild bundles dist/cli.js and dist/extension.js, where
 *    esbuild.mjs copies the wasm beside the bundle (`__dirname` = dist/);
 * 2. `node_modules/sql.js/dist/sql-wasm.wasm` in this directory or any ancestor: running the TS sources
 *    (tsx, tests), where `__dirname` is simulator/db;
 * 3. the same under the working directory.
 * The wasm must come from the same sql.js release as the JS, which is why the bundle's own copy wins and
 * a (possibly stale) dist/ copy is never used when running from sources.
 */
export function locateSqlWasm(): string | undefined {
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const candidates: string[] = [];
  if (here) {
    candidates.push(join(here, WASM));
    for (let dir = here; ; dir = dirname(dir)) {
      candidates.push(join(dir, 'node_modules', 'sql.js', 'dist', WASM));
      if (dirname(dir) === dir) break;
    }
  }
  candidates.push(join(process.cwd(), 'node_modules', 'sql.js', 'dist', WASM));
  return candidates.find(p => existsSync(p));
}

const sqlModules = new Map<string, Promise<SqlJsStatic>>();

/** Loads sql.js once per wasm location (shared by every JobTable). */
export function loadSqlJs(opts: OpenOptions = {}): Promise<SqlJsStatic> {
  if (opts.sql) return Promise.resolve(opts.sql);
  if (opts.wasmBinary) {
    const bin = opts.wasmBinary;
    return initSqlJs({ wasmBinary: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer });
  }
  const path = opts.wasmPath ?? locateSqlWasm();
  if (!path) return Promise.reject(new Error(`sql.js: cannot find ${WASM} (looked beside the bundle and in node_modules/sql.js/dist); pass wasmPath`));
  let p = sqlModules.get(path);
  if (!p) {
    p = initSqlJs({ locateFile: () => path });
    sqlModules.set(path, p);
    p.catch(() => sqlModules.delete(path));
  }
  return p;
}

// ---------------------------------------------------------------------------------------------------

type Params = SqlValue[] | Record<string, SqlValue>;
/** Parameters of one statement as JobTable binds them (positional or named). */
export type StatementParams = Params;
/** What kind of call ran a statement: a row-returning query, a write, or transaction control (SAVEPOINT/RELEASE/ROLLBACK TO). */
export type StatementKind = 'query' | 'run' | 'tx';
/**
 * Opt-in statement recorder (the benchmark's replay baseline): called after every statement JobTable
 * runs, with its SQL text, its parameters (the caller's object, not a copy: do not mutate) and its
 * result — rows returned for a query, rows modified for a write, 0 for transaction control.
 */
export type StatementListener = (kind: StatementKind, sql: string, params: Params | undefined, result: number) => void;

const JOB_SELECT = `SELECT SEQ_, ${JOB_COLUMN_NAMES.join(', ')} FROM ACT_RU_JOB`;
/** One job by id (the job load of every execution): one constant string, so the statement cache's key is hashed once. */
const JOB_BY_ID = `${JOB_SELECT} WHERE ID_ = ?`;
const JOB_INSERT = `INSERT INTO ACT_RU_JOB (${JOB_COLUMN_NAMES.join(', ')}) VALUES (${JOB_COLUMN_NAMES.map(() => '?').join(', ')})`;
const JOB_BOOLEANS = new Set(['EXCLUSIVE_']);
const JOB_BOOLEAN_AT: readonly boolean[] = JOB_COLUMN_NAMES.map(n => JOB_BOOLEANS.has(n));


function toSql(v: unknown): SqlValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return (Number.isSafeInteger(Number(v)) ? Number(v) : v) as unknown as SqlValue;
  return v as SqlValue;
}

function rowFrom<T>(names: readonly string[], values: SqlValue[], booleans: Set<string>, offset = 0): T {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const v = values[i + offset];
    o[names[i]] = booleans.has(names[i]) && v !== null ? v !== 0 : v;
  }
  return o as T;
}

export class JobTable {
  private db: Database;
  private readonly statements = new Map<string, Statement>();
  private savepointDepth = 0;
  /** The statement recorder (null: off; then the cost is one null check per statement). */
  onStatement: StatementListener | null = null;

  private constructor(private readonly SQL: SqlJsStatic, db: Database, fresh: boolean) {
    this.db = db;
    JobTable.tune(db);
    if (fresh) createSchema(db);
  }

  /**
   * The database lives in sql.js's in-memory file system and is never shared: the rollback journal
   * is kept in memory and no sync is asked for. Atomicity of a statement, transactions and
   * savepoint rollbacks are unchanged (journal_mode MEMORY still journals); only the per-commit file
   * writes of the journal go — they were the largest single cost of a simulated job.
   */
  private static tune(db: Database): void {
    db.exec('PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY');
  }

  /** A new, empty job table. */
  static async open(opts: OpenOptions = {}): Promise<JobTable> {
    const SQL = await loadSqlJs(opts);
    return new JobTable(SQL, new SQL.Database(), true);
  }

  /** A job table from a checkpoint (`checkpoint()` bytes). */
  static async restore(bytes: Uint8Array, opts: OpenOptions = {}): Promise<JobTable> {
    const SQL = await loadSqlJs(opts);
    return new JobTable(SQL, new SQL.Database(bytes), false);
  }

  /** The underlying sql.js database (for EXPLAIN and ad-hoc reads; prefer the methods). */
  get database(): Database { return this.db; }

  // -- statement plumbing --------------------------------------------------------------------------

  /** A prepared statement for this SQL text, compiled once and cached until close()/restore(). */
  prepare(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Runs a SELECT and returns the rows as value arrays. */
  query(sql: string, params?: Params): SqlValue[][] {
    const s = this.prepare(sql);
    try {
      if (params) s.bind(params as never);
      const out: SqlValue[][] = [];
      while (s.step()) out.push(s.get());
      if (this.onStatement !== null) this.onStatement('query', sql, params, out.length);
      return out;
    } finally {
      s.reset();
    }
  }

  /** Runs an INSERT/UPDATE/DELETE and returns the number of rows changed. */
  run(sql: string, params?: Params): number {
    const s = this.prepare(sql);
    try {
      if (params) s.bind(params as never);
      s.step();
    } finally {
      s.reset();
    }
    const n = this.db.getRowsModified();
    if (this.onStatement !== null) this.onStatement('run', sql, params, n);
    return n;
  }

  /** Transaction control (SAVEPOINT / RELEASE / ROLLBACK TO), reported to the recorder. */
  private control(sql: string): void {
    this.db.run(sql);
    if (this.onStatement !== null) this.onStatement('tx', sql, undefined, 0);
  }

  /** Runs `fn` in a transaction (a savepoint when nested); rolls back if it throws. */
  transaction<T>(fn: () => T): T {
    const name = `sp${++this.savepointDepth}`;
    this.control(`SAVEPOINT ${name}`);
    try {
      const r = fn();
      this.control(`RELEASE ${name}`);
      return r;
    } catch (e) {
      this.control(`ROLLBACK TO ${name}`);
      this.control(`RELEASE ${name}`);
      throw e;
    } finally {
      this.savepointDepth--;
    }
  }

  /** Creates the index recommended for these ordering flags (schema.ts); null when no flag is on. */
  ensureAcquisitionIndex(flags: OrderingFlags): AcquisitionIndex | null {
    return ensureAcquisitionIndex(this.db, flags);
  }

  // -- jobs ------------------------------------------------------------------------------------------

  /** Inserts one job; missing columns take the engine defaults. Returns its SEQ_. */
  insertJob(row: JobInput): number {
    this.insertJobRow(row);
    return this.query('SELECT last_insert_rowid()')[0][0] as number;
  }

  /** insertJob without reading the SEQ_ back (the runtime's hot path). */
  insertJobRow(row: JobInput): void {
    const values: SqlValue[] = new Array(JOB_COLUMN_NAMES.length);
    for (let i = 0; i < JOB_COLUMN_NAMES.length; i++) {
      const n = JOB_COLUMN_NAMES[i];
      const v = (row as Record<string, unknown>)[n];
      values[i] = toSql(v === undefined ? (JOB_DEFAULTS as Record<string, unknown>)[n] : v);
    }
    this.run(JOB_INSERT, values);
  }

  /** Inserts many jobs in one transaction (in array order, which becomes the database order). */
  insertJobs(rows: readonly JobInput[]): void {
    this.transaction(() => { for (const r of rows) this.insertJob(r); });
  }

  getJob(id: string): JobRow | undefined {
    const r = this.query(JOB_BY_ID, [id])[0];
    return r ? this.jobFrom(r) : undefined;
  }

  /** All jobs in database order (ORDER BY SEQ_). */
  allJobs(): JobRow[] {
    return this.query(`${JOB_SELECT} ORDER BY SEQ_`).map(r => this.jobFrom(r));
  }

  countJobs(): number {
    return this.query('SELECT COUNT(*) FROM ACT_RU_JOB')[0][0] as number;
  }

  /** Jobs of one process instance, in database order. */
  jobsOfProcessInstance(processInstanceId: string): JobRow[] {
    return this.query(`${JOB_SELECT} WHERE PROCESS_INSTANCE_ID_ = ? ORDER BY SEQ_`, [processInstanceId]).map(r => this.jobFrom(r));
  }

  /** rowFrom for job rows (SEQ_ first in the SELECT, last in the object), without a Set lookup per column. */
  private jobFrom(values: SqlValue[]): JobRow {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < JOB_COLUMN_NAMES.length; i++) {
      const v = values[i + 1];
      o[JOB_COLUMN_NAMES[i]] = JOB_BOOLEAN_AT[i] && v !== null ? v !== 0 : v;
    }
    o.SEQ_ = values[0];
    return o as unknown as JobRow;
  }

  /** Job.xml `deleteJob`: `DELETE ... WHERE ID_ = ? AND REV_ = ?`; false on 0 rows (optimistic-locking clash). */
  deleteJob(id: string, rev: number | null): boolean {
    return this.run('DELETE FROM ACT_RU_JOB WHERE ID_ = ? AND REV_ = ?', [id, rev]) === 1;
  }

  /** The acquisition lock (AcquireJobsCmd + `updateAcquirableJob`); false on 0 rows (clash). */
  lockJob(id: string, rev: number | null, lockOwner: string, lockExpTime: number): boolean {
    return this.run('UPDATE ACT_RU_JOB SET REV_ = REV_ + 1, LOCK_OWNER_ = ?, LOCK_EXP_TIME_ = ? WHERE ID_ = ? AND REV_ = ?',
      [lockOwner, lockExpTime, id, rev]) === 1;
  }

  /**
   * What a failed execution writes (DefaultJobRetryCmd, ≥ 7.13): lock cleared, retries and due date as
   * computed by the caller, exception recorded; REV_ bumped. False on 0 rows (clash).
   */
  updateJobAfterFailure(id: string, rev: number | null, u: JobFailureUpdate): boolean {
    return this.run(`UPDATE ACT_RU_JOB SET REV_ = REV_ + 1, LOCK_OWNER_ = NULL, LOCK_EXP_TIME_ = NULL,
        RETRIES_ = ?, DUEDATE_ = ?, EXCEPTION_MSG_ = ?, FAILED_ACT_ID_ = ?, EXCEPTION_STACK_ID_ = ?
      WHERE ID_ = ? AND REV_ = ?`,
    [u.retries, u.dueDate, u.exceptionMessage, u.failedActivityId ?? null, u.exceptionStackId ?? null, id, rev]) === 1;
  }

  /** Clears the lock (UnlockJobCmd, or a job returned unexecuted); REV_ bumped. False on 0 rows. */
  unlockJob(id: string, rev: number | null): boolean {
    return this.run('UPDATE ACT_RU_JOB SET REV_ = REV_ + 1, LOCK_OWNER_ = NULL, LOCK_EXP_TIME_ = NULL WHERE ID_ = ? AND REV_ = ?',
      [id, rev]) === 1;
  }

  /**
   * `setRetries` (JobEntity.setRetries clamps negatives to 0); REV_ bumped. With `rev` the update is
   * optimistic (false on 0 rows); without, it applies to the current row. Creating or resolving the
   * failedJob incident is the caller's business (createIncident / deleteIncidentsOfJob).
   */
  setRetries(id: string, retries: number, rev?: number | null): boolean {
    const r = Math.max(0, retries);
    return rev === undefined
      ? this.run('UPDATE ACT_RU_JOB SET REV_ = REV_ + 1, RETRIES_ = ? WHERE ID_ = ?', [r, id]) === 1
      : this.run('UPDATE ACT_RU_JOB SET REV_ = REV_ + 1, RETRIES_ = ? WHERE ID_ = ? AND REV_ = ?', [r, id, rev]) === 1;
  }

  /** Sets the due date (e.g. a timer's next cycle); REV_ bumped; optimistic. */
  setDueDate(id: string, rev: number | null, dueDate: number | null): boolean {
    return this.run('UPDATE ACT_RU_JOB SET REV_ = REV_ + 1, DUEDATE_ = ? WHERE ID_ = ? AND REV_ = ?', [dueDate, id, rev]) === 1;
  }

  // -- job definitions --------------------------------------------------------------------------------

  insertJobDefinition(row: JobDefinitionInput): void {
    const merged: Record<string, unknown> = { REV_: 1, SUSPENSION_STATE_: SUSPENSION_ACTIVE, ...row };
    this.run(`INSERT INTO ACT_RU_JOBDEF (${JOBDEF_COLUMNS.join(', ')}) VALUES (${JOBDEF_COLUMNS.map(() => '?').join(', ')})`,
      JOBDEF_COLUMNS.map(n => toSql(merged[n])));
  }

  getJobDefinition(id: string): JobDefinitionRow | undefined {
    const r = this.query(`SELECT ${JOBDEF_COLUMNS.join(', ')} FROM ACT_RU_JOBDEF WHERE ID_ = ?`, [id])[0];
    return r ? rowFrom<JobDefinitionRow>(JOBDEF_COLUMNS, r, new Set()) : undefined;
  }

  /** All job definitions, ORDER BY ID_ (a stable listing order; the engine defines none). */
  allJobDefinitions(): JobDefinitionRow[] {
    return this.query(`SELECT ${JOBDEF_COLUMNS.join(', ')} FROM ACT_RU_JOBDEF ORDER BY ID_`)
      .map(r => rowFrom<JobDefinitionRow>(JOBDEF_COLUMNS, r, new Set()));
  }

  /**
   * `suspendJobDefinitionById(id, includeJobs)`: SUSPENSION_STATE_ = 2 on the definition and, with
   * includeJobs (default true), on its jobs (`updateJobSuspensionStateByParameters`, which bumps REV_).
   * Returns the number of jobs changed.
   */
  suspendJobDefinition(id: string, includeJobs = true): number {
    return this.setJobDefinitionSuspension(id, SUSPENSION_SUSPENDED, includeJobs);
  }

  /** `activateJobDefinitionById(id, includeJobs)`; see suspendJobDefinition. */
  activateJobDefinition(id: string, includeJobs = true): number {
    return this.setJobDefinitionSuspension(id, SUSPENSION_ACTIVE, includeJobs);
  }

  private setJobDefinitionSuspension(id: string, state: number, includeJobs: boolean): number {
    return this.transaction(() => {
      const n = this.run('UPDATE ACT_RU_JOBDEF SET REV_ = REV_ + 1, SUSPENSION_STATE_ = ? WHERE ID_ = ?', [state, id]);
      if (n !== 1) throw new Error(`job definition ${id} does not exist`);
      return includeJobs ? this.run('UPDATE ACT_RU_JOB SET REV_ = 1 + REV_, SUSPENSION_STATE_ = ? WHERE JOB_DEF_ID_ = ?', [state, id]) : 0;
    });
  }

  /**
   * `setOverridingJobPriorityForJobDefinition(id, priority, cascade)` / `clearOverriding...` (priority
   * null). With cascade the existing jobs get the priority through `updateJobPriorityByDefinitionId`,
   * which does NOT bump REV_ (the engine accepts that a parallel update overwrites it). Clearing never
   * cascades (the engine's clear has no cascade). Returns the number of jobs changed.
   */
  setOverridingJobPriority(jobDefinitionId: string, priority: number | null, cascade = false): number {
    return this.transaction(() => {
      const n = this.run('UPDATE ACT_RU_JOBDEF SET REV_ = REV_ + 1, JOB_PRIORITY_ = ? WHERE ID_ = ?', [priority, jobDefinitionId]);
      if (n !== 1) throw new Error(`job definition ${jobDefinitionId} does not exist`);
      if (!cascade || priority === null) return 0;
      return this.run('UPDATE ACT_RU_JOB SET PRIORITY_ = ? WHERE JOB_DEF_ID_ = ?', [priority, jobDefinitionId]);
    });
  }

  // -- incidents --------------------------------------------------------------------------------------

  /** Inserts an incident; INCIDENT_TYPE_ defaults to 'failedJob', REV_ to 1. */
  createIncident(row: IncidentInput): void {
    const merged: Record<string, unknown> = { REV_: 1, INCIDENT_TYPE_: 'failedJob', ...row };
    this.run(`INSERT INTO ACT_RU_INCIDENT (${INCIDENT_COLUMNS.join(', ')}) VALUES (${INCIDENT_COLUMNS.map(() => '?').join(', ')})`,
      INCIDENT_COLUMNS.map(n => toSql(merged[n])));
  }

  /** All incidents ORDER BY INCIDENT_TIMESTAMP_, ID_. */
  incidents(): IncidentRow[] {
    return this.query(`SELECT ${INCIDENT_COLUMNS.join(', ')} FROM ACT_RU_INCIDENT ORDER BY INCIDENT_TIMESTAMP_, ID_`)
      .map(r => rowFrom<IncidentRow>(INCIDENT_COLUMNS, r, new Set()));
  }

  /** Resolves (deletes) the failedJob incidents of a job; returns how many. */
  deleteIncidentsOfJob(jobId: string): number {
    return this.run(`DELETE FROM ACT_RU_INCIDENT WHERE INCIDENT_TYPE_ = 'failedJob' AND CONFIGURATION_ = ?`, [jobId]);
  }

  // -- executions -------------------------------------------------------------------------------------

  insertExecution(row: ExecutionInput): void {
    const merged: Record<string, unknown> = { REV_: 1, IS_ACTIVE_: true, SUSPENSION_STATE_: SUSPENSION_ACTIVE, ...row };
    this.run(`INSERT INTO ACT_RU_EXECUTION (${EXECUTION_COLUMNS.join(', ')}) VALUES (${EXECUTION_COLUMNS.map(() => '?').join(', ')})`,
      EXECUTION_COLUMNS.map(n => toSql(merged[n])));
  }

  getExecution(id: string): ExecutionRow | undefined {
    const r = this.query(`SELECT ${EXECUTION_COLUMNS.join(', ')} FROM ACT_RU_EXECUTION WHERE ID_ = ?`, [id])[0];
    return r ? rowFrom<ExecutionRow>(EXECUTION_COLUMNS, r, EXECUTION_BOOLEANS) : undefined;
  }

  /** All executions ORDER BY ID_ (a stable listing order). */
  allExecutions(): ExecutionRow[] {
    return this.query(`SELECT ${EXECUTION_COLUMNS.join(', ')} FROM ACT_RU_EXECUTION ORDER BY ID_`)
      .map(r => rowFrom<ExecutionRow>(EXECUTION_COLUMNS, r, EXECUTION_BOOLEANS));
  }

  /**
   * The optimistic update of an execution row (`UPDATE ... SET REV_ = REV_ + 1 WHERE ID_ = ? AND REV_ = ?`).
   * Two non-exclusive branches reaching a parallel join both update the process-instance execution with
   * the revision they read; the later commit gets 0 rows: the OptimisticLockingException (job-executor.md §6).
   */
  updateExecutionRev(id: string, expectedRev: number | null, set: { ACT_ID_?: string | null; IS_ACTIVE_?: boolean } = {}): boolean {
    const cols: string[] = ['REV_ = REV_ + 1'];
    const params: SqlValue[] = [];
    if (set.ACT_ID_ !== undefined) { cols.push('ACT_ID_ = ?'); params.push(set.ACT_ID_); }
    if (set.IS_ACTIVE_ !== undefined) { cols.push('IS_ACTIVE_ = ?'); params.push(set.IS_ACTIVE_ ? 1 : 0); }
    return this.run(`UPDATE ACT_RU_EXECUTION SET ${cols.join(', ')} WHERE ID_ = ? AND REV_ = ?`, [...params, id, expectedRev]) === 1;
  }

  deleteExecution(id: string, rev: number | null): boolean {
    return this.run('DELETE FROM ACT_RU_EXECUTION WHERE ID_ = ? AND REV_ = ?', [id, rev]) === 1;
  }

  // -- checkpoints ------------------------------------------------------------------------------------

  /** The whole database as bytes (sql.js `export()`), for the stepping API's rewind. */
  checkpoint(): Uint8Array {
    if (this.savepointDepth > 0) throw new Error('checkpoint() inside a transaction');
    return this.db.export();
  }

  /** Replaces this table's contents with a checkpoint; cached statements are recompiled on demand. */
  restore(bytes: Uint8Array): void {
    if (this.savepointDepth > 0) throw new Error('restore() inside a transaction');
    this.freeStatements();
    this.db.close();
    this.db = new this.SQL.Database(bytes);
    JobTable.tune(this.db);
  }

  /** Frees every cached statement and the database. */
  close(): void {
    this.freeStatements();
    this.db.close();
  }

  private freeStatements(): void {
    for (const s of this.statements.values()) s.free();
    this.statements.clear();
  }
}
