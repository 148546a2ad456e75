import { bpmn, ruleTests } from './tester';

const ext = (cycle = 'R3/PT5M', prefix = 'camunda') => `<bpmn:extensionElements><${prefix}:failedJobRetryTimeCycle>${cycle}</${prefix}:failedJobRetryTimeCycle></bpmn:extensionElements>`;
const EL = '<camunda:failedJobRetryTimeCycle>R3/PT5M</camunda:failedJobRetryTimeCycle>';

ruleTests('retry-cycle-ignored', {
  valid: [
    { name: 'async service task', xml: bpmn(`<bpmn:serviceTask id="T" camunda:asyncBefore="true">${ext()}</bpmn:serviceTask>`) },
    { name: 'asyncAfter gateway', xml: bpmn(`<bpmn:exclusiveGateway id="G" camunda:asyncAfter="true">${ext()}</bpmn:exclusiveGateway>`) },
    { name: 'timer boundary event (not async)', xml: bpmn(`<bpmn:boundaryEvent id="B" attachedToRef="X">${ext()}<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`) },
    { name: 'timer start event', xml: bpmn(`<bpmn:startEvent id="S">${ext()}<bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>`) },
    { name: 'async external task (the async job uses it)', xml: bpmn(`<bpmn:serviceTask id="T" camunda:type="external" camunda:topic="x" camunda:asyncBefore="true">${ext()}</bpmn:serviceTask>`) },
    { name: 'MI: async inner with inner element', xml: bpmn(`<bpmn:serviceTask id="T"><bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true">${ext()}</bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>`) },
    { name: 'fox element on an async task', xml: bpmn(`<bpmn:serviceTask id="T" camunda:asyncBefore="true">${ext('R3/PT5M', 'fox')}</bpmn:serviceTask>`).replace('xmlns:camunda=', 'xmlns:fox="http://www.camunda.com/fox" xmlns:camunda=') },
  ],
  invalid: [
    {
      name: 'non-async service task',
      xml: bpmn(`<bpmn:serviceTask id="T">\n      ${ext()}\n    </bpmn:serviceTask>`),
      findings: [{
        text: EL, severity: 'warning', elementId: 'T', message: ["retry cycle of 'T' is ignored", 'non-asynchronous serviceTask'],
        fixes: [
          { title: 'Make T asynchronous (asyncBefore) so its retry cycle takes effect', contains: ['<bpmn:serviceTask id="T" camunda:asyncBefore="true">'] },
          { title: 'Remove the retry cycle (it has no effect here)', lacks: ['failedJobRetryTimeCycle'] },
        ],
      }],
    },
    {
      name: 'manual task: never read, no make-async fix',
      xml: bpmn(`<bpmn:manualTask id="M" camunda:asyncBefore="true">${ext()}</bpmn:manualTask>`),
      findings: [{ text: EL, message: ['manual task', 'never read'], fixes: [{ title: 'Remove the retry cycle (it has no effect here)', contains: ['<bpmn:extensionElements></bpmn:extensionElements>'] }] }],
    },
    {
      name: 'non-async external task: the worker sets retries',
      xml: bpmn(`<bpmn:serviceTask id="E" camunda:type="external" camunda:topic="t">${ext()}</bpmn:serviceTask>`),
      findings: [{ text: EL, message: ['external task', 'worker'], fixes: [{ title: 'Remove the retry cycle (it has no effect here)' }] }],
    },
    {
      name: 'async signal throw: handler type event uses the standard strategy',
      xml: bpmn(`<bpmn:intermediateThrowEvent id="S">${ext()}<bpmn:signalEventDefinition signalRef="s" camunda:async="true" /></bpmn:intermediateThrowEvent>`),
      findings: [{ text: EL, message: ['handler type event', 'standard strategy'], fixes: [{ title: 'Remove the retry cycle (it has no effect here)' }] }],
    },
    {
      name: 'attribute form is not read at all',
      xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncBefore="true" camunda:failedJobRetryTimeCycle="R3/PT5M" />', { processAttrs: 'camunda:failedJobRetryTimeCycle="R5/PT1M"' }),
      findings: [
        { text: 'camunda:failedJobRetryTimeCycle="R5/PT1M"', elementId: 'P', message: ['not read at all'] },
        { text: 'camunda:failedJobRetryTimeCycle="R3/PT5M"', elementId: 'T', fixes: [{ title: 'Remove the retry cycle (it has no effect here)', contains: ['<bpmn:serviceTask id="T" camunda:asyncBefore="true" />'] }] },
      ],
    },
    {
      name: 'MI: activity element configures the non-async body; inner element on non-async inner',
      xml: bpmn(`<bpmn:serviceTask id="T">${ext()}<bpmn:multiInstanceLoopCharacteristics>${ext('R2/PT1M')}</bpmn:multiInstanceLoopCharacteristics></bpmn:serviceTask>`),
      findings: [
        { text: EL, message: ['multi-instance body'], fixes: [{ title: 'Make T asynchronous (asyncBefore) so its retry cycle takes effect' }, { title: 'Remove the retry cycle (it has no effect here)' }] },
        {
          text: '<camunda:failedJobRetryTimeCycle>R2/PT1M</camunda:failedJobRetryTimeCycle>', message: ['inner instances'],
          fixes: [{ title: 'Make the inner instances of T asynchronous so their retry cycle takes effect', contains: ['<bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true">'] }, { title: 'Remove the retry cycle (it has no effect here)' }],
        },
      ],
    },
    {
      name: 'non-async none intermediate throw: read but no job',
      xml: bpmn(`<bpmn:intermediateThrowEvent id="N">${ext()}</bpmn:intermediateThrowEvent>`),
      findings: [{ text: EL, message: ['creates no job'] }],
    },
    {
      name: 'custom prefix c: on a non-async end event',
      xml: bpmn(`<bpmn:endEvent id="End">${ext('R3/PT5M', 'c')}</bpmn:endEvent>`, { prefix: 'c' }),
      findings: [{ text: '<c:failedJobRetryTimeCycle>R3/PT5M</c:failedJobRetryTimeCycle>', fixes: [{ title: 'Make End asynchronous (asyncBefore) so its retry cycle takes effect', contains: ['<bpmn:endEvent id="End" c:asyncBefore="true">'] }, { title: 'Remove the retry cycle (it has no effect here)' }] }],
    },
  ],
});
