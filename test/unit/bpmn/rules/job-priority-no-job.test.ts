import { bpmn, ruleTests } from './tester';

ruleTests('job-priority-no-job', {
  valid: [
    { name: 'async task', xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncBefore="true" camunda:jobPriority="5" />') },
    { name: 'asyncAfter task', xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncAfter="true" camunda:jobPriority="5" />') },
    { name: 'timer catch event (timers take the event priority)', xml: bpmn('<bpmn:intermediateCatchEvent id="E" camunda:jobPriority="5"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>') },
    { name: 'timer start event', xml: bpmn('<bpmn:startEvent id="S" camunda:jobPriority="5"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>') },
    { name: 'signal catcher (async signal throws use it)', xml: bpmn('<bpmn:intermediateCatchEvent id="C" camunda:jobPriority="5"><bpmn:signalEventDefinition signalRef="s" /></bpmn:intermediateCatchEvent>') },
    { name: 'MI with async inner instances', xml: bpmn('<bpmn:serviceTask id="T" camunda:jobPriority="5"><bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true" /></bpmn:serviceTask>') },
    { name: 'process-level priority', xml: bpmn('<bpmn:userTask id="U" />', { processAttrs: 'camunda:jobPriority="5"' }) },
    { name: 'async signal throw that is also asyncBefore', xml: bpmn('<bpmn:intermediateThrowEvent id="S" camunda:asyncBefore="true" camunda:jobPriority="5"><bpmn:signalEventDefinition signalRef="s" camunda:async="true" /></bpmn:intermediateThrowEvent>') },
  ],
  invalid: [
    {
      name: 'non-async user task',
      xml: bpmn('<bpmn:userTask id="U" camunda:jobPriority="5" />'),
      findings: [{
        text: 'camunda:jobPriority="5"', severity: 'warning', elementId: 'U', message: ["'U' creates no job", 'no effect'],
        fixes: [
          { title: 'Remove camunda:jobPriority (it has no effect here)', contains: ['<bpmn:userTask id="U" />'], lacks: ['jobPriority'] },
          { title: 'Make U asynchronous (asyncBefore)', contains: ['<bpmn:userTask id="U" camunda:jobPriority="5" camunda:asyncBefore="true" />'] },
        ],
      }],
    },
    {
      name: 'asyncBefore="false" is replaced, custom prefix kept',
      xml: bpmn('<bpmn:serviceTask id="T" c:asyncBefore="false" c:jobPriority="5" />', { prefix: 'c' }),
      findings: [{ text: 'c:jobPriority="5"', fixes: [{ title: 'Remove camunda:jobPriority (it has no effect here)' }, { title: 'Make T asynchronous (asyncBefore)', contains: ['c:asyncBefore="true" c:jobPriority="5"'] }] }],
    },
    {
      name: 'MI body only: the body has no priority of its own',
      xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncBefore="true" camunda:jobPriority="5"><bpmn:multiInstanceLoopCharacteristics /></bpmn:serviceTask>', { processAttrs: 'camunda:jobPriority="3"' }),
      findings: [{
        text: 'camunda:jobPriority="5"', message: ['multi-instance body', '3 (process)'],
        fixes: [
          { title: 'Make the inner instances of T asynchronous (asyncBefore on multiInstanceLoopCharacteristics)', contains: ['<bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true" />'] },
          { title: 'Remove camunda:jobPriority (it has no effect here)' },
        ],
      }],
    },
    {
      name: 'async signal throw: priority comes from the catcher',
      xml: bpmn('<bpmn:intermediateThrowEvent id="S" camunda:jobPriority="5"><bpmn:signalEventDefinition signalRef="s" camunda:async="true" /></bpmn:intermediateThrowEvent>'),
      findings: [{ text: 'camunda:jobPriority="5"', message: ['catching activity'], fixes: [{ title: 'Remove camunda:jobPriority (it has no effect here)' }] }],
    },
    {
      name: 'priority on multiInstanceLoopCharacteristics is not read: move it',
      xml: bpmn('<bpmn:serviceTask id="T"><bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true" camunda:jobPriority="8" /></bpmn:serviceTask>'),
      findings: [{
        text: 'camunda:jobPriority="8"', message: ['not read'],
        fixes: [
          { title: 'Move camunda:jobPriority to T', preferred: true, contains: ['<bpmn:serviceTask id="T" camunda:jobPriority="8">', '<bpmn:multiInstanceLoopCharacteristics camunda:asyncBefore="true" />'] },
          { title: 'Remove camunda:jobPriority (it has no effect here)' },
        ],
      }],
    },
    {
      name: 'boundary event (non-timer): no make-async fix',
      xml: bpmn('<bpmn:boundaryEvent id="B" attachedToRef="T" camunda:jobPriority="1"><bpmn:messageEventDefinition /></bpmn:boundaryEvent>'),
      findings: [{ text: 'camunda:jobPriority="1"', fixes: [{ title: 'Remove camunda:jobPriority (it has no effect here)' }] }],
    },
    {
      name: 'non-async sub-process without job-creating children',
      xml: bpmn('<bpmn:subProcess id="SP" camunda:jobPriority="1"><bpmn:userTask id="U" /></bpmn:subProcess>'),
      findings: [{ text: 'camunda:jobPriority="1"', elementId: 'SP' }],
    },
  ],
});
