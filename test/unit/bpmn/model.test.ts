import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { elementAt, parseBpmn } from '../../../src/bpmn/model';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/bpmn', name), 'utf8');
const slice = (t: string, r: { start: number; end: number } | undefined) => (r ? t.slice(r.start, r.end) : undefined);

test('processes, flow nodes, attributes with ranges (camunda:, activiti: and a custom prefix)', () => {
  const t = fixture('prefixes.bpmn');
  const m = parseBpmn(t);
  assert.ok(m.isBpmn);
  assert.deepEqual(m.processes.map(p => p.id), ['Prefixes']);
  const p = m.processes[0];
  assert.ok(p.isExecutable);
  assert.deepEqual(p.flowNodes.map(n => `${n.type}:${n.id}`), ['startEvent:Start', 'serviceTask:A', 'serviceTask:B', 'serviceTask:C', 'userTask:D', 'endEvent:End']);
  const a = m.byId.get('A')!;
  assert.equal(a.attrs.async?.qname, 'camunda:async');
  assert.equal(a.attrs.jobPriority?.value, ' 5');
  assert.equal(slice(t, a.attrs.jobPriority?.valueRange), ' 5');
  assert.equal(slice(t, a.attrs.jobPriority?.nameRange), 'camunda:jobPriority');
  assert.equal(slice(t, a.attrs.jobPriority?.range), 'camunda:jobPriority=" 5"');
  assert.equal(slice(t, a.idRange), 'A');
  const b = m.byId.get('B')!;
  assert.equal(b.attrs.asyncBefore?.qname, 'activiti:asyncBefore');
  assert.equal(b.attrs.exclusive?.value, 'TRUE');
  const c = m.byId.get('C')!;
  assert.equal(c.attrs.asyncBefore?.qname, 'c:asyncBefore');
  assert.equal(c.retryCycle?.namespace, 'fox');
  assert.equal(c.retryCycle?.text, 'R3/PT5M');
  assert.equal(slice(t, c.retryCycle?.textRange), 'R3/PT5M');
  assert.equal(slice(t, c.retryCycle?.range), '<fox:failedJobRetryTimeCycle>R3/PT5M</fox:failedJobRetryTimeCycle>');
  const d = m.byId.get('D')!;
  assert.equal(d.retryCycle?.namespace, 'camunda');
  assert.equal(d.retryCycle?.qname, 'c:failedJobRetryTimeCycle');
});

test('sequence flows: incoming and outgoing', () => {
  const m = parseBpmn(fixture('parallel-join.bpmn'));
  const fork = m.byId.get('Fork')!;
  assert.deepEqual(fork.outgoing.map(f => f.targetRef), ['CallCrm', 'CallErp']);
  assert.deepEqual(m.byId.get('Join')!.incoming.map(f => f.sourceRef), ['CallCrm', 'CallErp']);
  assert.equal(m.processes[0].sequenceFlows.length, 11);
});

test('multi-instance: body attributes on the activity, inner ones on the loop characteristics', () => {
  const t = fixture('multi-instance.bpmn');
  const m = parseBpmn(t);
  const body = m.byId.get('BodyOnly')!;
  assert.equal(body.multiInstance?.isSequential, false);
  assert.equal(body.attrs.asyncBefore?.value, 'true');
  assert.equal(body.retryCycle?.text, 'R2/PT1M');
  assert.equal(body.multiInstance?.retryCycle, undefined);
  const inner = m.byId.get('Inner')!;
  assert.equal(inner.multiInstance?.isSequential, true);
  assert.equal(inner.multiInstance?.attrs.asyncBefore?.value, 'true');
  assert.equal(inner.multiInstance?.attrs.exclusive?.value, 'false');
  assert.equal(inner.multiInstance?.retryCycle?.text, 'PT30S,PT2M');
  assert.equal(inner.retryCycle, undefined);
  assert.equal(m.byId.get('OnLoop')!.multiInstance?.attrs.jobPriority?.value, '4');
});

test('timers and signal event definitions', () => {
  const t = fixture('timers.bpmn');
  const m = parseBpmn(t);
  const nightly = m.byId.get('Nightly')!;
  const def = nightly.eventDefinitions[0];
  assert.equal(def.type, 'timer');
  assert.equal(def.timer?.kind, 'timeCycle');
  assert.equal(def.timer?.text, 'R/P1D');
  assert.equal(slice(t, def.timer?.textRange), 'R/P1D');
  assert.equal(def.exclusive?.value, 'false');
  assert.equal(m.byId.get('Escalate')!.attachedToRef, 'Review');
  assert.equal(m.byId.get('Escalate')!.eventDefinitions[0].timer?.kind, 'timeDuration');
  const sp = parseBpmn(fixture('subprocess.bpmn'));
  const broadcast = sp.byId.get('Broadcast')!;
  assert.equal(broadcast.eventDefinitions[0].type, 'signal');
  assert.equal(broadcast.eventDefinitions[0].async?.value, 'true');
});

test('sub-processes: parent and children', () => {
  const m = parseBpmn(fixture('subprocess.bpmn'));
  const fulfil = m.byId.get('Fulfil')!;
  assert.deepEqual(fulfil.children.map(c => c.id), ['Pick', 'Pack', 'Label']);
  assert.equal(m.byId.get('Pick')!.parent, fulfil);
  assert.equal(m.byId.get('Notify')!.parent, undefined);
  assert.equal(m.byId.get('Notify')!.attrs.type?.value, 'external');
  assert.deepEqual(m.byId.get('Pick')!.outgoing.map(f => f.targetRef), ['Pack']);
});

test('elementAt: innermost flow node, else the process', () => {
  const t = fixture('subprocess.bpmn');
  const m = parseBpmn(t);
  assert.equal(elementAt(m, t.indexOf('id="Pick"')).node?.id, 'Pick');
  assert.equal(elementAt(m, t.indexOf('<bpmn:sequenceFlow id="s1"')).node?.id, 'Fulfil');
  const at = elementAt(m, t.indexOf('<bpmn:sequenceFlow id="f1"'));
  assert.equal(at.node, undefined);
  assert.equal(at.process?.id, 'SubProcesses');
  assert.deepEqual(elementAt(m, 0), {});
});

test('the attribute form of the retry cycle and process-level attributes', () => {
  const t = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"><bpmn:process id="P" camunda:jobPriority="3" camunda:failedJobRetryTimeCycle="R1/PT1M"><bpmn:task id="T" camunda:failedJobRetryTimeCycle="R2/PT1M"/></bpmn:process></bpmn:definitions>';
  const m = parseBpmn(t);
  assert.equal(m.processes[0].jobPriority?.value, '3');
  assert.equal(m.processes[0].retryCycleAttribute?.value, 'R1/PT1M');
  assert.equal(m.byId.get('T')!.attrs.retryCycleAttribute?.value, 'R2/PT1M');
  assert.equal(m.processes[0].isExecutable, false);
});

test('a model from broken XML keeps what could be read', () => {
  const m = parseBpmn(fixture('malformed.bpmn'));
  assert.ok(m.xml.errors.length > 0);
  assert.ok(m.byId.has('Ok'));
  assert.ok(m.byId.has('Cut'));
});
