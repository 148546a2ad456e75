// The simulated process engine: token flow per element type, jobs exactly per jobDeclarations
// (priority, retries, exclusive, handler type, job definition), optimistic checks at the join.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bpmn, flows, engine, runJob, drain } from './helpers';

const ASYNC_FORK = (exclusive: boolean) => bpmn(`
    <bpmn:startEvent id="s"/>
    <bpmn:parallelGateway id="fork"/>
    <bpmn:serviceTask id="b" camunda:asyncBefore="true"${exclusive ? '' : ' camunda:exclusive="false"'}/>
    <bpmn:serviceTask id="c" camunda:asyncBefore="true"${exclusive ? '' : ' camunda:exclusive="false"'}/>
    <bpmn:parallelGateway id="join"/>
    <bpmn:endEvent id="e"/>
${flows('s->fork', 'fork->b', 'fork->c', 'b->join', 'c->join', 'join->e')}`);

test('start → plain tasks → end runs in one transaction without jobs', () => {
  const e = engine();
  e.deploy('d1', bpmn(`<bpmn:startEvent id="s"/><bpmn:task id="t"/><bpmn:scriptTask id="sc"/><bpmn:endEvent id="e"/>${flows('s->t', 't->sc', 'sc->e')}`));
  const tx = e.startInstance('p', {}, { nowMs: 0 });
  assert.equal(tx.createdJobs.length, 0);
  assert.deepEqual(tx.endedInstances, tx.startedInstances);
  assert.equal(e.metrics.instancesCompleted, 1);
});

test('asyncBefore creates one message job with the declaration\'s attributes and a job definition', () => {
  const e = engine();
  const d = e.deploy('dep-7', bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="a" camunda:asyncBefore="true" camunda:exclusive="false" camunda:jobPriority="42"/><bpmn:endEvent id="e"/>${flows('s->a', 'a->e')}`));
  assert.equal(d.jobDefinitions.length, 1);
  const jd = d.jobDefinitions[0];
  assert.equal(jd.deploymentId, 'dep-7');
  assert.equal(jd.activityId, 'a');
  const tx = e.startInstance('p', {}, { nowMs: 5 });
  assert.equal(tx.createdJobs.length, 1);
  const j = tx.createdJobs[0];
  assert.equal(j.type, 'message');
  assert.equal(j.handlerType, 'async-continuation');
  assert.equal(j.exclusive, false);
  assert.equal(j.priority, 42);
  assert.equal(j.retries, 3);
  assert.equal(j.dueDate, null);
  assert.equal(j.createTime, 5);
  assert.equal(j.jobDefinitionId, jd.id);
  assert.equal(j.deploymentId, 'dep-7');
  assert.equal(j.processInstanceId, tx.startedInstances[0]);
  assert.equal(j.rootProcessInstanceId, j.processInstanceId);
  assert.equal(j.activityId, 'a');
  assert.ok(j.executionId);
  runJob(e, j.id, 10);
  assert.equal(e.metrics.instancesCompleted, 1);
});

test('asyncAfter creates the job after the behaviour; both async flags give two jobs in turn', () => {
  const e = engine();
  e.deploy('d', bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="a" camunda:asyncBefore="true" camunda:asyncAfter="true"/><bpmn:endEvent id="e"/>${flows('s->a', 'a->e')}`));
  const j1 = e.startInstance('p', {}, { nowMs: 0 }).createdJobs[0];
  assert.equal(j1.kind, 'async-before');
  const t1 = runJob(e, j1.id);
  assert.equal(t1.createdJobs.length, 1);
  assert.equal(t1.createdJobs[0].kind, 'async-after');
  assert.equal(t1.sideEffects.length, 1);
  const t2 = runJob(e, t1.createdJobs[0].id);
  assert.equal(t2.endedInstances.length, 1);
  assert.equal(t2.sideEffects.length, 0, 'the async-after job does not run the behaviour again');
});

test('priority precedence: activity › process expression › 0; unresolvable expression → 0 at that level', () => {
  const e = engine();
  e.deploy('d', bpmn(`<bpmn:startEvent id="s"/>
    <bpmn:serviceTask id="a" camunda:asyncBefore="true" camunda:jobPriority="7"/>
    <bpmn:serviceTask id="b" camunda:asyncBefore="true"/>
    <bpmn:serviceTask id="c" camunda:asyncBefore="true" camunda:jobPriority="\${missing}"/>
    <bpmn:endEvent id="e"/>${flows('s->a', 'a->b', 'b->c', 'c->e')}`, 'camunda:jobPriority="${prio * 2}"'));
  const ja = e.startInstance('p', { prio: 21 }, { nowMs: 0 }).createdJobs[0];
  assert.equal(ja.priority, 7);
  const jb = runJob(e, ja.id).createdJobs[0];
  assert.equal(jb.priority, 42);
  const jc = runJob(e, jb.id).createdJobs[0];
  assert.equal(jc.priority, 0);
});

test('job-definition override wins, even 0; producePrioritizedJobs=false gives 0', () => {
  const e = engine();
  const d = e.deploy('d', bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="a" camunda:asyncBefore="true" camunda:jobPriority="9"/><bpmn:endEvent id="e"/>${flows('s->a', 'a->e')}`));
  e.setOverridingJobPriority(d.jobDefinitions[0].id, 0);
  assert.equal(e.startInstance('p', {}, { nowMs: 0 }).createdJobs[0].priority, 0);
  const e2 = engine({ producePrioritizedJobs: false });
  e2.deploy('d', bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="a" camunda:asyncBefore="true" camunda:jobPriority="9"/><bpmn:endEvent id="e"/>${flows('s->a', 'a->e')}`));
  assert.equal(e2.startInstance('p', {}, { nowMs: 0 }).createdJobs[0].priority, 0);
});

test('initial retries: 7.24 uses the configured count (R5 → 5, list of 2 → 3, R0 → 1); legacy always 3', () => {
  const cyc = (c: string) => bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="a" camunda:asyncBefore="true"><bpmn:extensionElements><camunda:failedJobRetryTimeCycle>${c}</camunda:failedJobRetryTimeCycle></bpmn:extensionElements></bpmn:serviceTask><bpmn:endEvent id="e"/>${flows('s->a', 'a->e')}`);
  for (const [c, n] of [['R5/PT1M', 5], ['PT1M,PT2M', 3], ['R0/PT1M', 1], ['nonsense', 3]] as const) {
    const e = engine();
    e.deploy('d', cyc(c));
    const j = e.startInstance('p', {}, { nowMs: 0 }).createdJobs[0];
    assert.equal(j.retries, n, c);
    assert.equal(j.retryCycle, c);
  }
  const legacy = engine({ profile: 'legacy' });
  legacy.deploy('d', cyc('R5/PT1M'));
  assert.equal(legacy.startInstance('p', {}, { nowMs: 0 }).createdJobs[0].retries, 3);
});

test('parallel join: non-exclusive branches committing close in time → the later one fails with OptimisticLockingException', () => {
  const e = engine();
  e.deploy('d', ASYNC_FORK(false));
  const start = e.startInstance('p', {}, { nowMs: 0 });
  const [jb, jc] = start.createdJobs;
  assert.equal(jb.exclusive, false);
  const tb = e.executeJob(jb.id, { nowMs: 10 });
  const tc = e.executeJob(jc.id, { nowMs: 11 });
  assert.ok(tb.executionUpdates.some(u => u.id === start.startedInstances[0]));
  assert.deepEqual(e.commit(tb), { ok: true });
  const r = e.commit(tc);
  assert.equal(r.ok, false);
  assert.equal(!r.ok && r.error.type, 'OptimisticLockingException');
  assert.equal(e.metrics.optimisticLockingFailures, 1);
  // retried: the join fires now, and c's service call was executed twice
  const again = runJob(e, jc.id, 20);
  assert.equal(again.endedInstances.length, 1);
  assert.equal(e.metrics.duplicateSideEffects, 1);
});

test('parallel join: exclusive branches run one after the other (one batch) → no clash', () => {
  const e = engine();
  e.deploy('d', ASYNC_FORK(true));
  const [jb, jc] = e.startInstance('p', {}, { nowMs: 0 }).createdJobs;
  assert.ok(jb.exclusive && jc.exclusive);
  runJob(e, jb.id, 10);
  const t = runJob(e, jc.id, 11);
  assert.equal(t.endedInstances.length, 1);
  assert.equal(e.metrics.optimisticLockingFailures, 0);
});

test('exclusive gateway follows seeded weights; inclusive gateway takes at least one branch and joins', () => {
  const x = bpmn(`<bpmn:startEvent id="s"/><bpmn:exclusiveGateway id="g"/><bpmn:serviceTask id="a" camunda:asyncBefore="true"/><bpmn:serviceTask id="b" camunda:asyncBefore="true"/><bpmn:endEvent id="e1"/><bpmn:endEvent id="e2"/>${flows('s->g', 'g->a', 'g->b', 'a->e1', 'b->e2')}`);
  const e = engine({ activities: { g: { weights: { f_g_a: 1, f_g_b: 0 } } } });
  e.deploy('d', x);
  for (let i = 0; i < 5; i++) assert.equal(e.startInstance('p', {}, { nowMs: 0 }).createdJobs[0].activityId, 'a');
  const inc = bpmn(`<bpmn:startEvent id="s"/><bpmn:inclusiveGateway id="g"/><bpmn:task id="a"/><bpmn:task id="b"/><bpmn:inclusiveGateway id="j"/><bpmn:endEvent id="e"/>${flows('s->g', 'g->a', 'g->b', 'a->j', 'b->j', 'j->e')}`);
  const e2 = engine();
  e2.deploy('d', inc);
  for (let i = 0; i < 10; i++) assert.equal(e2.startInstance('p', {}, { nowMs: 0 }).endedInstances.length, 1);
});

test('embedded sub-process: the token enters, runs the inner async task and leaves', () => {
  const e = engine();
  e.deploy('d', bpmn(`<bpmn:startEvent id="s"/>
    <bpmn:subProcess id="sp"><bpmn:startEvent id="ss"/><bpmn:serviceTask id="inner" camunda:asyncBefore="true"/><bpmn:endEvent id="se"/>${flows('ss->inner', 'inner->se')}</bpmn:subProcess>
    <bpmn:serviceTask id="after" camunda:asyncBefore="true"/><bpmn:endEvent id="e"/>${flows('s->sp', 'sp->after', 'after->e')}`));
  const j = e.startInstance('p', {}, { nowMs: 0 }).createdJobs[0];
  assert.equal(j.activityId, 'inner');
  const t = runJob(e, j.id);
  assert.equal(t.createdJobs[0].activityId, 'after');
  assert.equal(runJob(e, t.createdJobs[0].id).endedInstances.length, 1);
});

test('multi-instance: asyncBefore on the activity → one MI-body job (process priority); on the loop characteristics → one job per inner instance (activity priority)', () => {
  const body = engine();
  body.deploy('d', bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="m" camunda:asyncBefore="true" camunda:jobPriority="8"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask><bpmn:endEvent id="e"/>${flows('s->m', 'm->e')}`, 'camunda:jobPriority="2"'));
  const jb = body.startInstance('p', {}, { nowMs: 0 }).createdJobs;
  assert.equal(jb.length, 1);
  assert.equal(jb[0].activityId, 'm#multiInstanceBody');
  assert.equal(jb[0].priority, 2);
  const tb = runJob(body, jb[0].id);
  assert.equal(tb.sideEffects.length, 3);
  assert.equal(tb.endedInstances.length, 1);

  const inner = engine();
  inner.deploy('d', bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="m" camunda:jobPriority="8"><bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true"><bpmn:loopCardinality>\${n}</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask><bpmn:endEvent id="e"/>${flows('s->m', 'm->e')}`, 'camunda:jobPriority="2"'));
  const ji = inner.startInstance('p', { n: 4 }, { nowMs: 0 }).createdJobs;
  assert.equal(ji.length, 4);
  assert.ok(ji.every(j => j.activityId === 'm' && j.priority === 8));
  const done = drain(inner, ji.map(j => j.id));
  assert.equal(done.length, 4);
  assert.equal(inner.metrics.instancesCompleted, 1);
});

test('sequential multi-instance with inner async: one inner job at a time', () => {
  const e = engine();
  e.deploy('d', bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="m"><bpmn:multiInstanceLoopCharacteristics isSequential="true" camunda:asyncBefore="true"><bpmn:loopCardinality>3</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask><bpmn:endEvent id="e"/>${flows('s->m', 'm->e')}`));
  let jobs = e.startInstance('p', {}, { nowMs: 0 }).createdJobs;
  let n = 0;
  while (jobs.length) { assert.equal(jobs.length, 1); jobs = runJob(e, jobs[0].id).createdJobs; n++; }
  assert.equal(n, 3);
  assert.equal(e.metrics.instancesCompleted, 1);
});

test('timers: intermediate timeDuration/timeDate due dates, handler types and TYPE_ timer', () => {
  const e = engine({ epochMs: Date.UTC(2025, 0, 1) });
  e.deploy('d', bpmn(`<bpmn:startEvent id="s"/>
    <bpmn:intermediateCatchEvent id="t1"><bpmn:timerEventDefinition><bpmn:timeDuration>PT30S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="t2"><bpmn:timerEventDefinition><bpmn:timeDate>2025-01-01T00:02:00Z</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="e"/>${flows('s->t1', 't1->t2', 't2->e')}`));
  const j = e.startInstance('p', {}, { nowMs: 1000 }).createdJobs[0];
  assert.equal(j.type, 'timer');
  assert.equal(j.handlerType, 'timer-intermediate-transition');
  assert.equal(j.dueDate, 31_000);
  const j2 = runJob(e, j.id, 31_000).createdJobs[0];
  assert.equal(j2.dueDate, 120_000);
  assert.equal(runJob(e, j2.id, 120_000).endedInstances.length, 1);
});

test('interrupting boundary timer on a user task cancels the task; the timer job is deleted when the task completes first', () => {
  const x = bpmn(`<bpmn:startEvent id="s"/><bpmn:userTask id="u"/>
    <bpmn:boundaryEvent id="b" attachedToRef="u"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:endEvent id="e"/><bpmn:endEvent id="late"/>${flows('s->u', 'u->e', 'b->late')}`);
  const e = engine({ activities: { u: { durationMs: 120_000 } } });
  e.deploy('d', x);
  const start = e.startInstance('p', {}, { nowMs: 0 });
  const timer = start.createdJobs[0];
  assert.equal(timer.handlerType, 'timer-transition');
  assert.equal(timer.dueDate, 60_000);
  const t = runJob(e, timer.id, 60_000);
  assert.equal(t.endedInstances.length, 1);
  assert.equal(e.runAgenda(200_000).length, 0, 'the cancelled task never completes');

  const e2 = engine({ activities: { u: { durationMs: 10_000 } } });
  e2.deploy('d', x);
  e2.startInstance('p', {}, { nowMs: 0 });
  const [done] = e2.runAgenda(10_000);
  assert.equal(done.endedInstances.length, 1);
  assert.equal(done.deletedJobs.length, 1);
  assert.equal(e2.jobCount, 0);
});

test('timer start event with a cycle: job without process instance, a new one per repetition', () => {
  const e = engine();
  const d = e.deploy('d', bpmn(`<bpmn:startEvent id="s"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT10S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent><bpmn:endEvent id="e"/>${flows('s->e')}`));
  const j = d.transaction.createdJobs[0];
  assert.equal(j.handlerType, 'timer-start-event');
  assert.equal(j.processInstanceId, null);
  assert.equal(j.dueDate, 10_000);
  const t = runJob(e, j.id, 10_000);
  assert.equal(t.startedInstances.length, 1);
  assert.equal(t.createdJobs.length, 1);
  assert.equal(t.createdJobs[0].dueDate, 20_000);
  assert.equal(runJob(e, t.createdJobs[0].id, 20_000).createdJobs.length, 0);
});

test('failures: failureProbability 1 → RuntimeException with the scenario error; missing deployment classes → ClassNotFoundException', () => {
  const x = bpmn(`<bpmn:startEvent id="s"/><bpmn:serviceTask id="a" camunda:class="x.A" camunda:asyncBefore="true"/><bpmn:endEvent id="e"/>${flows('s->a', 'a->e')}`);
  const e = engine({ activities: { a: { failureProbability: 1, error: 'boom' } } });
  e.deploy('d', x);
  const j = e.startInstance('p', {}, { nowMs: 0 }).createdJobs[0];
  const tx = e.executeJob(j.id, { nowMs: 1 });
  assert.equal(tx.error?.type, 'RuntimeException');
  assert.equal(tx.error?.message, 'boom');
  assert.equal(tx.createdJobs.length, 0);
  const e2 = engine();
  e2.deploy('d', x);
  const j2 = e2.startInstance('p', {}, { nowMs: 0 }).createdJobs[0];
  const tx2 = e2.executeJob(j2.id, { nowMs: 1, node: 'n2', hasDeploymentClasses: () => false });
  assert.equal(tx2.error?.type, 'ClassNotFoundException');
  assert.match(tx2.error!.message, /x\.A/);
});

test('load: fixed spacing and seeded exponential arrivals are deterministic', () => {
  const x = bpmn(`<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/>${flows('s->e')}`);
  const times = (seed: number) => {
    const e = engine({}, seed);
    e.deploy('d', x);
    e.scheduleLoad([{ processDefinitionKey: 'p', instances: 4 }]);
    const out: number[] = [];
    for (let t = e.nextAgendaTime(); t !== undefined; t = e.nextAgendaTime()) { e.runAgenda(t); out.push(t); }
    return out;
  };
  assert.deepEqual(times(3), times(3));
  assert.notDeepEqual(times(3), times(4));
  const e = engine();
  e.deploy('d', x);
  e.scheduleLoad([{ processDefinitionKey: 'p', instances: 3, intervalMs: 500 }]);
  assert.equal(e.runAgenda(1000).length, 3);
  assert.equal(e.metrics.instancesCompleted, 3);
});
