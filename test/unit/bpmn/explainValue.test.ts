import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explainValue } from '../../../src/bpmn/explainValue';

const now = Date.UTC(2026, 0, 15);
const MIN = 60_000;

const cases: [Parameters<typeof explainValue>[0], string, '7.24' | 'legacy', Record<string, unknown>][] = [
  ['jobPriority', '+5', '7.24', { valid: true, deploys: true, kind: 'constant', value: 5 }],
  ['jobPriority', '05', '7.24', { valid: true, kind: 'constant', value: 5 }],
  ['jobPriority', ' 5', '7.24', { valid: false, deploys: false, kind: 'invalid', reason: 'whitespace', suggestion: '5', error: "Value ' 5' for attribute 'jobPriority' is not a valid number" }],
  ['jobPriority', '2147483648', '7.24', { valid: false, kind: 'invalid', reason: 'out-of-int-range', suggestion: '2147483647' }],
  ['jobPriority', '${prio}', '7.24', { valid: true, deploys: true, kind: 'expression', language: '${', composite: false }],
  ['jobPriority', ' #{a}', '7.24', { valid: false, deploys: true, kind: 'expression', language: '#{', composite: true }],
  ['failedJobRetryTimeCycle', 'R5/PT5M', '7.24', { valid: true, kind: 'repeat', retries: 5, executions: 5, intervalsMs: [5 * MIN] }],
  ['failedJobRetryTimeCycle', 'R5/PT5M', 'legacy', { valid: true, kind: 'repeat', retries: 3, executions: 5, intervalsMs: [5 * MIN] }],
  ['failedJobRetryTimeCycle', 'PT10M,PT20M,PT1H', '7.24', { valid: true, kind: 'list', retries: 4, executions: 4, intervalsMs: [10 * MIN, 20 * MIN, 60 * MIN] }],
  ['failedJobRetryTimeCycle', 'R/PT1M', '7.24', { valid: true, kind: 'repeat', retries: 2147483647, intervalsMs: [MIN] }],
  ['failedJobRetryTimeCycle', '', '7.24', { valid: true, kind: 'none', retries: 3, executions: 3 }],
  ['failedJobRetryTimeCycle', '${cycle}', '7.24', { valid: true, kind: 'expression', language: '${' }],
  ['failedJobRetryTimeCycle', 'pt5m', '7.24', { valid: false, deploys: true, kind: 'ignored', retries: 3, executions: 3 }],
  ['failedJobRetryTimeCycle', 'PT5M,,PT1M', '7.24', { valid: false, deploys: true, kind: 'list', retries: 4, intervalsMs: [5 * MIN, null, MIN] }],
];
for (const [attribute, raw, profile, expected] of cases) {
  test(`explain-value ${attribute} ${JSON.stringify(raw)} (${profile})`, () => {
    const r = explainValue(attribute, raw, profile, now) as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(expected)) assert.deepEqual(r[k], v, `${k} of ${JSON.stringify(r)}`);
    assert.equal(r.attribute, attribute);
    assert.equal(r.input, raw);
    assert.doesNotThrow(() => JSON.stringify(r));
  });
}

test('explain-value per-failure schedule of PT10M,PT20M,PT1H: 10m, 20m, 1h, 1h then incident', () => {
  const r = explainValue('failedJobRetryTimeCycle', 'PT10M,PT20M,PT1H', '7.24', now);
  assert.deepEqual(r.schedule!.map(s => s.intervalMs), [10 * MIN, 20 * MIN, 60 * MIN, 60 * MIN]);
  assert.equal(r.schedule!.at(-1)!.outcome, 'incident');
});

test('explain-value of an ignored cycle carries the engine log', () => {
  const r = explainValue('failedJobRetryTimeCycle', 'pt5m', '7.24', now);
  assert.match(r.error!, /^ENGINE-09029 Exception while parsing retry intervals 'pt5m'/);
});

test('explain-value of a malformed JUEL literal', () => {
  const r = explainValue('jobPriority', '${9223372036854775808}', '7.24');
  assert.equal(r.kind, 'invalid');
  assert.equal(r.deploys, false);
  assert.match(r.error!, /expected <INTEGER>/);
});
