import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkElExpression, evaluatePriorityResult, parseJobPriority } from '../../../src/bpmn/priority';

const constants: [string, number][] = [['+5', 5], ['05', 5], ['-10', -10], ['2147483647', 2147483647], ['0', 0]];
for (const [raw, value] of constants) {
  test(`jobPriority ${JSON.stringify(raw)} is the constant ${value}`, () => {
    assert.deepEqual(parseJobPriority(raw), { kind: 'constant', value });
  });
}

const invalid: [string, string, string | undefined][] = [
  [' 5', 'whitespace', '5'], ['5 ', 'whitespace', '5'], ['5.0', 'decimal', '5'], ['1e3', 'exponent', '1000'],
  ['', 'empty', undefined], ['high', 'not-a-number', undefined],
  ['2147483648', 'out-of-int-range', '2147483647'], ['99999999999999999999', 'out-of-long-range', '2147483647'],
];
for (const [raw, reason, suggestion] of invalid) {
  test(`jobPriority ${JSON.stringify(raw)} fails the deployment (${reason})`, () => {
    const p = parseJobPriority(raw);
    assert.equal(p.kind, 'invalid');
    if (p.kind !== 'invalid') return;
    assert.equal(p.reason, reason);
    assert.equal(p.suggestion, suggestion);
    assert.equal(p.engineError, `Value '${raw}' for attribute 'jobPriority' is not a valid number`);
  });
}

const expressions: [string, '${' | '#{', boolean][] = [
  ['${prio}', '${', false], [' #{a}', '#{', true], ['#{a}', '#{', false], ['${a + 1}', '${', false],
  ['${x > 5 ? 10 : 1}', '${', false], ["${'}'}", '${', false], ['${9223372036854775807}', '${', false],
  ['${a}${b}', '${', false], ['${a} ', '${', true], ['${a(1, [2])}', '${', false],
];
for (const [raw, language, composite] of expressions) {
  test(`jobPriority ${JSON.stringify(raw)} is an expression`, () => {
    const p = parseJobPriority(raw);
    assert.deepEqual(p, { kind: 'expression', expression: raw, language, composite });
  });
}

const malformed: [string, RegExp][] = [
  ['${9223372036854775808}', /syntax error at position 2, encountered '9223372036854775808', expected <INTEGER>/],
  ['${-9223372036854775808}', /encountered '9223372036854775808'/],
  ['${}', /position 2/],
  ['${prio', /expected '}'/],
  ['${a}#{b}', /expected '\$\{'/],
  ['${a = 1}', /invalid character '='/],
  ["${'abc}", /unterminated string/],
  ['${(a}', /expected '\)'/],
  ['${a)}', /encountered '\)'/],
  ['${ {a} }', /invalid character '\{'/],
];
for (const [raw, error] of malformed) {
  test(`jobPriority ${JSON.stringify(raw)} is a malformed expression`, () => {
    const p = parseJobPriority(raw);
    assert.equal(p.kind, 'invalid');
    if (p.kind !== 'invalid') return;
    assert.equal(p.reason, 'malformed-expression');
    assert.match(p.engineError, error);
    assert.ok(p.engineError.startsWith(`Error parsing '${raw}': `));
  });
}

test('escaped \\${ is text, not an expression start', () => {
  const c = checkElExpression('${a}\\${b');
  assert.ok(c.ok && c.composite);
});

const results: [unknown, { ok: true; priority: number } | { ok: false; error: string }][] = [
  [5, { ok: true, priority: 5 }],
  [{ javaType: 'Short', value: 3 }, { ok: true, priority: 3 }],
  [{ javaType: 'Integer', value: -7 }, { ok: true, priority: -7 }],
  [{ javaType: 'Long', value: 9007199254740991n }, { ok: true, priority: 9007199254740991 }],
  [5n, { ok: true, priority: 5 }],
  [1.5, { ok: false, error: 'Priority value must be either Short, Integer, or Long' }],
  [{ javaType: 'Byte', value: 1 }, { ok: false, error: 'Priority value must be either Short, Integer, or Long' }],
  [{ javaType: 'BigDecimal', value: 1 }, { ok: false, error: 'Priority value must be either Short, Integer, or Long' }],
  [2n ** 70n, { ok: false, error: 'Priority value must be either Short, Integer, or Long' }],
  ['5', { ok: false, error: 'Priority value is not an Integer' }],
  [true, { ok: false, error: 'Priority value is not an Integer' }],
  [null, { ok: false, error: 'Priority value is not an Integer' }],
  [undefined, { ok: false, error: 'Priority value is not an Integer' }],
];
for (const [value, expected] of results) {
  test(`priority expression result ${typeof value === 'bigint' ? `${value}n` : JSON.stringify(value, (_k, v) => typeof v === 'bigint' ? `${v}n` : v)}`, () => {
    assert.deepEqual(evaluatePriorityResult(value), expected);
  });
}

test('priority result errors carry the engine context prefix', () => {
  assert.deepEqual(evaluatePriorityResult('x', 'Job task/async-continuation instantiated in context of Execution[1]'),
    { ok: false, error: 'Job task/async-continuation instantiated in context of Execution[1]: Priority value is not an Integer' });
});
