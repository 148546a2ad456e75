import { bpmn, ruleTests } from './tester';

const task = (v: string) => bpmn(`<bpmn:serviceTask id="T" camunda:asyncBefore="true" camunda:jobPriority="${v}" />`);

ruleTests('job-priority-malformed-expression', {
  valid: [
    ...['${prio}', '#{prio}', '${a + 1}', '${9223372036854775807}', '${x ? 1 : 2}'].map(v => ({ name: v, xml: task(v) })),
    { name: 'constants belong to job-priority-invalid', xml: task('5.0') },
  ],
  invalid: [
    { name: 'unclosed', xml: task('${prio'), findings: [{ text: '${prio', severity: 'error', message: ["'${prio' is malformed", "no closing '}'", 'deployment fails'] }] },
    { name: 'empty', xml: task('${}'), findings: [{ text: '${}', message: ['empty'] }] },
    { name: 'literal beyond long', xml: task('${9223372036854775808}'), findings: [{ text: '${9223372036854775808}', message: ['long range'] }] },
    { name: 'unbalanced parenthesis', xml: task('${(a + 1}'), findings: [{ text: '${(a + 1}' }] },
    {
      name: 'white space around makes a String-valued composite: trim',
      xml: task(' ${prio} '),
      findings: [{
        text: ' ${prio} ', message: ['composite', 'Priority value is not an Integer'],
        fixes: [{ title: "Trim the priority to '${prio}'", contains: ['camunda:jobPriority="${prio}"'] }],
      }],
    },
    { name: 'on the process', xml: bpmn('<bpmn:startEvent id="S" />', { processAttrs: 'camunda:jobPriority="#{"' }), findings: [{ text: '#{', elementId: 'P' }] },
  ],
});
