// The simulator's job tables, named and typed like the engine's (camunda-reference §7, postgres/h2 create
// scripts), translated to SQLite. Differences, all deliberate:
// * Times (`timestamp` in the engine) are INTEGER virtual milliseconds.
// * Booleans (`boolean` on H2/PostgreSQL, NUMBER(1)/smallint/bit elsewhere) are INTEGER 0/1: SQLite has no
//   boolean type. The acquisition query therefore compares with 1/0, like the engine on MySQL/Oracle/DB2/MSSQL.
// * OURS: `SEQ_` is an insertion counter (`INTEGER PRIMARY KEY AUTOINCREMENT`, i.e. SQLite's rowid, never
//   reused, persisted in checkpoints). It is the simulator's "database order": the engine's acquisition
//   query has no ORDER BY without flags, so a real database returns rows in an order of its choosing; we
//   make that order explicit and reproducible. Because SEQ_ is the rowid, every index ends in SEQ_, so
//   "ORDER BY <index columns>, SEQ_" is served by the index without a sort.
//   Consequence: the engine's `ID_ ... PRIMARY KEY` is declared `NOT NULL UNIQUE` here (same lookup index,
//   same uniqueness).
// * OURS: `ACT_ID_` on ACT_RU_JOB: the activity the job belongs to (the engine derives it through the job
//   definition / execution; the simulator keeps it on the row for traces).

import type { Database } from 'sql.js';

export type ColumnKind = 'string' | 'integer' | 'time' | 'boolean';

export interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  /** SQL type used in our DDL. */
  readonly sqlType: string;
  readonly notNull: boolean;
  /** True for columns the engine does not have. */
  readonly ours?: boolean;
}

const c = (name: string, kind: ColumnKind, sqlType: string, notNull = false, ours = false): ColumnSpec =>
  ({ name, kind, sqlType, notNull, ours });

/** ACT_RU_JOB columns in engine order (postgres create script), then ours. SEQ_ is first in the DDL. */
export const JOB_COLUMNS: readonly ColumnSpec[] = [
  c('ID_', 'string', 'varchar(64)', true),
  c('REV_', 'integer', 'integer'),
  c('TYPE_', 'string', 'varchar(255)', true),
  c('LOCK_EXP_TIME_', 'time', 'INTEGER'),
  c('LOCK_OWNER_', 'string', 'varchar(255)'),
  c('EXCLUSIVE_', 'boolean', 'INTEGER'),
  c('EXECUTION_ID_', 'string', 'varchar(64)'),
  c('ROOT_PROC_INST_ID_', 'string', 'varchar(64)'),
  c('PROCESS_INSTANCE_ID_', 'string', 'varchar(64)'),
  c('PROCESS_DEF_ID_', 'string', 'varchar(64)'),
  c('PROCESS_DEF_KEY_', 'string', 'varchar(255)'),
  c('RETRIES_', 'integer', 'integer'),
  c('EXCEPTION_STACK_ID_', 'string', 'varchar(64)'),
  c('EXCEPTION_MSG_', 'string', 'varchar(4000)'),
  c('FAILED_ACT_ID_', 'string', 'varchar(255)'),
  c('DUEDATE_', 'time', 'INTEGER'),
  c('REPEAT_', 'string', 'varchar(255)'),
  c('REPEAT_OFFSET_', 'integer', 'bigint'),
  c('HANDLER_TYPE_', 'string', 'varchar(255)'),
  c('HANDLER_CFG_', 'string', 'varchar(4000)'),
  c('DEPLOYMENT_ID_', 'string', 'varchar(64)'),
  c('SUSPENSION_STATE_', 'integer', 'integer', true),
  c('JOB_DEF_ID_', 'string', 'varchar(64)'),
  c('PRIORITY_', 'integer', 'bigint', true),
  c('SEQUENCE_COUNTER_', 'integer', 'bigint'),
  c('TENANT_ID_', 'string', 'varchar(64)'),
  c('CREATE_TIME_', 'time', 'INTEGER'),
  c('LAST_FAILURE_LOG_ID_', 'string', 'varchar(64)'),
  c('BATCH_ID_', 'string', 'varchar(64)'),
  c('ACT_ID_', 'string', 'varchar(255)', false, true),
];

export const JOB_COLUMN_NAMES: readonly string[] = JOB_COLUMNS.map(col => col.name);

/** SUSPENSION_STATE_ codes (engine `SuspensionState`). */
export const SUSPENSION_ACTIVE = 1;
export const SUSPENSION_SUSPENDED = 2;

export const DDL_ACT_RU_JOB = `CREATE TABLE ACT_RU_JOB (
  SEQ_ INTEGER PRIMARY KEY AUTOINCREMENT, -- ours: insertion counter, the "database order"
  ID_ varchar(64) NOT NULL UNIQUE,        -- engine: PRIMARY KEY (see schema.ts header)
  REV_ integer,
  TYPE_ varchar(255) NOT NULL,
  LOCK_EXP_TIME_ INTEGER,                 -- engine: timestamp; here virtual ms
  LOCK_OWNER_ varchar(255),
  EXCLUSIVE_ INTEGER,                     -- engine: boolean; here 0/1
  EXECUTION_ID_ varchar(64),
  ROOT_PROC_INST_ID_ varchar(64),
  PROCESS_INSTANCE_ID_ varchar(64),
  PROCESS_DEF_ID_ varchar(64),
  PROCESS_DEF_KEY_ varchar(255),
  RETRIES_ integer,
  EXCEPTION_STACK_ID_ varchar(64),
  EXCEPTION_MSG_ varchar(4000),
  FAILED_ACT_ID_ varchar(255),
  DUEDATE_ INTEGER,                       -- engine: timestamp; here virtual ms
  REPEAT_ varchar(255),
  REPEAT_OFFSET_ bigint DEFAULT 0,
  HANDLER_TYPE_ varchar(255),
  HANDLER_CFG_ varchar(4000),
  DEPLOYMENT_ID_ varchar(64),
  SUSPENSION_STATE_ integer NOT NULL DEFAULT 1,
  JOB_DEF_ID_ varchar(64),
  PRIORITY_ bigint NOT NULL DEFAULT 0,
  SEQUENCE_COUNTER_ bigint,
  TENANT_ID_ varchar(64),
  CREATE_TIME_ INTEGER,                   -- engine: timestamp; here virtual ms
  LAST_FAILURE_LOG_ID_ varchar(64),
  BATCH_ID_ varchar(64),
  ACT_ID_ varchar(255)                    -- ours: activity id
)`;

export const DDL_ACT_RU_JOBDEF = `CREATE TABLE ACT_RU_JOBDEF (
  ID_ varchar(64) NOT NULL PRIMARY KEY,
  REV_ integer,
  PROC_DEF_ID_ varchar(64),
  PROC_DEF_KEY_ varchar(255),
  ACT_ID_ varchar(255),
  JOB_TYPE_ varchar(255) NOT NULL,
  JOB_CONFIGURATION_ varchar(255),
  SUSPENSION_STATE_ integer,
  JOB_PRIORITY_ bigint,                   -- overriding priority; NULL = none
  TENANT_ID_ varchar(64),
  DEPLOYMENT_ID_ varchar(64)
)`;

export const DDL_ACT_RU_INCIDENT = `CREATE TABLE ACT_RU_INCIDENT (
  ID_ varchar(64) NOT NULL PRIMARY KEY,
  REV_ integer NOT NULL,
  INCIDENT_TIMESTAMP_ INTEGER NOT NULL,   -- engine: timestamp; here virtual ms
  INCIDENT_MSG_ varchar(4000),
  INCIDENT_TYPE_ varchar(255) NOT NULL,   -- 'failedJob' for jobs
  EXECUTION_ID_ varchar(64),
  ACTIVITY_ID_ varchar(255),
  FAILED_ACTIVITY_ID_ varchar(255),
  PROC_INST_ID_ varchar(64),
  PROC_DEF_ID_ varchar(64),
  CAUSE_INCIDENT_ID_ varchar(64),
  ROOT_CAUSE_INCIDENT_ID_ varchar(64),
  CONFIGURATION_ varchar(255),            -- the job id for 'failedJob'
  TENANT_ID_ varchar(64),
  JOB_DEF_ID_ varchar(64),
  ANNOTATION_ varchar(4000)
)`;

/** Executions: the simulator needs REV_ (optimistic locking) to model the parallel-join clash (job-executor.md §6). */
export const DDL_ACT_RU_EXECUTION = `CREATE TABLE ACT_RU_EXECUTION (
  ID_ varchar(64) NOT NULL PRIMARY KEY,
  REV_ integer,
  ROOT_PROC_INST_ID_ varchar(64),
  PROC_INST_ID_ varchar(64),
  BUSINESS_KEY_ varchar(255),
  PARENT_ID_ varchar(64),
  PROC_DEF_ID_ varchar(64),
  SUPER_EXEC_ varchar(64),
  ACT_ID_ varchar(255),
  ACT_INST_ID_ varchar(64),
  IS_ACTIVE_ INTEGER,                     -- engine: boolean; here 0/1
  IS_CONCURRENT_ INTEGER,
  IS_SCOPE_ INTEGER,
  IS_EVENT_SCOPE_ INTEGER,
  SUSPENSION_STATE_ integer,
  SEQUENCE_COUNTER_ bigint,
  TENANT_ID_ varchar(64)
)`;

/** Indexes that ship with the engine schema (postgres create script), for the tables we model. */
export const ENGINE_INDEXES: readonly string[] = [
  'CREATE INDEX ACT_IDX_JOB_EXECUTION_ID ON ACT_RU_JOB(EXECUTION_ID_)',
  'CREATE INDEX ACT_IDX_JOB_HANDLER ON ACT_RU_JOB(HANDLER_TYPE_, HANDLER_CFG_)',
  'CREATE INDEX ACT_IDX_JOB_PROCINST ON ACT_RU_JOB(PROCESS_INSTANCE_ID_)',
  'CREATE INDEX ACT_IDX_JOB_ROOT_PROCINST ON ACT_RU_JOB(ROOT_PROC_INST_ID_)',
  'CREATE INDEX ACT_IDX_JOB_TENANT_ID ON ACT_RU_JOB(TENANT_ID_)',
  'CREATE INDEX ACT_IDX_JOB_JOB_DEF_ID ON ACT_RU_JOB(JOB_DEF_ID_)',
  'CREATE INDEX ACT_IDX_JOB_EXCEPTION ON ACT_RU_JOB(EXCEPTION_STACK_ID_)',
  'CREATE INDEX ACT_IDX_JOB_HANDLER_TYPE ON ACT_RU_JOB(HANDLER_TYPE_)',
  'CREATE INDEX ACT_IDX_JOBDEF_TENANT_ID ON ACT_RU_JOBDEF(TENANT_ID_)',
  'CREATE INDEX ACT_IDX_JOBDEF_PROC_DEF_ID ON ACT_RU_JOBDEF(PROC_DEF_ID_)',
  'CREATE INDEX ACT_IDX_INC_CONFIGURATION ON ACT_RU_INCIDENT(CONFIGURATION_)',
  'CREATE INDEX ACT_IDX_INC_JOB_DEF ON ACT_RU_INCIDENT(JOB_DEF_ID_)',
  'CREATE INDEX ACT_IDX_INC_PROCINST ON ACT_RU_INCIDENT(PROC_INST_ID_)',
  'CREATE INDEX ACT_IDX_INC_EXECUTION ON ACT_RU_INCIDENT(EXECUTION_ID_)',
  'CREATE INDEX ACT_IDX_EXEC_ROOT_PI ON ACT_RU_EXECUTION(ROOT_PROC_INST_ID_)',
  'CREATE INDEX ACT_IDX_EXE_PROCINST ON ACT_RU_EXECUTION(PROC_INST_ID_)',
  'CREATE INDEX ACT_IDX_EXE_PARENT ON ACT_RU_EXECUTION(PARENT_ID_)',
];

export const SCHEMA_DDL: readonly string[] = [
  DDL_ACT_RU_JOB, DDL_ACT_RU_JOBDEF, DDL_ACT_RU_INCIDENT, DDL_ACT_RU_EXECUTION, ...ENGINE_INDEXES,
];

export function createSchema(db: Database): void {
  db.exec(SCHEMA_DDL.join(';\n') + ';');
}

/** The ordering flags of the acquisition query. */
export interface OrderingFlags {
  jobExecutorAcquireByPriority: boolean;
  jobExecutorPreferTimerJobs: boolean;
  jobExecutorAcquireByDueDate: boolean;
}

export interface AcquisitionIndex {
  name: string;
  sql: string;
  /** 'docs' = the index the Camunda docs recommend for this flag combination; 'ours' = the docs name none. */
  source: 'docs' | 'ours';
}

/**
 * The index recommended for the acquisition ORDER BY of these flags (camunda-reference §7 table), or
 * null when no flag is on (the engine's query then has no ORDER BY; ours orders by SEQ_, the rowid).
 * The docs list four combinations; for the others (priority together with another flag) we build the
 * index on the ORDER BY columns and label it as ours.
 */
export function recommendedAcquisitionIndex(flags: OrderingFlags): AcquisitionIndex | null {
  const p = flags.jobExecutorAcquireByPriority, t = flags.jobExecutorPreferTimerJobs, d = flags.jobExecutorAcquireByDueDate;
  const cols: string[] = [];
  if (p) cols.push('PRIORITY_ DESC');
  if (t) cols.push('TYPE_ DESC');
  if (d) cols.push('DUEDATE_ ASC');
  if (!cols.length) return null;
  const documented = (p && !t && !d) || (!p && t && !d) || (!p && !t && d) || (!p && t && d);
  const name = 'JOBLAB_IDX_JOB_ACQ_' + [p ? 'PRIO' : '', t ? 'TYPE' : '', d ? 'DUE' : ''].filter(Boolean).join('_');
  return { name, sql: `CREATE INDEX IF NOT EXISTS ${name} ON ACT_RU_JOB(${cols.join(', ')})`, source: documented ? 'docs' : 'ours' };
}

/** Creates the recommended acquisition index for these flags (idempotent). Returns it, or null if none applies. */
export function ensureAcquisitionIndex(db: Database, flags: OrderingFlags): AcquisitionIndex | null {
  const idx = recommendedAcquisitionIndex(flags);
  if (idx) db.run(idx.sql);
  return idx;
}
