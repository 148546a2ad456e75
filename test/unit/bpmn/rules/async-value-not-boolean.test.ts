import { bpmn, ruleTests } from './tester';

ruleTests('async-value-not-boolean', {
  valid: [
    { name: 'exact true/false', xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncBefore="true" camunda:asyncAfter="false" camunda:exclusive="false" />') },
    { name: 'timer exclusive true', xml: bpmn('<bpmn:intermediateCatchEvent id="E"><bpmn:timerEventDefinition camunda:exclusive="true"><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>') },
  ],
  invalid: [
    {
      name: 'TRUE on exclusive makes the job non-exclusive',
      xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncBefore="true" camunda:exclusive="TRUE" />'),
      findings: [{
        text: 'TRUE', severity: 'error', elementId: 'T', message: ['camunda:exclusive="TRUE"', '"true".equals', 'NOT exclusive'],
        fixes: [{ title: "Set camunda:exclusive to 'true'", preferred: true, contains: ['camunda:exclusive="true"'] }],
      }],
    },
    {
      name: 'leading space in asyncBefore means false',
      xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncBefore=" true" />'),
      findings: [{ text: ' true', message: ['read as false', 'no asynchronous boundary'], fixes: [{ title: "Set camunda:asyncBefore to 'true'", contains: ['camunda:asyncBefore="true"'] }] }],
    },
    {
      name: 'yes / no / nonsense',
      xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncAfter="yes" camunda:exclusive="no" />\n<bpmn:serviceTask id="U" camunda:asyncBefore="maybe" />'),
      findings: [
        { text: 'yes', fixes: [{ title: "Set camunda:asyncAfter to 'true'" }] },
        { text: 'no', fixes: [{ title: "Set camunda:exclusive to 'false'", contains: ['camunda:exclusive="false"'] }] },
        { text: 'maybe', message: ["Write 'true' or 'false'"], fixes: [{ title: "Set camunda:asyncBefore to 'true'", preferred: false }, { title: "Set camunda:asyncBefore to 'false'" }] },
      ],
    },
    {
      name: 'empty value underlines the whole attribute',
      xml: bpmn('<bpmn:serviceTask id="T" camunda:asyncBefore="" />'),
      findings: [{ text: 'camunda:asyncBefore=""' }],
    },
    {
      name: 'timer exclusive and MI loop characteristics, custom prefix',
      xml: bpmn(`<bpmn:boundaryEvent id="B" attachedToRef="T"><bpmn:timerEventDefinition c:exclusive="True"><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
<bpmn:serviceTask id="T"><bpmn:multiInstanceLoopCharacteristics c:asyncBefore="TRUE" /></bpmn:serviceTask>`, { prefix: 'c' }),
      findings: [
        { text: 'True', elementId: 'B', fixes: [{ title: "Set c:exclusive to 'true'", contains: ['c:exclusive="true"'] }] },
        { text: 'TRUE', elementId: 'T', fixes: [{ title: "Set c:asyncBefore to 'true'" }] },
      ],
    },
    {
      name: 'signal event definition async',
      xml: bpmn('<bpmn:intermediateThrowEvent id="S"><bpmn:signalEventDefinition signalRef="x" camunda:async="1" /></bpmn:intermediateThrowEvent>'),
      findings: [{ text: '1', fixes: [{ title: "Set camunda:async to 'true'" }] }],
    },
  ],
});
