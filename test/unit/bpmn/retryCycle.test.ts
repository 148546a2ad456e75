import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatDurationMs, initialRetries, intervalForFailure, parseRetryTimeCycle, retrySchedule, type RetryCycle,
} from '../../../src/bpmn/retryCycle';
import type { EngineProfile } from '../../../src/bpmn/types';

const MIN = 60_000;
const now = Date.UTC(2026, 0, 15);
const parse = (raw: string | null | undefined, profile: EngineProfile = '7.24') => parseRetryTimeCycle(raw, { profile, now });
const list = (c: RetryCycle) => { assert.equal(c.kind, 'list'); return c as Extract<RetryCycle, { kind: 'list' }>; };

const none: (string | null | undefined)[] = [null, undefined, ''];
for (const raw of none) test(`retry cycle ${JSON.stringify(raw)} is none`, () => assert.deepEqual(parse(raw), { kind: 'none' }));

for (const [raw, language] of [['${cycle}', '${'], [' #{a},PT5M', '#{'], ['${a},PT15M,${b}', '${']] as const) {
  test(`retry cycle ${JSON.stringify(raw)} is an expression`, () => {
    assert.deepEqual(parse(raw), { kind: 'expression', expression: raw, language });
  });
}

test('a malformed retry expression fails the deployment', () => {
  const c = parse('${cycle');
  assert.equal(c.kind, 'malformed-expression');
});

const lists: [string, number, boolean, (number | null | undefined)[]][] = [
  ['R5/PT5M', 5, true, [5 * MIN]],
  ['R/PT1M', 2147483647, true, [MIN]],
  ['R0/PT5M', 0, true, [0]],
  ['PT5M', 2, false, [5 * MIN]],
  ['PT10M,PT20M,PT1H', 4, false, [10 * MIN, 20 * MIN, 60 * MIN]],
  [' PT10M , PT20M ', 3, false, [10 * MIN, 20 * MIN]],
  ['PT5M,', 2, false, [5 * MIN]],
  ['P2W', 2, false, [14 * 24 * 60 * MIN]],
  ['PT1.5S', 2, false, [1500]],
];
for (const [raw, retries, repeat, ms] of lists) {
  test(`retry cycle ${JSON.stringify(raw)}: retries ${retries}, intervals ${ms.join(',')}`, () => {
    const c = list(parse(raw));
    assert.equal(c.retries, retries);
    assert.equal(c.repeat, repeat);
    assert.deepEqual(c.intervals.map(i => i.ms), ms);
    assert.deepEqual(c.engineOutcome, { kind: 'custom' });
  });
}

test('element ranges are offsets of the trimmed elements in the raw text', () => {
  const c = list(parse(' PT10M , PT20M'));
  assert.deepEqual(c.intervals.map(i => i.range), [{ start: 1, end: 6 }, { start: 9, end: 14 }]);
});

test('PT5M,,PT1M keeps the empty middle element, invalid, falling back at failure time', () => {
  const c = list(parse('PT5M,,PT1M'));
  assert.equal(c.retries, 4);
  assert.deepEqual(c.intervals.map(i => i.text), ['PT5M', '', 'PT1M']);
  assert.equal(c.intervals[1]!.ms, undefined);
  assert.match(c.intervals[1]!.error!, /ENGINE-09028/);
  assert.deepEqual(c.intervals[1]!.range, { start: 5, end: 5 });
  assert.equal(c.engineOutcome.kind, 'fallback-at-failure');
  assert.deepEqual(c.engineOutcome.kind === 'fallback-at-failure' && c.engineOutcome.invalidIndices, [1]);
});

test('PT5M, (comma then space) keeps an empty element, unlike PT5M,', () => {
  const c = list(parse('PT5M, '));
  assert.equal(c.intervals.length, 2);
  assert.equal(c.retries, 3);
});

test('every bad element of a list is reported', () => {
  const c = list(parse('pt5m,PT10M,5M'));
  assert.deepEqual(c.intervals.map(i => Boolean(i.error)), [true, false, true]);
});

test(',,, gives an empty interval list: 1 retry, fallback at failure', () => {
  const c = list(parse(',,,'));
  assert.equal(c.retries, 1);
  assert.equal(c.intervals.length, 0);
  assert.equal(c.engineOutcome.kind, 'fallback-at-failure');
});

const ignored = ['pt5m', '5M', 'PT-5M', 'PT 5M', 'R5', 'R5/', ' ', 'PT5M/PT1M'];
for (const raw of ignored) {
  test(`single element ${JSON.stringify(raw)} is ignored by the engine (ENGINE-09029)`, () => {
    const c = parse(raw);
    assert.equal(c.kind, 'ignored-by-engine');
    if (c.kind !== 'ignored-by-engine') return;
    assert.equal(c.engineLog, `ENGINE-09029 Exception while parsing retry intervals '${raw.trim()}'`);
    assert.ok(c.reason.length > 0);
  });
}

const initial: [string | null, EngineProfile, number | undefined][] = [
  ['R5/PT5M', '7.24', 5], ['R5/PT5M', 'legacy', 3],
  ['PT10M,PT20M,PT1H', '7.24', 4], ['PT10M,PT20M,PT1H', 'legacy', 3],
  ['R0/PT5M', '7.24', 1], ['R0/PT5M', 'legacy', 3],
  [null, '7.24', 3], ['pt5m', '7.24', 3], ['${c}', '7.24', undefined], ['${c}', 'legacy', 3],
];
for (const [raw, profile, retries] of initial) {
  test(`initial retries of ${JSON.stringify(raw)} under ${profile}: ${retries}`, () => {
    assert.equal(initialRetries(parse(raw, profile), profile), retries);
  });
}

const index: [number, number, number][] = [
  // n = 3 intervals, retries n+1 = 4 → 0, 3 → 1, 2 → 2, 1 → 2 (clamped)
  [3, 4, 0], [3, 3, 1], [3, 2, 2], [3, 1, 2], [3, 0, 2],
  // retries raised above n+1 via the API: clamps to index 0 (first interval repeats)
  [3, 5, 0], [3, 100, 0],
  [1, 5, 0], [1, 1, 0],
];
for (const [n, retries, idx] of index) {
  test(`interval index for ${n} intervals at ${retries} retries is ${idx}`, () => {
    const intervals = Array.from({ length: n }, (_, i) => i * 10);
    assert.deepEqual(intervalForFailure(intervals, retries), { index: idx, interval: idx * 10 });
  });
}

test('empty interval list: the engine would throw (no interval)', () => {
  assert.deepEqual(intervalForFailure([], 1), { index: 0, interval: undefined });
});

test('schedule PT10M,PT20M,PT1H under 7.24: 4 executions, 10m, 20m, 1h, then incident', () => {
  const s = retrySchedule(parse('PT10M,PT20M,PT1H'), '7.24');
  assert.equal(s.totalExecutions, 4);
  assert.equal(s.initialRetries, 4);
  assert.deepEqual(s.rows.map(r => [r.execution, r.retriesBefore, r.interval?.ms, r.retriesAfter, r.outcome]), [
    [1, 4, 10 * MIN, 3, 'retry'], [2, 3, 20 * MIN, 2, 'retry'], [3, 2, 60 * MIN, 1, 'retry'], [4, 1, 60 * MIN, 0, 'incident'],
  ]);
});

test('schedule R5/PT5M under legacy: created with 3, raised to 5 at the first failure', () => {
  const s = retrySchedule(parse('R5/PT5M', 'legacy'), 'legacy');
  assert.equal(s.initialRetries, 3);
  assert.equal(s.totalExecutions, 5);
  assert.deepEqual(s.rows[0], {
    execution: 1, retriesBefore: 3, retriesUsed: 5, strategy: 'custom',
    interval: { index: 0, text: 'R5/PT5M', ms: 5 * MIN }, retriesAfter: 4, outcome: 'retry',
  });
  assert.equal(s.rows.at(-1)!.outcome, 'incident');
});

test('schedule with a bad middle element: that failure falls back to the standard strategy', () => {
  const s = retrySchedule(parse('PT5M,,PT1M'), '7.24');
  assert.deepEqual(s.rows.map(r => r.strategy), ['custom', 'fallback', 'custom', 'custom']);
  assert.deepEqual(s.rows.map(r => r.retriesAfter), [3, 2, 1, 0]);
});

test('schedule without a usable cycle: standard strategy, 3 executions, no delay', () => {
  for (const raw of [null, 'pt5m']) {
    const s = retrySchedule(parse(raw), '7.24');
    assert.equal(s.strategy, 'standard');
    assert.deepEqual(s.rows.map(r => r.retriesAfter), [2, 1, 0]);
    assert.ok(s.rows.every(r => r.interval === undefined));
  }
});

test('schedule R0/PT5M: one execution then incident, both profiles', () => {
  for (const profile of ['7.24', 'legacy'] as const) {
    const s = retrySchedule(parse('R0/PT5M', profile), profile);
    assert.equal(s.totalExecutions, 1);
    assert.equal(s.rows[0]!.outcome, 'incident');
  }
});

test('schedule R/PT1M is truncated', () => {
  const s = retrySchedule(parse('R/PT1M'), '7.24', { maxRows: 5 });
  assert.equal(s.rows.length, 5);
  assert.ok(s.truncated);
  assert.equal(s.totalExecutions, 2147483647);
});

test('expression schedule is unknown until run time', () => {
  assert.equal(retrySchedule(parse('${c}'), '7.24').strategy, 'unknown');
});

const formats: [number, string][] = [
  [0, '0 s'], [500, '500 ms'], [1500, '1.5 s'], [5 * MIN, '5 min'], [90 * MIN, '1 h 30 min'],
  [90_000, '1 min 30 s'], [14 * 24 * 60 * MIN, '14 d'], [-5 * MIN, '-5 min'],
];
for (const [ms, text] of formats) test(`formatDurationMs(${ms}) = ${text}`, () => assert.equal(formatDurationMs(ms), text));
