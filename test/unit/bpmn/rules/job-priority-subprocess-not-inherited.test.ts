import { bpmn, ruleTests } from './tester';

ruleTests('job-priority-subprocess-not-inherited', {
  valid: [
    { name: 'children have their own priorities', xml: bpmn('<bpmn:subProcess id="SP" camunda:jobPriority="9"><bpmn:serviceTask id="A" camunda:asyncBefore="true" camunda:jobPriority="9" /></bpmn:subProcess>') },
    { name: 'children create no jobs', xml: bpmn('<bpmn:subProcess id="SP" camunda:asyncBefore="true" camunda:jobPriority="9"><bpmn:userTask id="U" /></bpmn:subProcess>') },
    { name: 'sub-process without priority', xml: bpmn('<bpmn:subProcess id="SP"><bpmn:serviceTask id="A" camunda:asyncBefore="true" /></bpmn:subProcess>') },
  ],
  invalid: [
    {
      name: 'non-async sub-process, async children without priority',
      xml: bpmn(`<bpmn:subProcess id="SP" camunda:jobPriority="9">
  <bpmn:serviceTask id="A" camunda:asyncBefore="true" />
  <bpmn:intermediateCatchEvent id="W"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:serviceTask id="B" camunda:asyncBefore="true" camunda:jobPriority="1" />
</bpmn:subProcess>`, { processAttrs: 'camunda:jobPriority="4"' }),
      findings: [{
        text: 'camunda:jobPriority="9"', severity: 'warning', elementId: 'SP',
        message: ["'SP' creates no job itself", "'A' gets 4 (process)", "'W' gets 4 (process)"],
        fixes: [{ title: 'Give A, W the sub-process priority', contains: ['<bpmn:serviceTask id="A" camunda:asyncBefore="true" camunda:jobPriority="9" />', '<bpmn:intermediateCatchEvent id="W" camunda:jobPriority="9">'] }],
      }],
    },
    {
      name: 'async sub-process: its own job uses it; children get 0; nested',
      xml: bpmn(`<bpmn:transaction id="TX" camunda:asyncBefore="true" camunda:jobPriority="9">
  <bpmn:subProcess id="Inner"><bpmn:sendTask id="A" camunda:asyncAfter="true" /></bpmn:subProcess>
</bpmn:transaction>`),
      findings: [{ text: 'camunda:jobPriority="9"', message: ['applies to its own job only', "'A' gets 0 (default)"], fixes: [{ title: 'Give A the sub-process priority' }] }],
    },
  ],
});
