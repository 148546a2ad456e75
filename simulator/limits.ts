// The error every resource limit of a run ends with (limits.maxEvents, limits.maxVirtualTime,
// limits.maxTransactionSteps, limits.maxMemoryMb): its own module so the process engine can throw it
// without importing the runtime.
export class SimulationLimitError extends Error {
  constructor(message: string) { super(message); this.name = 'SimulationLimitError'; }
}

// ---- limits.maxMemoryMb ------------------------------------------------------------------------------
//
// What is counted (ours; the engine has no such limit): the simulation's OWN footprint, not the
// process's heap (which includes the host, the editor, other runs and garbage not yet collected, and
// would make a run's end depend on the garbage collector):
//   * the sql.js database: PRAGMA page_count × page_size — exact (pages are reused, not returned,
//     so this is the high-water mark of the job table, definitions, executions and incidents);
//   * the recorded trace: events kept × TRACE_EVENT_BYTES, a measured estimate (retained V8 heap per
//     event of the 100k-job bench scenario: ≈ 366 bytes; rounded up). 0 when trace recording is off;
//   * the event queue: live entries × QUEUE_ENTRY_BYTES (an estimate; queues stay small).
// The process engine's own state (instances, tokens, variables) is not counted.
// It is checked on the first step and then every MEMORY_CHECK_EVERY steps, so the check is
// deterministic (same scenario, same seed ⇒ the run stops at the same step) and costs nothing per step.

/** Bytes per recorded trace event (measured: bench/simulator.ts scenario, 100k jobs, 340k events, ≈ 366 B). */
export const TRACE_EVENT_BYTES = 400;
/** Bytes per live event-queue entry (an estimate: a heap slot and a small event object). */
export const QUEUE_ENTRY_BYTES = 128;
/** Steps between two footprint checks (a power of two: the step loop compares a mask). */
export const MEMORY_CHECK_EVERY = 4096;
export const MEMORY_CHECK_MASK = MEMORY_CHECK_EVERY - 1;

export interface Footprint { dbBytes: number; traceEvents: number; queueEntries: number }

/** Size of a sql.js database in bytes: page_count × page_size. */
export function databaseBytes(db: { exec(sql: string): { values: unknown[][] }[] }): number {
  const r = db.exec('PRAGMA page_count; PRAGMA page_size');
  return Number(r[0]?.values[0]?.[0] ?? 0) * Number(r[1]?.values[0]?.[0] ?? 0);
}

export function footprintBytes(f: Footprint): number {
  return f.dbBytes + f.traceEvents * TRACE_EVENT_BYTES + f.queueEntries * QUEUE_ENTRY_BYTES;
}

const mb = (b: number) => (b / 1048576).toFixed(1);

/** The SimulationLimitError of a footprint over `maxMemoryMb`, or null. */
export function memoryLimitError(f: Footprint, maxMemoryMb: number, at: number): SimulationLimitError | null {
  const total = footprintBytes(f);
  if (total <= maxMemoryMb * 1048576) return null;
  return new SimulationLimitError(
    `simulation stopped: the run's memory (${mb(total)} MB: database ${mb(f.dbBytes)} MB, ` +
    `trace ${f.traceEvents} events ≈ ${mb(f.traceEvents * TRACE_EVENT_BYTES)} MB, ` +
    `event queue ${f.queueEntries} entries) passed limits.maxMemoryMb = ${maxMemoryMb} MB (at t = ${at} ms); ` +
    `raise limits.maxMemoryMb, shorten "until", or lower the load or the job rows (every recorded trace event counts ${TRACE_EVENT_BYTES} bytes)`);
}
