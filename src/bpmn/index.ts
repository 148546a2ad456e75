/**
 * The facade of the pure BPMN domain: what the VS Code adapters, the CLI and the benchmarks call.
 * Everything works on the document text and UTF-16 offsets; nothing here imports `vscode`.
 */
import { explainModel, type ExplainedElement } from './explain';
import { hoverInModel } from './hover';
import { elementAt, parseBpmn, type BpmnModel } from './model';
import { runRules } from './rules/index';
import type { EngineProfile, Finding, HoverOptions, HoverResult, LintOptions } from './types';

export type {
  EngineProfile, Finding, Fix, HoverOptions, HoverResult, LintOptions, RuleId, Severity, SeveritySetting, TextEdit, TextRange,
} from './types';
export type { ExplainedElement, ExplainedJob } from './explain';
export type { PriorityResolution, PrioritySource, ChainLevel } from './precedence';
export { rules, rulesById } from './rules/index';
export { ruleSummaries } from './catalogue';
export { LineIndex } from './xml';
export { applyEdits } from './rules/support';

/** One-entry cache: hovers and code actions ask again and again about the same text. */
let cached: { text: string; model: BpmnModel } | undefined;
function model(text: string): BpmnModel {
  if (cached && cached.text === text) return cached.model;
  const m = parseBpmn(text);
  cached = { text, model: m };
  return m;
}

/** All findings of the enabled rules, sorted by offset, then code. Never throws. */
export function lint(text: string, opts: LintOptions): Finding[] {
  return runRules(text, model(text), opts);
}

/** Hover Markdown for the job attribute, retry cycle or flow node at `offset`, if any. */
export function hoverAt(text: string, offset: number, opts: HoverOptions): HoverResult | undefined {
  return hoverInModel(model(text), offset, opts);
}

/** The jobs of every job-creating element (or only of `elementId`), with priority chain and retries. */
export function explainElements(text: string, opts: { profile: EngineProfile }, elementId?: string): ExplainedElement[] {
  return explainModel(model(text), opts, elementId);
}

/** The id of the innermost flow node (or process) containing `offset`. */
export function elementIdAt(text: string, offset: number): string | undefined {
  const at = elementAt(model(text), offset);
  const id = at.node?.id ?? at.process?.id;
  return id || undefined;
}
