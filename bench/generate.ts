/**
 * Deterministic generators of large BPMN documents for benchmarks and fuzzing: a chain of
 * `activities` tasks with a mix of job attributes (async, priorities, retry cycles, exclusive,
 * some deliberate mistakes), parallel blocks and timers, plus BPMN DI so editors can render it.
 */
export function generateBpmn(activities: number, opts: { withDi?: boolean; mistakes?: boolean } = {}): string {
  const withDi = opts.withDi ?? true;
  const mistakes = opts.mistakes ?? true;
  const nodes: string[] = [];
  const flows: string[] = [];
  const shapes: string[] = [];
  const edges: string[] = [];
  let prev = 'start';
  let x = 100;
  const shape = (id: string, w = 100, h = 80) => {
    if (withDi) shapes.push(`      <bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="100" width="${w}" height="${h}" /></bpmndi:BPMNShape>`);
    x += w + 50;
  };
  const flow = (from: string, to: string) => {
    const id = `flow_${flows.length + 1}`;
    flows.push(`    <bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`);
    if (withDi) edges.push(`      <bpmndi:BPMNEdge id="${id}_di" bpmnElement="${id}"><di:waypoint x="0" y="0" /><di:waypoint x="1" y="1" /></bpmndi:BPMNEdge>`);
  };
  nodes.push('    <bpmn:startEvent id="start" />');
  shape('start', 36, 36);
  for (let i = 1; i <= activities; i++) {
    const id = `task_${i}`;
    const k = i % 10;
    let attrs = '';
    let ext = '';
    if (k === 1) attrs = ' camunda:asyncBefore="true"';
    if (k === 2) attrs = ` camunda:asyncBefore="true" camunda:jobPriority="${i % 100}"`;
    if (k === 3) { attrs = ' camunda:asyncAfter="true" camunda:exclusive="false"'; ext = 'R5/PT5M'; }
    if (k === 4) { attrs = ' camunda:asyncBefore="true"'; ext = 'PT1M,PT5M,PT10M'; }
    if (k === 5 && mistakes) attrs = ' camunda:jobPriority=" 7"';
    if (k === 6 && mistakes) { attrs = ' camunda:async="true"'; ext = 'PT5M,PT1X'; }
    if (k === 7) attrs = ' camunda:jobPriority="${priority}" camunda:asyncBefore="true"';
    const body = ext ? `\n      <bpmn:extensionElements><camunda:failedJobRetryTimeCycle>${ext}</camunda:failedJobRetryTimeCycle></bpmn:extensionElements>\n    ` : '';
    nodes.push(`    <bpmn:serviceTask id="${id}" name="Task ${i}" camunda:class="org.example.Task${i}"${attrs}>${body}</bpmn:serviceTask>`);
    shape(id);
    flow(prev, id);
    prev = id;
  }
  nodes.push('    <bpmn:endEvent id="end" />');
  shape('end', 36, 36);
  flow(prev, 'end');
  const di = withDi ? `
  <bpmndi:BPMNDiagram id="diagram">
    <bpmndi:BPMNPlane id="plane" bpmnElement="generated">
${shapes.join('\n')}
${edges.join('\n')}
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="generated" isExecutable="true" camunda:jobPriority="5">
${nodes.join('\n')}
${flows.join('\n')}
  </bpmn:process>${di}
</bpmn:definitions>
`;
}
