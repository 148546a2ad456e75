import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hoverAt, lint } from '../../../src/bpmn/index';
import { facts } from '../../../src/bpmn/catalogue';
import type { HoverOptions } from '../../../src/bpmn/types';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/bpmn', name), 'utf8');
const OFF: HoverOptions = { profile: '7.24', acquireByPriority: false };
function hover(t: string, needle: string, opts = OFF, delta = 1) {
  const at = t.indexOf(needle);
  assert.ok(at >= 0, `needle ${needle}`);
  const h = hoverAt(t, at + delta, opts);
  assert.ok(h, `hover at ${needle}`);
  return { ...h, text: t.slice(h.range.start, h.range.end) };
}

test('activity jobPriority: the chain, the effective value, what is overridden, the acquisition flag', () => {
  const t = fixture('clean.bpmn');
  const h = hover(t, 'camunda:jobPriority="20"');
  assert.equal(h.text, 'camunda:jobPriority="20"');
  assert.match(h.markdown, /\| Activity \| 20 \*\*← decides\*\*/);
  assert.match(h.markdown, /\| Process \| 5 \(overridden\)/);
  assert.match(h.markdown, /Effective priority: \*\*20\*\* \(from: Activity\)/);
  assert.match(h.markdown, /Overridden: Process, Default/);
  assert.ok(h.markdown.includes(facts.acquireByPriority(false)));
  assert.ok(h.markdown.includes(facts.noStarvationProtection));
  assert.ok(h.markdown.includes(facts.intRange));
  assert.ok(h.markdown.includes('runtime only'));
  const on = hover(t, 'camunda:jobPriority="20"', { profile: '7.24', acquireByPriority: true });
  assert.ok(on.markdown.includes(facts.acquireByPriority(true)));
});

test('expression priority: evaluated at job creation, 0 at that level when unresolvable', () => {
  const t = fixture('clean.bpmn');
  const h = hover(t, 'camunda:jobPriority="${shippingPriority}"');
  assert.match(h.markdown, /`\$\{shippingPriority\}` \*\*← decides\*\*/);
  assert.ok(h.markdown.includes(facts.expressionAtCreation));
});

test('process jobPriority lists the jobs that fall through to it', () => {
  const t = fixture('clean.bpmn');
  const h = hover(t, 'camunda:jobPriority="5"');
  assert.match(h.markdown, /fall through to this process priority: `Start` \(async-after\)/);
  assert.match(h.markdown, /\| Process \| 5 \*\*← decides\*\*/);
});

test('MI body: the activity priority does not apply; sub-process: not inherited', () => {
  const mi = hover(fixture('multi-instance.bpmn'), 'camunda:jobPriority="7"');
  assert.match(mi.markdown, /do not use this priority/);
  assert.match(mi.markdown, /\| Process \| 2 \*\*← decides/);
  assert.ok(mi.markdown.includes(facts.miBodyNoPriority));
  const sp = hover(fixture('subprocess.bpmn'), 'camunda:jobPriority="100"');
  assert.ok(sp.markdown.includes(facts.subprocessNotInherited));
});

test('invalid constant: the hover says what the diagnostic says', () => {
  const t = fixture('timers.bpmn');
  const h = hover(t, 'camunda:jobPriority="x10"');
  assert.ok(h.markdown.includes(facts.deploymentError('x10')));
  const d = lint(t, { profile: '7.24' }).find(f => f.code === 'job-priority-invalid')!;
  assert.ok(d.message.includes(facts.deploymentError('x10')));
});

test('retry cycle: executions, a table of intervals, the incident, the profile, OLE', () => {
  const t = fixture('clean.bpmn');
  const h = hover(t, 'PT1M,PT10M,PT1H', OFF, 3);
  assert.equal(h.text, '<camunda:failedJobRetryTimeCycle>PT1M,PT10M,PT1H</camunda:failedJobRetryTimeCycle>');
  assert.match(h.markdown, /Executions in total: \*\*4\*\* \(retries at job creation: 4\)/);
  assert.match(h.markdown, /\| 1 \| 3 \| 1 min \(`PT1M`\) \|/);
  assert.match(h.markdown, /\| 3 \| 1 \| 1 h \(`PT1H`\) \|/);
  assert.match(h.markdown, /\| 4 \| 0 \| incident \(failedJob\) \|/);
  assert.ok(h.markdown.includes(facts.profile('7.24')));
  assert.ok(h.markdown.includes(facts.oleNoRetry));
  assert.ok(h.markdown.includes(facts.incidentAtEnd));
  const legacy = hover(t, 'R5/PT5M', { profile: 'legacy', acquireByPriority: false }, 3);
  assert.match(legacy.markdown, /Executions in total: \*\*5\*\* \(retries at job creation: 3\)/);
  assert.ok(legacy.markdown.includes(facts.profile('legacy')));
});

test('retry cycle: invalid and ignored ones say so', () => {
  const bad = hover(fixture('timers.bpmn'), 'PT5M,PT10M,PT1X', OFF, 3);
  assert.match(bad.markdown, /\*\*Not valid:\*\* 'PT1X'/);
  assert.ok(bad.markdown.includes(facts.retryNotValidated));
  const ignored = hover(fixture('subprocess.bpmn'), '<camunda:failedJobRetryTimeCycle>R5/PT1M', OFF, 3);
  assert.match(ignored.markdown, /not used by any job/);
  assert.match(ignored.markdown, /retry-cycle-ignored/);
});

test('asyncBefore / asyncAfter / exclusive: boundary and guarantees', () => {
  const t = fixture('parallel-join.bpmn');
  const a = hover(t, 'camunda:asyncBefore="true" camunda:exclusive="false"');
  assert.equal(a.text, 'camunda:asyncBefore="true"');
  assert.ok(a.markdown.includes(facts.asyncBefore));
  assert.match(a.markdown, /not exclusive/);
  const e = hover(t, 'camunda:exclusive="false"');
  assert.equal(e.text, 'camunda:exclusive="false"');
  assert.ok(e.markdown.includes(facts.exclusiveGuarantee));
  assert.ok(e.markdown.includes(facts.exclusiveLimits));
  assert.ok(e.markdown.includes(facts.parallelJoinClash));
  const after = hover(fixture('clean.bpmn'), 'camunda:asyncAfter="true"');
  assert.ok(after.markdown.includes(facts.asyncAfter));
  const upper = hover(fixture('prefixes.bpmn'), 'activiti:exclusive="TRUE"');
  assert.ok(upper.markdown.includes(facts.trueEquals));
  assert.match(upper.markdown, /\*\*not exclusive\*\*/);
  const legacy = hover(fixture('prefixes.bpmn'), 'camunda:async="true"');
  assert.ok(legacy.markdown.includes(facts.legacyAsync));
  const timer = hover(fixture('timers.bpmn'), 'camunda:exclusive="false"');
  assert.match(timer.markdown, /timerEventDefinition/);
});

test('flow node tag name or id: a summary of its jobs', () => {
  const t = fixture('clean.bpmn');
  const byName = hover(t, 'bpmn:serviceTask id="Charge"');
  assert.equal(byName.text, 'bpmn:serviceTask');
  assert.match(byName.markdown, /\*\*serviceTask\*\* `Charge` — Charge card/);
  assert.match(byName.markdown, /\| async-before \| async-continuation \| yes \| 20 \(activity\) \| 5 executions, custom \(5 min\) \|/);
  const byId = hover(t, '"End"');
  assert.equal(byId.text, 'End');
  assert.match(byId.markdown, /Creates no job/);
  const timers = hover(fixture('timers.bpmn'), 'bpmn:startEvent id="Nightly"');
  assert.match(timers.markdown, /\| timer \| timer-start-event \| no \| 50 \(activity\) \| 4 executions, custom \(15 min\) \|/);
});

test('no hover on plain text, sequence flows or outside elements', () => {
  const t = fixture('clean.bpmn');
  assert.equal(hoverAt(t, 0, OFF), undefined);
  assert.equal(hoverAt(t, t.indexOf('sourceRef="Start"') + 2, OFF), undefined);
  assert.equal(hoverAt(t, t.indexOf('camunda:class') + 2, OFF), undefined);
});
