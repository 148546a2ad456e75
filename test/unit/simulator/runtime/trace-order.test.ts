// The trace reads causally at one tick: an acquisition event (what the cycle selected, locked and
// handed over) comes before the events of its hand-over — the batches the pool rejected and the jobs
// its threads start at once — although the machine reports the cycle only after the hand-over.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { validateScenario } from '../../../../simulator/scenario/validate';
import { createSimulation } from '../../../../simulator/simulation';
import type { TraceEvent } from '../../../../simulator/trace';
import { prepare, runPrepared, formatEvent } from '../../../../src/cli/simulate';
import { assertCheckpointReplays } from './assertReplay';

type Acquisition = Extract<TraceEvent, { kind: 'acquisition' }>;
const examples = join(__dirname, '../../../../examples');

/** Every hand-over event at an acquisition's tick on its node comes after the acquisition; returns the pairs checked. */
function checkHandOverOrder(trace: readonly TraceEvent[]): number {
  let pairs = 0;
  for (const e of trace) {
    if (e.kind !== 'jobStarted' && e.kind !== 'batchRejected') continue;
    const ids = e.kind === 'jobStarted' ? [e.jobId] : e.jobIds;
    // the cycle that handed these jobs over: same node, same tick, the jobs in its batches
    const acq = trace.find((a): a is Acquisition => a.kind === 'acquisition' && a.node === e.node && a.t === e.t &&
      ids.every(id => [...a.batches, ...a.resubmitted].some(b => b.includes(id))));
    if (!acq) continue; // started later from the pool queue, or by the exclusive-job shortcut
    pairs++;
    assert.ok(acq.seq < e.seq, `t=${e.t}: ${formatEvent(e)} (seq ${e.seq}) precedes ${formatEvent(acq)} (seq ${acq.seq})`);
  }
  return pairs;
}

test('order-cluster: "node-1 acquired [j1]" precedes "started j1" at the same tick', async () => {
  const r = await runPrepared(await prepare('order-cluster.json', examples));
  const lines = r.trace.filter(e => e.t === 6).map(formatEvent);
  const acquired = lines.findIndex(l => /node-1 acquired \[j1\]/.test(l));
  const started = lines.findIndex(l => /started j1 /.test(l));
  assert.ok(acquired >= 0 && started >= 0, lines.join('\n'));
  assert.ok(acquired < started, lines.join('\n'));
  assert.ok(checkHandOverOrder(r.trace) > 5);
});

test('every example: hand-over events follow their acquisition', async () => {
  for (const f of ['acquisition-order.json', 'heterogeneous-cluster.json', 'lock-clash-nodes.json', 'parallel-join-clash.json', 'retries-incident.json']) {
    const r = await runPrepared(await prepare(f, examples));
    assert.ok(checkHandOverOrder(r.trace) > 0, f);
    for (let i = 1; i < r.trace.length; i++) assert.ok(r.trace[i - 1].t <= r.trace[i].t && r.trace[i - 1].seq + 1 === r.trace[i].seq, `${f}: trace out of order at ${i}`);
  }
});

const rejecting = () => validateScenario({
  seed: 3, nodes: [{ id: 'n', count: 2, config: { corePoolSize: 1, maxPoolSize: 1, queueSize: 1, maxJobsPerAcquisition: 4 } }],
  jobs: Array.from({ length: 12 }, (_, i) => ({ ID_: `j${i + 1}`, EXCLUSIVE_: false, PROCESS_INSTANCE_ID_: `pi${i + 1}`, ACT_ID_: 'task' })),
  engine: { defaultJobDurationMs: 300, dbLatencyMs: 0 },
});

test('rejected batches and started jobs follow the acquisition (also with dbLatencyMs 0); streaming sees the same order', async () => {
  const streamed: TraceEvent[] = [];
  const sim = await createSimulation(rejecting(), { onTrace: e => streamed.push(e) });
  sim.run();
  assert.ok(sim.summary().rejectedBatches > 0);
  const first = sim.trace.find((e): e is Acquisition => e.kind === 'acquisition' && e.rejected.length > 0)!;
  const rejectedAt = sim.trace.filter(e => e.kind === 'batchRejected' && e.node === first.node && e.t === first.t);
  assert.ok(rejectedAt.length > 0 && rejectedAt.every(e => e.seq > first.seq));
  assert.ok(checkHandOverOrder(sim.trace) > 0);
  assert.deepEqual(streamed, sim.trace);
});

test('a checkpoint taken between the hand-over and its acquisition event restores the held events', async () => {
  const ref = await createSimulation(rejecting());
  ref.run();
  const sim = await createSimulation(rejecting());
  const inHandOver = () => sim.snapshot().nodes.some(n => n.acquisition?.value === 'submitting');
  let steps = 0;
  while (!(sim.step().length === 0 && inHandOver())) assert.ok(++steps < 200, 'the run reaches a hand-over');
  assertCheckpointReplays(sim, ref);
  sim.close();
  ref.close();
});
