// OURS, a model of OptimaJet Workflow Server's multi-server recovery — NOT part of Camunda 7, whose
// only recovery from a crashed node is lock expiry (job-executor.md §8). Opt-in with
// `engine.recovery: { model: 'aliveSignal', aliveSignalIntervalMs, numberOfSkippedIntervalsToSupposeDeath }`.
//
// Every running node writes an alive signal into a table of ours, SIM_NODE_ALIVE, every
// `aliveSignalIntervalMs` (first at its start). On each of its signals a node also looks for other
// nodes still marked alive whose last signal is more than `interval × N` old (strictly: a node that
// writes on time is never older than one interval, so N ≥ 1 never declares a running node dead).
// A crashed node is therefore found at the first survivor check more than N intervals after its last
// signal: last signal + (N + 1) × interval when the nodes beat in step (all started together). A
// signal due at the very instant of a crash is not written when the crash comes first in the event
// queue (a timeline entry, scheduled at the start, does). The
// first node to find one declares it dead with an optimistic UPDATE (guarded by REV_ and STATUS_, so
// two survivors never both restore) and, in the same transaction, restores its work: every job the
// dead node holds locked gets LOCK_OWNER_/LOCK_EXP_TIME_ cleared (REV_ + 1), acquirable at once by
// any node. A dead node that starts again writes signals again (STATUS_ back to 'alive').
//
// Simplifications (ours): signals, checks and the restore take no virtual time; a running node never
// misses a signal (no GC pauses or network partitions are modelled), so a false death — and the
// double execution it would cause in the product — cannot happen here.
import type { JobTable } from '../db/jobTable';

export interface AliveSignalRecoverySettings {
  model: 'aliveSignal';
  /** Workflow Server's `AliveSignalInterval`, in virtual ms. */
  aliveSignalIntervalMs: number;
  /** Workflow Server's `NumberOfSkippedIntervalsToSupposeDeath`. */
  numberOfSkippedIntervalsToSupposeDeath: number;
}

/** `lockExpiry`: Camunda 7 only (the default). `aliveSignal`: lock expiry plus the alive-signal model. */
export type RecoverySettings = { model: 'lockExpiry' } | AliveSignalRecoverySettings;

export const DEFAULT_RECOVERY: Readonly<RecoverySettings> = Object.freeze({ model: 'lockExpiry' as const });

/** A row of SIM_NODE_ALIVE (ours). */
export interface NodeAliveRow {
  NODE_: string;
  REV_: number;
  LAST_ALIVE_: number;
  /** 'alive' | 'dead' */
  STATUS_: string;
  /** The node that declared it dead (null while alive). */
  DECLARED_BY_: string | null;
  DECLARED_AT_: number | null;
}

/** One death found and restored by a signal. */
export interface Restoration { node: string; by: string; lastAliveAt: number; jobIds: string[] }

export const NODE_ALIVE_DDL = `CREATE TABLE IF NOT EXISTS SIM_NODE_ALIVE (
  NODE_ varchar(255) NOT NULL PRIMARY KEY,
  REV_ integer NOT NULL,
  LAST_ALIVE_ INTEGER NOT NULL,
  STATUS_ varchar(16) NOT NULL,
  DECLARED_BY_ varchar(255),
  DECLARED_AT_ INTEGER
)`;

export class AliveSignalRecovery {
  private constructor(private readonly table: JobTable, readonly settings: AliveSignalRecoverySettings) {}

  /** The model for these settings (null for lock expiry only); creates SIM_NODE_ALIVE with one row per node. */
  static create(settings: RecoverySettings | undefined, table: JobTable, nodes: readonly string[]): AliveSignalRecovery | null {
    if (!settings || settings.model !== 'aliveSignal') return null;
    table.database.run(NODE_ALIVE_DDL);
    for (const n of nodes) table.run("INSERT INTO SIM_NODE_ALIVE (NODE_, REV_, LAST_ALIVE_, STATUS_) VALUES (?, 1, 0, 'alive')", [n]);
    return new AliveSignalRecovery(table, settings);
  }

  get intervalMs(): number { return this.settings.aliveSignalIntervalMs; }

  /**
   * `node`'s alive signal at `now`, then its look for dead nodes. Returns what it declared dead and
   * restored (usually nothing).
   */
  signal(node: string, now: number): Restoration[] {
    this.table.run("UPDATE SIM_NODE_ALIVE SET REV_ = REV_ + 1, LAST_ALIVE_ = ?, STATUS_ = 'alive', DECLARED_BY_ = NULL, DECLARED_AT_ = NULL WHERE NODE_ = ?", [now, node]);
    const deadline = now - this.settings.aliveSignalIntervalMs * this.settings.numberOfSkippedIntervalsToSupposeDeath;
    const suspects = this.table.query("SELECT NODE_, REV_, LAST_ALIVE_ FROM SIM_NODE_ALIVE WHERE STATUS_ = 'alive' AND LAST_ALIVE_ < ? AND NODE_ <> ? ORDER BY LAST_ALIVE_, NODE_", [deadline, node]);
    const out: Restoration[] = [];
    for (const [dead, rev, lastAlive] of suspects) {
      const r = this.table.transaction(() => {
        const won = this.table.run("UPDATE SIM_NODE_ALIVE SET REV_ = REV_ + 1, STATUS_ = 'dead', DECLARED_BY_ = ?, DECLARED_AT_ = ? WHERE NODE_ = ? AND REV_ = ? AND STATUS_ = 'alive'", [node, now, dead, rev]) === 1;
        if (!won) return null; // another survivor declared it first
        const jobs = this.table.query('SELECT ID_, REV_ FROM ACT_RU_JOB WHERE LOCK_OWNER_ = ? ORDER BY SEQ_', [dead]);
        const jobIds: string[] = [];
        for (const [id, jrev] of jobs) if (this.table.unlockJob(id as string, jrev as number | null)) jobIds.push(id as string);
        return { node: dead as string, by: node, lastAliveAt: lastAlive as number, jobIds };
      });
      if (r) out.push(r);
    }
    return out;
  }

  /** SIM_NODE_ALIVE, by node id. */
  rows(): NodeAliveRow[] {
    return this.table.query('SELECT NODE_, REV_, LAST_ALIVE_, STATUS_, DECLARED_BY_, DECLARED_AT_ FROM SIM_NODE_ALIVE ORDER BY NODE_')
      .map(([NODE_, REV_, LAST_ALIVE_, STATUS_, DECLARED_BY_, DECLARED_AT_]) => ({
        NODE_: NODE_ as string, REV_: REV_ as number, LAST_ALIVE_: LAST_ALIVE_ as number, STATUS_: STATUS_ as string,
        DECLARED_BY_: DECLARED_BY_ as string | null, DECLARED_AT_: DECLARED_AT_ as number | null,
      }));
  }
}
