import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { elementIdAt, explainElements } from '../../../src/bpmn/index';
import { jobDeclarations } from '../../../src/bpmn/jobs';
import { parseBpmn } from '../../../src/bpmn/model';
import { resolvePriority } from '../../../src/bpmn/precedence';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/bpmn', name), 'utf8');
const decl = (xml: string, id: string, i = 0) => jobDeclarations(parseBpmn(xml).byId.get(id)!)[i];
const doc = (body: string, processAttrs = '') => `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"><bpmn:process id="P" ${processAttrs}>${body}</bpmn:process></bpmn:definitions>`;

// ---- precedence chain ----
const chainCases: { name: string; xml: string; id: string; opts?: Parameters<typeof resolvePriority>[1]; value: number | null; source: string; overridden?: string[]; expression?: string; error?: RegExp }[] = [
  { name: 'activity wins over process', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true" camunda:jobPriority="10"/>', 'camunda:jobPriority="3"'), id: 'T', value: 10, source: 'activity', overridden: ['process', 'default'] },
  { name: 'process when the activity has none', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true"/>', 'camunda:jobPriority="3"'), id: 'T', value: 3, source: 'process', overridden: ['default'] },
  { name: 'default 0', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true"/>'), id: 'T', value: 0, source: 'default', overridden: [] },
  { name: 'an override wins, even 0', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true" camunda:jobPriority="10"/>'), id: 'T', opts: { override: 0 }, value: 0, source: 'override', overridden: ['activity', 'default'] },
  { name: 'null override = none', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true" camunda:jobPriority="10"/>'), id: 'T', opts: { override: null }, value: 10, source: 'activity' },
  { name: 'expression without evaluator: unknown, at the activity', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true" camunda:jobPriority="${p}"/>', 'camunda:jobPriority="3"'), id: 'T', value: null, source: 'activity', expression: '${p}' },
  { name: 'expression evaluated', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true" camunda:jobPriority="${p}"/>'), id: 'T', opts: { evaluate: () => 42 }, value: 42, source: 'activity' },
  { name: 'unresolvable expression: 0 AT THAT LEVEL, no fall-through', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true" camunda:jobPriority="${p}"/>', 'camunda:jobPriority="3"'), id: 'T', opts: { evaluate: () => { throw new Error('unknown property p'); } }, value: 0, source: 'activity', overridden: ['process', 'default'] },
  { name: 'expression of the wrong type: the engine error', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true" camunda:jobPriority="${p}"/>'), id: 'T', opts: { evaluate: () => 'high' }, value: null, source: 'activity', error: /not an Integer/ },
  { name: 'MI body: no activity level, falls to the process', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true" camunda:jobPriority="10"><bpmn:multiInstanceLoopCharacteristics/></bpmn:task>', 'camunda:jobPriority="3"'), id: 'T', value: 3, source: 'process' },
  { name: 'MI inner: the activity level applies', xml: doc('<bpmn:task id="T" camunda:jobPriority="10"><bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true"/></bpmn:task>', 'camunda:jobPriority="3"'), id: 'T', value: 10, source: 'activity' },
  { name: 'sub-process priority is not inherited', xml: doc('<bpmn:subProcess id="S" camunda:jobPriority="9"><bpmn:task id="T" camunda:asyncBefore="true"/></bpmn:subProcess>'), id: 'T', value: 0, source: 'default' },
  { name: 'timer: the event priority', xml: doc('<bpmn:intermediateCatchEvent id="E" camunda:jobPriority="7"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>'), id: 'E', value: 7, source: 'activity' },
  { name: 'producePrioritizedJobs=false: always 0', xml: doc('<bpmn:task id="T" camunda:asyncBefore="true" camunda:jobPriority="10"/>'), id: 'T', opts: { producePrioritizedJobs: false }, value: 0, source: 'default' },
];
for (const c of chainCases) {
  test(`precedence: ${c.name}`, () => {
    const r = resolvePriority(decl(c.xml, c.id), c.opts);
    assert.equal(r.value, c.value);
    assert.equal(r.source, c.source);
    assert.deepEqual(r.chain.map(l => l.level), ['override', 'activity', 'process', 'default']);
    if (c.overridden) assert.deepEqual(r.overridden, c.overridden);
    if (c.expression) assert.equal(r.expression, c.expression);
    if (c.error) assert.match(r.error ?? '', c.error);
  });
}

test('precedence: sub-process note and MI-body note in the chain', () => {
  const sp = resolvePriority(decl(doc('<bpmn:subProcess id="S" camunda:jobPriority="9"><bpmn:task id="T" camunda:asyncBefore="true"/></bpmn:subProcess>'), 'T'));
  assert.match(sp.chain[1].note ?? '', /sub-process 'S'.*not inherited/);
  const mi = resolvePriority(decl(doc('<bpmn:task id="T" camunda:asyncBefore="true"><bpmn:multiInstanceLoopCharacteristics/></bpmn:task>'), 'T'));
  assert.match(mi.chain[1].note ?? '', /multi-instance body/);
});

// ---- explainElements ----
test('explain: every job-creating element with jobs, priority chain and retries', () => {
  const out = explainElements(fixture('clean.bpmn'), { profile: '7.24' });
  assert.deepEqual(out.map(e => e.elementId), ['Start', 'Charge', 'Ship']);
  const charge = out[1];
  assert.equal(charge.elementType, 'serviceTask');
  assert.equal(charge.name, 'Charge card');
  assert.equal(charge.jobs.length, 1);
  const j = charge.jobs[0];
  assert.equal(j.kind, 'async-before');
  assert.equal(j.handlerType, 'async-continuation');
  assert.equal(j.jobType, 'message');
  assert.equal(j.activityId, 'Charge');
  assert.equal(j.exclusive, true);
  assert.deepEqual({ value: j.priority.value, source: j.priority.source }, { value: 20, source: 'activity' });
  assert.deepEqual(j.priority.chain.map(l => [l.level, l.value]), [['override', undefined], ['activity', 20], ['process', 5], ['default', 0]]);
  assert.deepEqual(j.retries, { created: 5, intervalsMs: [300000, 300000, 300000, 300000], strategy: 'custom' });
  const ship = out[2].jobs[0];
  assert.equal(ship.priority.value, null);
  assert.equal(ship.priority.expression, '${shippingPriority}');
  assert.deepEqual(ship.retries.intervalsMs, [60000, 600000, 3600000]);
  assert.equal(ship.retries.created, 4);
});

test('explain: legacy profile creates jobs with 3 retries', () => {
  const [charge] = explainElements(fixture('clean.bpmn'), { profile: 'legacy' }, 'Charge');
  assert.equal(charge.jobs[0].retries.created, 3);
  assert.equal(charge.jobs[0].retries.intervalsMs.length, 4, 'still 5 executions: the count switches at the first failure');
});

test('explain: standard strategy, timers, MI body vs inner, async signal throw', () => {
  const timers = explainElements(fixture('timers.bpmn'), { profile: '7.24' });
  assert.deepEqual(timers.map(e => `${e.elementId}:${e.jobs.map(j => j.handlerType).join('+')}`), ['Nightly:timer-start-event', 'Escalate:timer-transition', 'Wait:timer-intermediate-transition']);
  assert.equal(timers[0].jobs[0].exclusive, false);
  assert.equal(timers[0].jobs[0].jobType, 'timer');
  assert.deepEqual(timers[1].jobs[0].retries, { created: 3, intervalsMs: [0, 0], strategy: 'standard', note: 'standard strategy: no delay between attempts' });
  assert.match(timers[2].jobs[0].retries.note ?? '', /not valid/);
  const mi = explainElements(fixture('multi-instance.bpmn'), { profile: '7.24' });
  const body = mi.find(e => e.elementId === 'BodyOnly')!.jobs[0];
  assert.equal(body.activityId, 'BodyOnly#multiInstanceBody');
  assert.deepEqual([body.priority.value, body.priority.source], [2, 'process']);
  assert.deepEqual(body.retries.intervalsMs, [60000]);
  const inner = mi.find(e => e.elementId === 'Inner')!.jobs[0];
  assert.equal(inner.scope, 'multi-instance-inner');
  assert.deepEqual([inner.priority.value, inner.priority.source, inner.exclusive], [8, 'activity', false]);
  assert.deepEqual(inner.retries.intervalsMs, [30000, 120000]);
  const sig = explainElements(fixture('subprocess.bpmn'), { profile: '7.24' }, 'Broadcast')[0].jobs[0];
  assert.equal(sig.kind, 'async-signal-throw');
  assert.equal(sig.handlerType, 'event');
  assert.equal(sig.retries.strategy, 'standard');
  assert.match(sig.retries.note ?? '', /event/);
  assert.match(sig.priority.chain[1].note ?? '', /catching activity/);
});

test('explain: one element, and elements without jobs', () => {
  const t = fixture('clean.bpmn');
  assert.deepEqual(explainElements(t, { profile: '7.24' }, 'Ship').map(e => e.elementId), ['Ship']);
  assert.deepEqual(explainElements(t, { profile: '7.24' }, 'End'), []);
  assert.deepEqual(explainElements(t, { profile: '7.24' }, 'Nope'), []);
});

test('elementIdAt: innermost flow node, else the process', () => {
  const t = fixture('subprocess.bpmn');
  assert.equal(elementIdAt(t, t.indexOf('id="Pack"')), 'Pack');
  assert.equal(elementIdAt(t, t.indexOf('<bpmn:sequenceFlow id="s2"')), 'Fulfil');
  assert.equal(elementIdAt(t, t.indexOf('<bpmn:sequenceFlow id="f1"')), 'SubProcesses');
  assert.equal(elementIdAt(t, 0), undefined);
});
