// Shared assertion of the checkpoint tests: a checkpoint taken now continues byte-identically to the
// reference run, both before and after restoring it.
import assert from 'node:assert/strict';
import type { Simulation } from '../../../../simulator/simulation';

/** Checkpoints `sim` where it stands, runs on, restores, runs again; both continuations equal `ref` (already run). */
export function assertCheckpointReplays(sim: Simulation, ref: Simulation): void {
  const cp = sim.checkpoint();
  const cut = sim.trace.length;
  sim.run();
  assert.equal(sim.traceHash(), ref.traceHash(), 'the run from the checkpointed state equals the reference run');
  sim.restore(cp);
  assert.equal(sim.trace.length, cut, 'restore cuts the trace back to the checkpoint');
  sim.run();
  assert.equal(sim.traceHash(), ref.traceHash(), 'the run after restore equals the reference run');
  assert.deepEqual(sim.summary(), ref.summary());
}
