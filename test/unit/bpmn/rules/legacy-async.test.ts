import { bpmn, ruleTests } from './tester';

ruleTests('legacy-async', {
  valid: [
    { name: 'asyncBefore', xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncBefore="true" />') },
    { name: 'camunda:async on a signal event definition is the async signal throw, not legacy', xml: bpmn(
      '<bpmn:intermediateThrowEvent id="S"><bpmn:signalEventDefinition signalRef="sig" camunda:async="true" /></bpmn:intermediateThrowEvent>') },
    { name: 'an unbound attribute named async', xml: bpmn('<bpmn:serviceTask id="T" async="true" />') },
  ],
  invalid: [
    {
      name: 'camunda:async on a task',
      xml: bpmn('<bpmn:serviceTask id="T" camunda:async="true" />'),
      findings: [{
        text: 'camunda:async', elementId: 'T', severity: 'warning', message: ['deprecated', 'asyncBefore'],
        fixes: [{ title: 'Replace camunda:async with camunda:asyncBefore', preferred: true, contains: ['<bpmn:serviceTask id="T" camunda:asyncBefore="true" />'] }],
      }],
    },
    {
      name: 'custom prefix is kept',
      xml: bpmn('<bpmn:userTask id="U" c:async="true" />', { prefix: 'c' }),
      findings: [{ text: 'c:async', fixes: [{ title: 'Replace c:async with c:asyncBefore', contains: ['c:asyncBefore="true"'] }] }],
    },
    {
      name: 'activiti namespace',
      xml: bpmn('<bpmn:scriptTask id="S" activiti:async="true" />', { prefix: 'activiti', ns: 'http://activiti.org/bpmn' }),
      findings: [{ text: 'activiti:async', fixes: [{ title: 'Replace activiti:async with activiti:asyncBefore', contains: ['activiti:asyncBefore="true"'] }] }],
    },
    {
      name: 'both async and asyncBefore: remove async, carrying over true',
      xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncBefore="false" camunda:async="true" />'),
      findings: [{
        text: 'camunda:async',
        fixes: [{ title: 'Remove camunda:async (camunda:asyncBefore is already set)', contains: ['<bpmn:serviceTask id="T" camunda:asyncBefore="true" />'] }],
      }],
    },
    {
      name: 'on multiInstanceLoopCharacteristics',
      xml: bpmn('<bpmn:serviceTask id="T"><bpmn:multiInstanceLoopCharacteristics camunda:async="true" /></bpmn:serviceTask>'),
      findings: [{ text: 'camunda:async', elementId: 'T', fixes: [{ title: 'Replace camunda:async with camunda:asyncBefore', contains: ['<bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true" />'] }] }],
    },
  ],
});
