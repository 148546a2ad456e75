/**
 * What every rule gets (`RuleContext`) and what every rule file exports (`Rule`), plus the small
 * text-edit helpers the quick fixes share. Edits keep the user's namespace prefix.
 */
import type { AttrRef, BpmnModel, FlowNode } from '../model';
import { ACTIVITI_NS, CAMUNDA_NS } from '../model';
import type { XmlElement } from '../xml';
import { ruleSummaries } from '../catalogue';
import type { EngineProfile, Fix, RuleId, Severity, TextEdit, TextRange } from '../types';

/** One problem as a rule reports it; the runner adds the code and the configured severity. */
export interface Report {
  range: TextRange;
  message: string;
  elementId?: string | undefined;
  attribute?: string | undefined;
  fixes?: Fix[];
  /**
   * A milder severity for this finding only (e.g. an informational variant of a rule). The
   * runner never makes a finding more severe than the rule's configured severity.
   */
  severity?: Severity;
}

export interface RuleContext {
  readonly text: string;
  readonly model: BpmnModel;
  readonly profile: EngineProfile;
  report(r: Report): void;
}

export interface Rule {
  id: RuleId;
  defaultSeverity: Severity;
  docs: { summary: string; url: string };
  check(ctx: RuleContext): void;
}

export const docsUrl = (id: RuleId): string => `docs/rules/${id}.md`;

/** A rule's documentation: its one-line summary from the catalogue and its doc page. */
export function ruleDocs(id: RuleId): Rule['docs'] {
  return { summary: ruleSummaries[id], url: docsUrl(id) };
}

/** Every flow node of every process of the model, in document order. */
export function* flowNodesOf(model: BpmnModel): Generator<FlowNode> {
  for (const p of model.processes) yield* p.flowNodes;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };
/** The milder of two severities. */
export function milder(a: Severity, b: Severity): Severity { return SEVERITY_RANK[a] <= SEVERITY_RANK[b] ? a : b; }

/** Escapes a value for an attribute in double quotes. */
export function escapeAttr(v: string): string {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
}

/** Replaces the value of an attribute (inside the quotes). */
export function replaceValue(a: AttrRef, newValue: string): TextEdit {
  return { range: a.valueRange, newText: escapeAttr(newValue) };
}

/** Removes an attribute together with the white space before it. */
export function removeAttr(text: string, a: AttrRef): TextEdit {
  let start = a.range.start;
  while (start > 0 && /[ \t\r\n]/.test(text[start - 1])) start--;
  return { range: { start, end: a.range.end }, newText: '' };
}

/** Renames an attribute, keeping its prefix: `c:async` → `c:asyncBefore`. */
export function renameAttr(a: AttrRef, newLocal: string): TextEdit {
  const i = a.qname.indexOf(':');
  const prefix = i < 0 ? '' : a.qname.slice(0, i + 1);
  return { range: a.nameRange, newText: prefix + newLocal };
}

/** Removes an element; when it stands alone on its line(s), the whole line goes. */
export function removeElement(text: string, range: TextRange): TextEdit {
  let start = range.start, end = range.end;
  let s = start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  const lineStart = s === 0 || text[s - 1] === '\n' || text[s - 1] === '\r';
  if (lineStart && (e >= text.length || text[e] === '\n' || text[e] === '\r')) {
    start = s;
    end = text[e] === '\r' && text[e + 1] === '\n' ? e + 2 : e < text.length ? e + 1 : e;
  }
  return { range: { start, end }, newText: '' };
}

/**
 * The prefix to use for a new Camunda attribute on `el`: the one the element already uses for a
 * camunda/activiti attribute, else the nearest declared prefix for those namespaces. `declared`
 * is false when no prefix is bound at all (the fix must then declare one on the root).
 */
export function camundaPrefix(el: XmlElement): { prefix: string; declared: boolean } {
  const own = el.attributes.find(a => a.prefix && a.prefix !== 'xmlns' && (a.ns === CAMUNDA_NS || a.ns === ACTIVITI_NS));
  if (own) return { prefix: own.prefix, declared: true };
  for (const ns of [CAMUNDA_NS, ACTIVITI_NS]) {
    for (let e: XmlElement | undefined = el; e; e = e.parent) {
      const d = e.attributes.find(a => a.prefix === 'xmlns' && a.value === ns);
      if (d) return { prefix: d.local, declared: true };
    }
  }
  return { prefix: 'camunda', declared: false };
}

/** Where a new attribute goes in a start tag: after the last attribute, or after the name. */
function insertionPoint(el: XmlElement): number {
  const last = el.attributes[el.attributes.length - 1];
  return last ? last.range.end : el.nameRange.end;
}

/**
 * Edits that set a Camunda attribute on `el` to `value`: replace the value if the attribute
 * exists (`existing`), else insert it with the user's prefix (declaring the namespace on the root
 * when nothing declares it).
 */
export function setCamundaAttr(el: XmlElement, local: string, value: string, existing?: AttrRef): TextEdit[] {
  if (existing) return [replaceValue(existing, value)];
  const { prefix, declared } = camundaPrefix(el);
  const edits: TextEdit[] = [{ range: at(insertionPoint(el)), newText: ` ${prefix}:${local}="${escapeAttr(value)}"` }];
  if (!declared) {
    let root = el;
    while (root.parent) root = root.parent;
    const p = insertionPoint(root);
    if (root === el) edits[0].newText = ` xmlns:camunda="${CAMUNDA_NS}"` + edits[0].newText;
    else edits.push({ range: at(p), newText: ` xmlns:camunda="${CAMUNDA_NS}"` });
  }
  return edits;
}

const at = (offset: number): TextRange => ({ start: offset, end: offset });

/** Applies edits (non-overlapping) to a text; used by tests and the CLI's own checks. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  return out;
}

/**
 * True for an attribute whose closing quote is missing: the XML reader recovered by cutting the
 * value at the next '<', so the value is not what the user wrote. xml-malformed reports it; the
 * value rules skip it instead of reporting noise.
 */
export function isUnterminated(a: AttrRef): boolean {
  return a.range.end === a.valueRange.end;
}

/** The range to underline for an attribute value: the value, or the whole attribute when it is empty. */
export function valueOrAttr(a: AttrRef): TextRange {
  return a.valueRange.end > a.valueRange.start ? a.valueRange : a.range;
}

/** A short human label for a node: `'Task_1' ("Charge card")`. */
export function label(n: FlowNode): string {
  return n.name ? `'${n.id}' ("${n.name}")` : `'${n.id}'`;
}

/** Whether a "make asynchronous (asyncBefore)" fix makes sense for this node type. */
export function canBeAsyncBefore(n: FlowNode): boolean {
  return n.type !== 'boundaryEvent';
}
