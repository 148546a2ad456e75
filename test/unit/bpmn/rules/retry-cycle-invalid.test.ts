import { bpmn, ruleTests } from './tester';

const task = (cycle: string, prefix = 'camunda') =>
  bpmn(`<bpmn:serviceTask id="T" camunda:asyncBefore="true"><bpmn:extensionElements><${prefix}:failedJobRetryTimeCycle>${cycle}</${prefix}:failedJobRetryTimeCycle></bpmn:extensionElements></bpmn:serviceTask>`);

ruleTests('retry-cycle-invalid', {
  valid: [
    ...['R3/PT5M', 'R5/PT1H', 'PT1M,PT5M,PT10M', 'PT1M, PT5M , PT10M', 'P1W', 'PT1.5S', '${cycle}', 'R/PT1M', 'PT1M,'].map(v => ({ name: v, xml: task(v) })),
  ],
  invalid: [
    {
      name: 'single bad value: the engine only logs it',
      xml: task('5M'),
      findings: [{ text: '5M', severity: 'error', elementId: 'T', message: ["'5M' is not valid", 'ENGINE-09029', 'standard strategy', 'invisible until a job fails in production'] }],
    },
    {
      name: 'lower case: fix to upper case',
      xml: task('r3/pt5m'),
      findings: [{ text: 'r3/pt5m', fixes: [{ title: "Replace 'r3/pt5m' with 'R3/PT5M'", contains: ['>R3/PT5M<'] }] }],
    },
    {
      name: 'every bad element of a list, each with its own range',
      xml: task('PT1M, pt5m,PT 10M,PT1H'),
      findings: [
        { text: 'pt5m', message: ['Element 2 of 4', 'does not validate lists at deployment', 'invisible until a job fails in production'], fixes: [{ title: "Replace 'pt5m' with 'PT5M'", contains: ['>PT1M, PT5M,PT 10M,PT1H<'] }] },
        { text: 'PT 10M', message: ['Element 3 of 4', 'whitespace'], fixes: [{ title: "Replace 'PT 10M' with 'PT10M'" }] },
      ],
    },
    {
      name: 'empty list element underlines the comma',
      xml: task('PT1M,,PT5M'),
      findings: [{ text: ',', message: ['Element 2 of 3', 'empty'] }],
    },
    {
      name: 'empty element: info, falls back to the engine-wide cycle',
      xml: task(''),
      findings: [{ text: '<camunda:failedJobRetryTimeCycle></camunda:failedJobRetryTimeCycle>', severity: 'info', message: ['engine-wide'], fixes: [{ title: 'Remove the empty retry cycle' }] }],
    },
    {
      name: 'R inside a list is a note (info)',
      xml: task('R3/PT5M,PT10M'),
      findings: [{ text: 'R3/PT5M', severity: 'info', message: ['no effect inside a list'] }],
    },
    {
      name: 'malformed expression',
      xml: task('${cycle'),
      findings: [{ text: '${cycle', severity: 'error', message: ['malformed', 'deployment fails'] }],
    },
    {
      name: 'fox namespace, MI inner element, even where ignored',
      xml: bpmn(`<bpmn:userTask id="U"><bpmn:extensionElements><fox:failedJobRetryTimeCycle>PT5X</fox:failedJobRetryTimeCycle></bpmn:extensionElements>
  <bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true"><bpmn:extensionElements><camunda:failedJobRetryTimeCycle>R2/PT5</camunda:failedJobRetryTimeCycle></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>
</bpmn:userTask>`).replace('xmlns:camunda=', 'xmlns:fox="http://www.camunda.com/fox" xmlns:camunda='),
      findings: [{ text: 'PT5X', elementId: 'U' }, { text: 'R2/PT5', elementId: 'U' }],
    },
  ],
});
