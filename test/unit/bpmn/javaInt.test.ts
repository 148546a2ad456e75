import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  INT_MAX, INT_MIN, isInLongRange, javaDigit, javaSplit, javaTrim, parseJavaInt, parseJavaLong, type JavaIntFailure,
} from '../../../src/bpmn/javaInt';

const accepted: [string, number][] = [
  ['5', 5], ['+5', 5], ['-5', -5], ['05', 5], ['0', 0], ['-0', 0], ['2147483647', INT_MAX], ['-2147483648', INT_MIN],
  ['٣', 3], ['１２', 12],
];
for (const [text, value] of accepted) {
  test(`Integer.parseInt accepts ${JSON.stringify(text)}`, () => {
    const r = parseJavaInt(text);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value, value);
  });
}

const rejected: [string, JavaIntFailure, string | undefined][] = [
  ['', 'empty', undefined],
  [' 5', 'whitespace', '5'],
  ['5 ', 'whitespace', '5'],
  ['\t5\n', 'whitespace', '5'],
  ['   ', 'whitespace', undefined],
  ['1 000', 'whitespace', '1000'],
  ['5.0', 'decimal', '5'],
  ['5.5', 'decimal', undefined],
  ['1e3', 'exponent', '1000'],
  ['1E3', 'exponent', '1000'],
  ['abc', 'not-a-number', undefined],
  ['+', 'not-a-number', undefined],
  ['+-5', 'not-a-number', undefined],
  ['0x10', 'not-a-number', undefined],
  ['\u00a05', 'whitespace', '5'], // NBSP: Java trim keeps it, parseInt rejects it
  ['2147483648', 'out-of-int-range', '2147483647'],
  ['-2147483649', 'out-of-int-range', '-2147483648'],
  ['9223372036854775807', 'out-of-int-range', '2147483647'],
  ['9223372036854775808', 'out-of-long-range', '2147483647'],
];
for (const [text, reason, suggestion] of rejected) {
  test(`Integer.parseInt rejects ${JSON.stringify(text)} as ${reason}`, () => {
    const r = parseJavaInt(text);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.reason, reason);
    assert.equal(r.suggestion, suggestion);
    assert.ok(r.message.length > 0);
  });
}

test('Long range helper and Long.parseLong', () => {
  assert.ok(isInLongRange(2n ** 63n - 1n));
  assert.ok(!isInLongRange(2n ** 63n));
  assert.ok(isInLongRange(-(2n ** 63n)));
  const r = parseJavaLong('9223372036854775807');
  assert.ok(r.ok && r.value === 2n ** 63n - 1n);
  const bad = parseJavaLong('9223372036854775808');
  assert.ok(!bad.ok && bad.reason === 'out-of-long-range');
});

test('javaTrim trims chars <= U+0020 only', () => {
  assert.equal(javaTrim(' \t a \n'), 'a');
  assert.equal(javaTrim('\u00a0a'), '\u00a0a');
});

test('javaDigit knows Unicode decimal digits', () => {
  assert.equal(javaDigit('7'), 7);
  assert.equal(javaDigit('٧'), 7);
  assert.equal(javaDigit('x'), -1);
});

const splits: [string, string[]][] = [
  ['PT5M,', ['PT5M']],
  ['PT5M,,', ['PT5M']],
  ['PT5M,,PT1M', ['PT5M', '', 'PT1M']],
  [',PT5M', ['', 'PT5M']],
  ['PT5M, ', ['PT5M', ' ']],
  [',,,', []],
  ['', ['']],
];
for (const [text, parts] of splits) {
  test(`String.split(",") of ${JSON.stringify(text)}`, () => {
    assert.deepEqual(javaSplit(text, ',').map(p => p.text), parts);
  });
}
