/**
 * The BPMN element model the rules, hovers, `explain` and the simulator work on: processes, flow
 * nodes with their Camunda job attributes (and their source ranges), sequence flows, event
 * definitions, multi-instance loop characteristics and the failed-job retry element.
 * Built from the tolerant XML reader, so a half-typed document still yields a model.
 */
import type { TextRange } from './types';
import { attr, childrenNS, parseXml, plainAttr, type XmlAttribute, type XmlDocument, type XmlElement } from './xml';

export const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
export const CAMUNDA_NS = 'http://camunda.org/schema/1.0/bpmn';
/** The legacy namespace the engine accepts as an alternative to camunda's (BpmnParse). */
export const ACTIVITI_NS = 'http://activiti.org/bpmn';
/** The legacy namespace of the retry element (DefaultFailedJobParseListener reads it first). */
export const FOX_NS = 'http://www.camunda.com/fox';
export const CAMUNDA_NAMESPACES = [CAMUNDA_NS, ACTIVITI_NS] as const;
export const RETRY_ELEMENT_NAMESPACES = [FOX_NS, CAMUNDA_NS, ACTIVITI_NS] as const;

export const TASK_TYPES = new Set(['task', 'userTask', 'serviceTask', 'scriptTask', 'sendTask', 'receiveTask', 'manualTask', 'businessRuleTask']);
export const SUBPROCESS_TYPES = new Set(['subProcess', 'transaction', 'adHocSubProcess']);
export const GATEWAY_TYPES = new Set(['exclusiveGateway', 'inclusiveGateway', 'parallelGateway', 'eventBasedGateway', 'complexGateway']);
export const EVENT_TYPES = new Set(['startEvent', 'endEvent', 'intermediateCatchEvent', 'intermediateThrowEvent', 'boundaryEvent']);
export const FLOW_NODE_TYPES = new Set([...TASK_TYPES, ...SUBPROCESS_TYPES, ...GATEWAY_TYPES, ...EVENT_TYPES, 'callActivity']);

/** A Camunda attribute as written: raw text and where it is. */
export interface AttrRef {
  /** Qualified name as written, e.g. `camunda:jobPriority` or `c:jobPriority`. */
  qname: string;
  local: string;
  /** Decoded value. */
  value: string;
  nameRange: TextRange;
  valueRange: TextRange;
  range: TextRange;
}

/** The text of a `failedJobRetryTimeCycle` extension element. */
export interface RetryCycleRef {
  qname: string;
  namespace: 'camunda' | 'activiti' | 'fox';
  /** Decoded text content, trimmed the way the engine reads it (element text). */
  text: string;
  /** Range of the trimmed text; for an empty element, the position between the tags. */
  textRange: TextRange;
  /** The whole element, for "remove" quick fixes. */
  range: TextRange;
}

export type TimerKind = 'timeDuration' | 'timeCycle' | 'timeDate';

export interface EventDefinition {
  type: string; // local name without 'EventDefinition': 'timer', 'signal', 'message', 'error', ...
  element: XmlElement;
  timer?: { kind: TimerKind; text: string; textRange: TextRange | undefined } | undefined;
  /** `camunda:exclusive` on a timerEventDefinition. */
  exclusive?: AttrRef | undefined;
  /** `camunda:async` on a signalEventDefinition (asynchronous signal throw). */
  async?: AttrRef | undefined;
}

export interface CamundaAttrs {
  jobPriority?: AttrRef | undefined;
  asyncBefore?: AttrRef | undefined;
  asyncAfter?: AttrRef | undefined;
  /** Legacy `camunda:async` (same as asyncBefore for the engine). */
  async?: AttrRef | undefined;
  exclusive?: AttrRef | undefined;
  /** `camunda:type`, e.g. `external` on a service task. */
  type?: AttrRef | undefined;
  /** `camunda:failedJobRetryTimeCycle` written as an attribute: not read by the engine. */
  retryCycleAttribute?: AttrRef | undefined;
}

export interface MultiInstance {
  element: XmlElement;
  isSequential: boolean;
  attrs: CamundaAttrs;
  retryCycle?: RetryCycleRef | undefined;
}

export interface FlowNode {
  id: string;
  idRange: TextRange | undefined;
  type: string;
  name?: string | undefined;
  element: XmlElement;
  process: BpmnProcess;
  /** Enclosing sub-process, if any. */
  parent?: FlowNode | undefined;
  attrs: CamundaAttrs;
  retryCycle?: RetryCycleRef | undefined;
  multiInstance?: MultiInstance | undefined;
  eventDefinitions: EventDefinition[];
  incoming: SequenceFlow[];
  outgoing: SequenceFlow[];
  attachedToRef?: string | undefined;
  /** For sub-processes: `triggeredByEvent="true"` (event sub-process). */
  triggeredByEvent: boolean;
  /** Flow nodes directly inside a sub-process. */
  children: FlowNode[];
}

export interface SequenceFlow { id: string; sourceRef: string; targetRef: string; element: XmlElement }

export interface BpmnProcess {
  id: string;
  idRange: TextRange | undefined;
  name?: string | undefined;
  element: XmlElement;
  isExecutable: boolean;
  jobPriority?: AttrRef | undefined;
  retryCycleAttribute?: AttrRef | undefined;
  /** Every flow node of this process, nested ones included, in document order. */
  flowNodes: FlowNode[];
  sequenceFlows: SequenceFlow[];
}

export interface BpmnModel {
  xml: XmlDocument;
  processes: BpmnProcess[];
  /** All flow nodes by id (first one wins if ids repeat). */
  byId: Map<string, FlowNode>;
  /** True when the root is a `bpmn:definitions` element. */
  isBpmn: boolean;
}

export function toAttrRef(a: XmlAttribute | undefined): AttrRef | undefined {
  if (!a) return undefined;
  return { qname: a.name, local: a.local, value: a.value, nameRange: a.nameRange, valueRange: a.valueRange, range: a.range };
}

function camundaAttrs(el: XmlElement): CamundaAttrs {
  const get = (local: string) => toAttrRef(attr(el, CAMUNDA_NAMESPACES, local));
  return {
    jobPriority: get('jobPriority'),
    asyncBefore: get('asyncBefore'),
    asyncAfter: get('asyncAfter'),
    async: get('async'),
    exclusive: get('exclusive'),
    type: get('type'),
    retryCycleAttribute: get('failedJobRetryTimeCycle'),
  };
}

/** The engine reads `fox:` first, then camunda (DefaultFailedJobParseListener); we do the same. */
function retryCycleOf(el: XmlElement): RetryCycleRef | undefined {
  const ext = el.children.find(c => c.ns === BPMN_NS && c.local === 'extensionElements');
  if (!ext) return undefined;
  for (const ns of RETRY_ELEMENT_NAMESPACES) {
    const r = childrenNS(ext, [ns], 'failedJobRetryTimeCycle')[0];
    if (r) {
      const text = r.text.trim();
      const at = r.textRange ?? { start: r.contentRange?.start ?? r.startTag.end, end: r.contentRange?.start ?? r.startTag.end };
      return {
        qname: r.name, namespace: ns === FOX_NS ? 'fox' : ns === ACTIVITI_NS ? 'activiti' : 'camunda',
        text, textRange: at, range: r.range,
      };
    }
  }
  return undefined;
}

function eventDefinitionsOf(el: XmlElement): EventDefinition[] {
  const out: EventDefinition[] = [];
  for (const c of el.children) {
    if (c.ns !== BPMN_NS || !c.local.endsWith('EventDefinition')) continue;
    const type = c.local.slice(0, -'EventDefinition'.length);
    const def: EventDefinition = { type, element: c };
    if (type === 'timer') {
      const t = c.children.find(x => x.ns === BPMN_NS && (x.local === 'timeDuration' || x.local === 'timeCycle' || x.local === 'timeDate'));
      if (t) def.timer = { kind: t.local as TimerKind, text: t.text.trim(), textRange: t.textRange };
      def.exclusive = toAttrRef(attr(c, CAMUNDA_NAMESPACES, 'exclusive'));
    }
    if (type === 'signal') def.async = toAttrRef(attr(c, CAMUNDA_NAMESPACES, 'async'));
    out.push(def);
  }
  return out;
}

/** Parses text into the model (never throws). */
export function parseBpmn(text: string): BpmnModel {
  return buildModel(parseXml(text));
}

export function buildModel(xml: XmlDocument): BpmnModel {
  const processes: BpmnProcess[] = [];
  const byId = new Map<string, FlowNode>();
  const root = xml.root;
  const isBpmn = !!root && root.local === 'definitions' && root.ns === BPMN_NS;
  if (!root) return { xml, processes, byId, isBpmn };
  for (const pEl of root.children.filter(c => c.ns === BPMN_NS && c.local === 'process')) {
    const idA = plainAttr(pEl, 'id');
    const proc: BpmnProcess = {
      id: idA?.value ?? '', idRange: idA?.valueRange, name: plainAttr(pEl, 'name')?.value, element: pEl,
      isExecutable: plainAttr(pEl, 'isExecutable')?.value === 'true',
      jobPriority: toAttrRef(attr(pEl, CAMUNDA_NAMESPACES, 'jobPriority')),
      retryCycleAttribute: toAttrRef(attr(pEl, CAMUNDA_NAMESPACES, 'failedJobRetryTimeCycle')),
      flowNodes: [], sequenceFlows: [],
    };
    collectScope(pEl, proc, undefined);
    processes.push(proc);
    const nodes = new Map(proc.flowNodes.map(n => [n.id, n]));
    for (const sf of proc.sequenceFlows) {
      nodes.get(sf.sourceRef)?.outgoing.push(sf);
      nodes.get(sf.targetRef)?.incoming.push(sf);
    }
  }
  return { xml, processes, byId, isBpmn };

  /** Document order (pre-order), iterative so deeply nested sub-processes cannot overflow the stack. */
  function collectScope(scopeEl: XmlElement, proc: BpmnProcess, parent: FlowNode | undefined) {
    const frames: { children: XmlElement[]; i: number; parent: FlowNode | undefined }[] = [{ children: scopeEl.children, i: 0, parent }];
    while (frames.length) {
      const f = frames[frames.length - 1];
      if (f.i >= f.children.length) { frames.pop(); continue; }
      const c = f.children[f.i++];
      const parent = f.parent;
      if (c.ns !== BPMN_NS) continue;
      if (c.local === 'sequenceFlow') {
        proc.sequenceFlows.push({
          id: plainAttr(c, 'id')?.value ?? '', sourceRef: plainAttr(c, 'sourceRef')?.value ?? '',
          targetRef: plainAttr(c, 'targetRef')?.value ?? '', element: c,
        });
        continue;
      }
      if (!FLOW_NODE_TYPES.has(c.local)) continue;
      const idA = plainAttr(c, 'id');
      const miEl = c.children.find(x => x.ns === BPMN_NS && x.local === 'multiInstanceLoopCharacteristics');
      const node: FlowNode = {
        id: idA?.value ?? '', idRange: idA?.valueRange, type: c.local, name: plainAttr(c, 'name')?.value,
        element: c, process: proc, parent, attrs: camundaAttrs(c), retryCycle: retryCycleOf(c),
        multiInstance: miEl && {
          element: miEl, isSequential: plainAttr(miEl, 'isSequential')?.value === 'true',
          attrs: camundaAttrs(miEl), retryCycle: retryCycleOf(miEl),
        },
        eventDefinitions: eventDefinitionsOf(c), incoming: [], outgoing: [],
        attachedToRef: plainAttr(c, 'attachedToRef')?.value,
        triggeredByEvent: plainAttr(c, 'triggeredByEvent')?.value === 'true',
        children: [],
      };
      proc.flowNodes.push(node);
      parent?.children.push(node);
      if (node.id && !byId.has(node.id)) byId.set(node.id, node);
      if (SUBPROCESS_TYPES.has(c.local)) frames.push({ children: c.children, i: 0, parent: node });
    }
  }
}

/** The innermost flow node or process whose element contains `offset`. */
export function elementAt(model: BpmnModel, offset: number): { node?: FlowNode; process?: BpmnProcess } {
  let best: FlowNode | undefined;
  for (const p of model.processes) {
    for (const n of p.flowNodes) {
      if (offset >= n.element.range.start && offset <= n.element.range.end) {
        if (!best || n.element.range.start >= best.element.range.start) best = n;
      }
    }
    if (!best && offset >= p.element.range.start && offset <= p.element.range.end) return { process: p };
  }
  return best ? { node: best, process: best.process } : {};
}
