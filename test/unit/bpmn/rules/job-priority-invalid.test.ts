import { bpmn, ruleTests } from './tester';

const task = (v: string) => bpmn(`<bpmn:serviceTask id="T" camunda:asyncBefore="true" camunda:jobPriority="${v}" />`);

ruleTests('job-priority-invalid', {
  valid: [
    ...['0', '10', '-5', '+5', '05', '2147483647', '-2147483648', '${prio}', '#{prio}', ' ${prio}'].map(v => ({ name: `'${v}'`, xml: task(v) })),
    { name: 'process level constant', xml: bpmn('<bpmn:startEvent id="S" />', { processAttrs: 'camunda:jobPriority="7"' }) },
    { name: 'malformed expressions belong to the other rule', xml: task('${a') },
  ],
  invalid: [
    {
      name: 'leading space: trim',
      xml: task(' 5'),
      findings: [{
        text: ' 5', severity: 'error', elementId: 'T',
        message: ["Value ' 5' for attribute 'jobPriority' is not a valid number", 'deployment fails', 'does not trim'],
        fixes: [{ title: "Trim the priority to '5'", preferred: true, contains: ['camunda:jobPriority="5"'] }],
      }],
    },
    {
      name: 'trailing space: trim',
      xml: task('10 '),
      findings: [{ text: '10 ', fixes: [{ title: "Trim the priority to '10'" }] }],
    },
    {
      name: 'fits a long but not an int: clamp',
      xml: task('9223372036854775807'),
      findings: [{
        text: '9223372036854775807', message: ['int range', 'expression'],
        fixes: [{ title: 'Clamp the priority to 2147483647', contains: ['camunda:jobPriority="2147483647"'] }],
      }],
    },
    {
      name: 'negative out of range: clamp down',
      xml: task('-2147483649'),
      findings: [{ text: '-2147483649', fixes: [{ title: 'Clamp the priority to -2147483648', contains: ['camunda:jobPriority="-2147483648"'] }] }],
    },
    {
      name: 'decimal with zero fraction: offer the integer',
      xml: task('5.0'),
      findings: [{ text: '5.0', message: ['decimal'], fixes: [{ title: "Use the integer priority '5'", contains: ['camunda:jobPriority="5"'] }] }],
    },
    { name: 'decimal with a real fraction: no fix', xml: task('5.5'), findings: [{ text: '5.5', fixes: [] }] },
    { name: 'exponent', xml: task('1e3'), findings: [{ text: '1e3', fixes: [{ title: "Use the integer priority '1000'" }] }] },
    { name: 'empty underlines the attribute', xml: task(''), findings: [{ text: 'camunda:jobPriority=""', message: ["Value '' for attribute"], fixes: [] }] },
    { name: 'not a number', xml: task('high'), findings: [{ text: 'high', fixes: [] }] },
    {
      name: 'on a non-async task still fails the deployment (and on the process)',
      xml: bpmn('<bpmn:userTask id="U" c:jobPriority="1.5" />', { prefix: 'c', processAttrs: 'c:jobPriority="x"' }),
      findings: [{ text: 'x', elementId: 'P' }, { text: '1.5', elementId: 'U' }],
    },
  ],
});
