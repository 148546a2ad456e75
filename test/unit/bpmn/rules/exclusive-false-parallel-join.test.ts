import { bpmn, ruleTests } from './tester';

/** fork → A, B → join, with attributes for A, B and the join. */
function diamond(a: string, b: string, join = '', gw = 'parallelGateway'): string {
  return bpmn(`<bpmn:startEvent id="S" />
<bpmn:${gw} id="Fork" />
<bpmn:serviceTask id="A"${a ? ' ' + a : ''} />
<bpmn:serviceTask id="B"${b ? ' ' + b : ''} />
<bpmn:${gw} id="Join"${join ? ' ' + join : ''} />
<bpmn:endEvent id="E" />
<bpmn:sequenceFlow id="f1" sourceRef="S" targetRef="Fork" />
<bpmn:sequenceFlow id="f2" sourceRef="Fork" targetRef="A" />
<bpmn:sequenceFlow id="f3" sourceRef="Fork" targetRef="B" />
<bpmn:sequenceFlow id="f4" sourceRef="A" targetRef="Join" />
<bpmn:sequenceFlow id="f5" sourceRef="B" targetRef="Join" />
<bpmn:sequenceFlow id="f6" sourceRef="Join" targetRef="E" />`);
}
const NE = 'camunda:asyncBefore="true" camunda:exclusive="false"';

ruleTests('exclusive-false-parallel-join', {
  valid: [
    { name: 'both exclusive (default)', xml: diamond('camunda:asyncBefore="true"', 'camunda:asyncBefore="true"') },
    { name: 'only one branch is asynchronous', xml: diamond(NE, '') },
    { name: 'the join is asynchronous', xml: diamond(NE, NE, 'camunda:asyncBefore="true"') },
    { name: 'a user task (wait state) is the last boundary on the other branch', xml: diamond(NE, '').replace('<bpmn:serviceTask id="B" />', '<bpmn:userTask id="B" />') },
  ],
  invalid: [
    {
      name: 'two non-exclusive branches',
      xml: diamond(NE, NE),
      findings: [
        {
          text: 'false', elementId: 'A', severity: 'warning', message: ["'A' runs as a non-exclusive job", "'B'", "'Join'", 'OptimisticLockingException', 'without losing a retry'],
          fixes: [
            { title: 'Make A exclusive', preferred: true, contains: ['<bpmn:serviceTask id="A" camunda:asyncBefore="true" />'] },
            { title: 'Make the join Join asynchronous (asyncBefore)', contains: ['<bpmn:parallelGateway id="Join" camunda:asyncBefore="true" />'] },
          ],
        },
        { text: 'false', elementId: 'B' },
      ],
    },
    {
      name: 'one non-exclusive, one exclusive: still concurrent',
      xml: diamond(NE, 'camunda:asyncAfter="true"'),
      findings: [{ text: 'false', elementId: 'A' }],
    },
    {
      name: 'inclusive gateways',
      xml: diamond(NE, NE, '', 'inclusiveGateway'),
      findings: [{ text: 'false', elementId: 'A' }, { text: 'false', elementId: 'B' }],
    },
    {
      name: 'the nearest boundary counts: an exclusive task after a non-exclusive one hides it',
      xml: bpmn(`<bpmn:parallelGateway id="Fork" />
<bpmn:serviceTask id="A1" ${NE} />
<bpmn:serviceTask id="A2" camunda:asyncAfter="true" camunda:exclusive="false" />
<bpmn:intermediateCatchEvent id="Tm"><bpmn:timerEventDefinition camunda:exclusive="false"><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
<bpmn:parallelGateway id="Join" />
<bpmn:sequenceFlow id="f1" sourceRef="Fork" targetRef="A1" />
<bpmn:sequenceFlow id="f2" sourceRef="A1" targetRef="A2" />
<bpmn:sequenceFlow id="f3" sourceRef="A2" targetRef="Join" />
<bpmn:sequenceFlow id="f4" sourceRef="Fork" targetRef="Tm" />
<bpmn:sequenceFlow id="f5" sourceRef="Tm" targetRef="Join" />`),
      findings: [{ text: 'false', elementId: 'A2' }, { text: 'false', elementId: 'Tm' }],
    },
  ],
});
