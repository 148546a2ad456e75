// The jBPM 3 executor profile's rules (simulator/executor/jbpm3.ts, the jbpm3 branches of
// simulator/machines/acquisitionMachine.ts and simulator/simulation.ts), checked against
// JobExecutorThread / DbMessageService of jBPM 3.2.x (docs/scenarios/scaling-jbpm3-article.md):
// a thread acquires only for itself while free, waits min(currentIdleInterval, next due job), is
// woken by a new job's notify (lost when no thread waits), and the pause after an exception is not
// ended by a finished batch. Also the Camunda start hint: only the node that ran the start is woken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createActor } from 'xstate';
import { jbpm3AfterCycle, initialJbpm3State } from '../../../../simulator/executor/jbpm3';
import { acquisitionMachine } from '../../../../simulator/machines/acquisitionMachine';
import { DEFAULT_BACKOFF_CONFIG } from '../../../../simulator/executor/backoffStrategy';
import { createSimulation } from '../../../../simulator/simulation';
import { createEngineHooks } from '../../../../simulator/engine/hooks';
import { validateScenario } from '../../../../simulator/scenario/validate';
import type { TraceEvent } from '../../../../simulator/trace';
import type { ScenarioInput } from '../../../../simulator/scenario/types';

const of = <K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) => trace.filter(e => e.kind === kind) as Extract<TraceEvent, { kind: K }>[];

test('jBPM 3 wait: min(currentIdleInterval, next due job); still doubled right after an exception; 0 when a thread was freed', () => {
  const cfg = { idleInterval: 10_000, maxIdleInterval: 3_600_000 };
  const s0 = initialJbpm3State(cfg);
  assert.equal(jbpm3AfterCycle(s0, cfg, false, { idleThreads: 1, nextDueInMs: null }).waitMs, 10_000);
  assert.equal(jbpm3AfterCycle(s0, cfg, false, { idleThreads: 1, nextDueInMs: 2_500 }).waitMs, 2_500, 'a job due sooner shortens the wait');
  assert.equal(jbpm3AfterCycle(s0, cfg, false, { idleThreads: 1, nextDueInMs: 60_000 }).waitMs, 10_000);
  const paused = jbpm3AfterCycle(s0, cfg, true, { idleThreads: 1, nextDueInMs: 1 });
  assert.equal(paused.waitMs, 10_000, 'the post-exception pause is not capped by a due date');
  assert.equal(paused.state.currentIdleInterval, 20_000);
  const after = jbpm3AfterCycle(paused.state, cfg, false, { idleThreads: 1, nextDueInMs: null });
  assert.equal(after.waitMs, 20_000, 'getWaitPeriod reads currentIdleInterval before run() resets it');
  assert.equal(after.state.currentIdleInterval, 10_000);
  assert.equal(jbpm3AfterCycle(s0, cfg, false, { idleThreads: 1, nextDueInMs: null, threadFreed: true }).waitMs, 0);
  assert.equal(jbpm3AfterCycle(s0, cfg, false, { idleThreads: 0, nextDueInMs: 5 }).waitMs, cfg.maxIdleInterval, 'no free thread: nobody polls');
});

/** An acquisition machine driven by hand to its waiting state after one cycle. */
function waitingAfter(opts: { clashed: string[]; idleThreads: number }) {
  const actor = createActor(acquisitionMachine, {
    input: { node: 'n', profile: 'jbpm3', cfg: { ...DEFAULT_BACKOFF_CONFIG }, jbpm3Cfg: { idleInterval: 10_000, maxIdleInterval: 3_600_000 } },
  });
  actor.start();
  actor.send({ type: 'SELECTED', at: 0, rows: [{ id: 'j1', rev: 1 }], attempted: 1 });
  actor.send({ type: 'LOCKED', at: 1, locked: opts.clashed.length ? [] : ['j1'], clashed: opts.clashed, batches: opts.clashed.length ? [] : [['j1']] });
  actor.send({ type: 'SUBMITTED', at: 1, rejected: [], jitter: 0, jbpm3: { idleThreads: opts.idleThreads, nextDueAt: null } });
  assert.ok(actor.getSnapshot().hasTag('waiting'));
  return actor;
}

test('jBPM 3 pause after an exception: a finished batch does not end it, a new job\'s notify does (Object.wait on the monitor)', () => {
  const a = waitingAfter({ clashed: ['j1'], idleThreads: 1 });
  assert.equal(a.getSnapshot().context.waitMs, 10_000);
  a.send({ type: 'JOB_ADDED', threadFreed: true });
  assert.ok(a.getSnapshot().hasTag('waiting'), 'a finished batch leaves the pause running');
  a.send({ type: 'JOB_ADDED' });
  assert.ok(a.getSnapshot().hasTag('acquiring'), 'a notify ends it');
  a.stop();
});

test('jBPM 3 notify while no thread waits is lost; a freed thread acquires at once', () => {
  const a = waitingAfter({ clashed: [], idleThreads: 0 });
  a.send({ type: 'JOB_ADDED' });
  assert.ok(a.getSnapshot().hasTag('waiting'), 'every thread busy: the notify reaches nobody');
  a.send({ type: 'JOB_ADDED', threadFreed: true });
  assert.ok(a.getSnapshot().hasTag('acquiring'));
  a.stop();
  const b = waitingAfter({ clashed: [], idleThreads: 1 });
  b.send({ type: 'JOB_ADDED' });
  assert.ok(b.getSnapshot().hasTag('acquiring'), 'a waiting thread is notified');
  b.stop();
});

async function runPlain(input: ScenarioInput) {
  const sim = await createSimulation(validateScenario(input));
  try { sim.run(); return { trace: [...sim.trace], summary: sim.summary() }; } finally { sim.close(); }
}

test('jBPM 3 node: acquires only for its free threads, never hoards rows it cannot run (no rejected hand-over)', async () => {
  const jobs = Array.from({ length: 40 }, (_, i) => ({ ID_: `j${i + 1}`, EXCLUSIVE_: false, PROCESS_INSTANCE_ID_: `pi${i + 1}`, ACT_ID_: 'task' }));
  const r = await runPlain({
    seed: 5, engine: { executorProfile: 'jbpm3', idleInterval: 500, maxIdleInterval: 1000, defaultJobDurationMs: 40 },
    nodes: [{ id: 'n', config: { threads: 3, maxJobsPerAcquisition: 10 } }], jobs,
  });
  assert.equal(r.summary.jobsCompleted, 40);
  assert.equal(of(r.trace, 'batchRejected').length, 0);
  const acq = of(r.trace, 'acquisition');
  assert.ok(acq.every(a => a.attempted <= 3 && a.locked.length <= 3 && a.resubmitted.length === 0), 'at most one job per free thread');
  // the busy node goes back to the table as soon as a thread is free: no idle wait between jobs
  assert.ok(r.summary.makespanMs < 40 * 40 / 3 + 500, `makespan ${r.summary.makespanMs}`);
});

test('jBPM 3 node: the idle wait ends when the next job falls due (getWaitPeriod)', async () => {
  const r = await runPlain({
    seed: 1, engine: { executorProfile: 'jbpm3', idleInterval: 10_000, maxIdleInterval: 3_600_000, defaultJobDurationMs: 10 },
    nodes: [{ id: 'n' }], jobs: [{ ID_: 'timer', TYPE_: 'timer', DUEDATE_: 3000 }],
  });
  const started = of(r.trace, 'jobStarted')[0];
  assert.ok(started.t >= 3000 && started.t < 3100, `the timer ran at ${started.t}, not after the 10 s idle interval`);
});

const defs = (body: string) => `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="x">${body}</bpmn:definitions>`;
const ASYNC = defs(`<bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="s"/>
<bpmn:serviceTask id="work" camunda:class="x.Work" camunda:asyncBefore="true"/><bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work"/><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="e"/></bpmn:process>`);

async function runBpmn(input: ScenarioInput) {
  const scenario = validateScenario(input);
  const eh = createEngineHooks(scenario, { d: ASYNC });
  const sim = await createSimulation(scenario, { hooks: eh.hooks });
  try { sim.run(); return [...sim.trace]; } finally { sim.close(); }
}

test('Camunda: a start served by a node hints only that node\'s job executor; a start outside any node hints every node', async () => {
  const nodes = [{ id: 'a', config: { waitTimeInMillis: 5000, maxWait: 5000 } }, { id: 'b', config: { waitTimeInMillis: 5000, maxWait: 5000 } }];
  const base = { seed: 2, engine: { dbLatencyMs: 1, defaultJobDurationMs: 10 }, nodes, deployments: [{ id: 'd', bpmn: 'p.bpmn' }] };
  const woken = (trace: TraceEvent[], at: number) => [...new Set(of(trace, 'acquisition').filter(a => a.t > at && a.t <= at + 10).map(a => a.node))].sort();
  const withBalancer = await runBpmn({ ...base, load: [{ processDefinitionKey: 'p', instances: 2, startAtMs: 100, intervalMs: 1000, balancer: 'round-robin' }] });
  const starts = of(withBalancer, 'processStarted');
  assert.deepEqual(starts.map(s => s.node), ['a', 'b']);
  for (const s of starts) assert.deepEqual(woken(withBalancer, s.t), [s.node], `start at ${s.t} on ${s.node}`);
  const without = await runBpmn({ ...base, load: [{ processDefinitionKey: 'p', instances: 1, startAtMs: 100 }] });
  assert.deepEqual(woken(without, 100), ['a', 'b'], 'no node ran the start (OURS): every node is hinted');
});
