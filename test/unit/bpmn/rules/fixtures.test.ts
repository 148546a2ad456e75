// Every fixture under test/fixtures/bpmn, linted end to end: which rule fires on which element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lint } from '../../../../src/bpmn/index';

const dir = join(__dirname, '../../../fixtures/bpmn');
const expected: Record<string, string[]> = {
  'clean.bpmn': [],
  'malformed.bpmn': ['legacy-async@Ok', 'xml-malformed@'],
  'multi-instance.bpmn': ['job-priority-no-job@BodyOnly', 'job-priority-no-job@OnLoop'],
  'parallel-join.bpmn': ['exclusive-false-parallel-join@CallCrm', 'exclusive-false-parallel-join@CallErp'],
  'prefixes.bpmn': [
    'legacy-async@A', 'job-priority-invalid@A', 'async-value-not-boolean@B', 'job-priority-invalid@B',
    'job-priority-malformed-expression@C', 'job-priority-no-job@D', 'retry-cycle-ignored@D', 'retry-cycle-invalid@D',
  ],
  'subprocess.bpmn': [
    'job-priority-subprocess-not-inherited@Fulfil', 'retry-cycle-ignored@Label', 'retry-cycle-ignored@Notify',
    'job-priority-no-job@Broadcast', 'retry-cycle-ignored@Broadcast',
  ],
  'timers.bpmn': ['job-priority-invalid@Wait', 'retry-cycle-invalid@Wait'],
};

for (const [file, codes] of Object.entries(expected)) {
  test(`fixture ${file}`, () => {
    const text = readFileSync(join(dir, file), 'utf8');
    const findings = lint(text, { profile: '7.24' });
    assert.deepEqual(findings.map(f => `${f.code}@${f.elementId ?? ''}`), codes);
    // Sorted by offset, then code.
    for (let i = 1; i < findings.length; i++) assert.ok(findings[i - 1].range.start <= findings[i].range.start);
  });
}

test('severities: override, off, and the info variant is never raised', () => {
  const text = readFileSync(join(dir, 'prefixes.bpmn'), 'utf8');
  const f = lint(text, { profile: '7.24', severities: { 'job-priority-invalid': 'warning', 'legacy-async': 'off' } });
  assert.ok(!f.some(x => x.code === 'legacy-async'));
  assert.deepEqual([...new Set(f.filter(x => x.code === 'job-priority-invalid').map(x => x.severity))], ['warning']);
  const empty = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"><bpmn:process id="P"><bpmn:serviceTask id="T" camunda:asyncBefore="true"><bpmn:extensionElements><camunda:failedJobRetryTimeCycle /></bpmn:extensionElements></bpmn:serviceTask></bpmn:process></bpmn:definitions>';
  assert.equal(lint(empty, { profile: '7.24' }).find(x => x.code === 'retry-cycle-invalid')?.severity, 'info');
  assert.equal(lint(empty, { profile: '7.24', severities: { 'retry-cycle-invalid': 'hint' } }).find(x => x.code === 'retry-cycle-invalid')?.severity, 'hint');
});

test('a non-BPMN or empty text never throws', () => {
  for (const t of ['', 'hello', '<a>', '<?xml version="1.0"?>', '<bpmn:definitions xmlns:bpmn="x"><bpmn:process id="P" camunda:jobPriority="1"/></bpmn:definitions>']) {
    assert.doesNotThrow(() => lint(t, { profile: '7.24' }));
  }
  assert.deepEqual(lint('', { profile: '7.24' }).map(f => f.code), ['xml-malformed']);
});
