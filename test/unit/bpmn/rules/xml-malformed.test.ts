import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint } from '../../../../src/bpmn/index';
import { bpmn, ruleTests } from './tester';

ruleTests('xml-malformed', {
  valid: [{ name: 'well-formed', xml: bpmn('<bpmn:serviceTask id="T" />') }],
  invalid: [
    {
      name: 'unclosed attribute value: one error at the first problem',
      xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncBefore="true />\n<bpmn:userTask id="U" />'),
      findings: [{ text: '"', severity: 'error', message: ['not well-formed', "not closed", 'Fix this first'] }],
    },
    {
      name: 'mismatched end tag',
      xml: bpmn('<bpmn:serviceTask id="T"></bpmn:userTask>'),
      findings: [{ text: '</bpmn:userTask>', message: ['Unexpected end tag'] }],
    },
  ],
});

test('xml-malformed: the rest of the model is still checked', () => {
  const xml = bpmn('<bpmn:userTask id="U" camunda:jobPriority=" 5" />\n<bpmn:serviceTask id="T" camunda:async="true"></bpmn:task>');
  const codes = lint(xml, { profile: '7.24' }).map(f => f.code);
  assert.equal(codes.filter(c => c === 'xml-malformed').length, 1);
  assert.ok(codes.includes('legacy-async'));
  assert.ok(codes.includes('job-priority-invalid'));
});
