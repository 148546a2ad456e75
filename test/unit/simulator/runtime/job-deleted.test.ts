// Jobs deleted outside a job's own transaction — by a user-task completion (its boundary timer), by
// an instance start, by a deployment (the timer-start jobs of the previous version) — each get a
// jobDeleted event; deletions by a job's transaction stay in its jobCompleted.deletedJobs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateScenario } from '../../../../simulator/scenario/validate';
import { createSimulation } from '../../../../simulator/simulation';
import { createEngineHooks } from '../../../../simulator/engine/hooks';
import type { TraceEvent } from '../../../../simulator/trace';
import type { ScenarioInput } from '../../../../simulator/scenario/types';
import { formatEvent } from '../../../../src/cli/simulate';

const defs = (body: string) => `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="x">${body}</bpmn:definitions>`;
const timer = (d: string) => `<bpmn:timerEventDefinition><bpmn:timeDuration>${d}</bpmn:timeDuration></bpmn:timerEventDefinition>`;

/**
 * A user task `approve` (2 s) with a 10 s boundary timer; then a user task `escalate` (20 s) with two
 * interrupting boundary timers, `fast` (5 s) and `slow` (1 h): the job of `fast` cancels `escalate`
 * and with it the job of `slow`, in its own transaction.
 */
const REVIEW = defs(`<bpmn:process id="review" isExecutable="true"><bpmn:startEvent id="start"/>
<bpmn:userTask id="approve"/><bpmn:boundaryEvent id="reminder" attachedToRef="approve">${timer('PT10S')}</bpmn:boundaryEvent>
<bpmn:userTask id="escalate"/><bpmn:boundaryEvent id="fast" attachedToRef="escalate">${timer('PT5S')}</bpmn:boundaryEvent>
<bpmn:boundaryEvent id="slow" attachedToRef="escalate">${timer('PT1H')}</bpmn:boundaryEvent>
<bpmn:endEvent id="end"/><bpmn:endEvent id="late"/><bpmn:endEvent id="late2"/><bpmn:endEvent id="late3"/>
<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve"/><bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="escalate"/><bpmn:sequenceFlow id="f3" sourceRef="escalate" targetRef="end"/>
<bpmn:sequenceFlow id="f4" sourceRef="reminder" targetRef="late"/><bpmn:sequenceFlow id="f5" sourceRef="fast" targetRef="late2"/><bpmn:sequenceFlow id="f6" sourceRef="slow" targetRef="late3"/></bpmn:process>`);

async function run(input: ScenarioInput, bpmn: Record<string, string>): Promise<{ trace: TraceEvent[]; jobsLeft: number }> {
  const scenario = validateScenario(input);
  const sim = await createSimulation(scenario, { hooks: createEngineHooks(scenario, bpmn).hooks });
  try { sim.run(); return { trace: [...sim.trace], jobsLeft: sim.table.allJobs().length }; } finally { sim.close(); }
}

const of = <K extends TraceEvent['kind']>(trace: readonly TraceEvent[], kind: K) => trace.filter(e => e.kind === kind) as Extract<TraceEvent, { kind: K }>[];

test('a user task completed before its boundary timer: the timer job is deleted with a jobDeleted event', async () => {
  const { trace, jobsLeft } = await run({
    seed: 1, nodes: [{ id: 'n', config: { waitTimeInMillis: 500, maxWait: 1000 } }], deployments: [{ id: 'd', bpmn: 'review.bpmn' }],
    load: [{ processDefinitionKey: 'review', instances: 1 }], activities: { approve: { durationMs: 2000 }, escalate: { durationMs: 20_000 } },
  }, { d: REVIEW });
  const created = of(trace, 'jobCreated');
  const reminder = created.find(e => e.activityId === 'reminder')!;
  const deleted = of(trace, 'jobDeleted');
  assert.deepEqual(deleted.map(({ t, seq: _s, ...rest }) => ({ t, ...rest })), [{ t: 2000, kind: 'jobDeleted', jobId: reminder.jobId, reason: 'boundary timer of approve: the activity ended', activityId: 'reminder' }]);
  assert.equal(formatEvent(deleted[0]), `t=2000ms deleted ${reminder.jobId} reminder: boundary timer of approve: the activity ended`);
  // the timer `slow` goes with the transaction of the job of `fast`: reported there, not twice
  const fast = created.find(e => e.activityId === 'fast')!, slow = created.find(e => e.activityId === 'slow')!;
  const done = of(trace, 'jobCompleted').find(e => e.jobId === fast.jobId);
  assert.deepEqual(done?.deletedJobs, [slow.jobId]);
  assert.ok(!deleted.some(e => e.jobId === slow.jobId));
  // every job is accounted for
  const removed = of(trace, 'jobCompleted').length + of(trace, 'jobCompleted').reduce((n, e) => n + (e.deletedJobs?.length ?? 0), 0) + deleted.length;
  assert.equal(jobsLeft, created.length - removed);
  assert.equal(jobsLeft, 0);
});

test('a new version of a process with a timer start event deletes the old timer-start job (deployment): jobDeleted', async () => {
  const process = (v: string) => defs(`<bpmn:process id="nightly" isExecutable="true"><bpmn:startEvent id="tick${v}">${timer('PT1H')}</bpmn:startEvent><bpmn:endEvent id="e"/>
<bpmn:sequenceFlow id="f" sourceRef="tick${v}" targetRef="e"/></bpmn:process>`);
  const { trace, jobsLeft } = await run({
    seed: 1, until: 'PT10S', nodes: [{ id: 'n' }], deployments: [{ id: 'v1', bpmn: 'a.bpmn' }, { id: 'v2', bpmn: 'b.bpmn' }],
    timeline: [{ at: 5000, action: 'deploy', deployment: 'v2' }],
  }, { v1: process('A'), v2: process('B') });
  const created = of(trace, 'jobCreated');
  assert.deepEqual(created.map(e => e.activityId), ['tickA', 'tickB']);
  const deleted = of(trace, 'jobDeleted');
  assert.equal(deleted.length, 1);
  assert.equal(deleted[0].jobId, created[0].jobId);
  assert.equal(deleted[0].t, 5000);
  assert.equal(deleted[0].activityId, 'tickA');
  assert.match(deleted[0].reason, /timer start event of nightly:1:v1: replaced by version 2/);
  assert.equal(jobsLeft, 1);
});
