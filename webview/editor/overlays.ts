/**
 * Host findings and job badges drawn on the diagram with diagram-js overlays and canvas markers.
 * DOM is built with createElement/textContent only (no innerHTML, no inline style attributes:
 * positions and sizes go through element.style, which the CSP allows).
 */
import type { EditorFinding, ElementBadge } from '../../src/protocol/editor';

/** The slice of the diagram-js services this module uses. */
export interface DiagramServices {
  overlays: {
    add(element: string, type: string, overlay: { position: Record<string, number>; html: HTMLElement; show?: unknown }): string;
    remove(filter: { type?: string; element?: string }): void;
  };
  elementRegistry: { get(id: string): { id: string; width?: number; height?: number; waypoints?: unknown } | undefined };
  canvas: { addMarker(id: string, marker: string): void; removeMarker(id: string, marker: string): void };
}

const FINDING_TYPE = 'jl-finding';
const BADGE_TYPE = 'jl-badge';
const SEVERITY_ORDER = ['error', 'warning', 'info', 'hint'] as const;

export interface OverlayCallbacks {
  reveal(elementId: string, code: string): void;
  tooltip: Tooltip;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A hover-like tooltip shared by all markers, styled with the editor hover widget's colours. */
export class Tooltip {
  private readonly box = el('div', 'jl-tooltip');
  constructor(parent: HTMLElement) {
    this.box.setAttribute('role', 'tooltip');
    this.box.hidden = true;
    parent.appendChild(this.box);
  }
  attach(target: HTMLElement, lines: () => { text: string; cls?: string }[]): void {
    target.addEventListener('mouseenter', () => this.show(target, lines()));
    target.addEventListener('mouseleave', () => this.hide());
    target.addEventListener('focus', () => this.show(target, lines()));
    target.addEventListener('blur', () => this.hide());
  }
  show(target: HTMLElement, lines: { text: string; cls?: string }[]): void {
    this.box.replaceChildren(...lines.map(l => el('div', `jl-tooltip-line ${l.cls ?? ''}`, l.text)));
    this.box.hidden = false;
    const r = target.getBoundingClientRect();
    const host = this.box.parentElement!.getBoundingClientRect();
    this.box.style.left = `${Math.max(4, r.left - host.left)}px`;
    this.box.style.top = `${r.bottom - host.top + 6}px`;
  }
  hide(): void { this.box.hidden = true; }
}

/** Draws findings; returns how many were placed on a shape of the diagram. */
export function drawFindings(s: DiagramServices, findings: EditorFinding[], cb: OverlayCallbacks, previous: Set<string>): { shown: number; marked: Set<string> } {
  s.overlays.remove({ type: FINDING_TYPE });
  for (const id of previous) {
    if (s.elementRegistry.get(id)) for (const sev of SEVERITY_ORDER) s.canvas.removeMarker(id, `jl-${sev}`);
  }
  const byElement = new Map<string, EditorFinding[]>();
  for (const f of findings) {
    if (!f.elementId || !s.elementRegistry.get(f.elementId)) continue;
    const list = byElement.get(f.elementId) ?? [];
    list.push(f);
    byElement.set(f.elementId, list);
  }
  let shown = 0;
  const marked = new Set<string>();
  for (const [id, list] of byElement) {
    list.sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity));
    const worst = list[0].severity;
    const button = el('button', `jl-marker jl-marker-${worst}`, list.length > 1 ? String(list.length) : '!');
    button.type = 'button';
    button.dataset.jlFor = id;
    button.setAttribute('aria-label', `${list.length} problem${list.length > 1 ? 's' : ''}: ${list.map(f => f.message).join(' ')}`);
    button.addEventListener('click', e => { e.stopPropagation(); cb.reveal(id, list[0].code); });
    cb.tooltip.attach(button, () => [
      ...list.map(f => ({ text: `${f.message}`, cls: `jl-sev-${f.severity}` })),
      { text: `${list.map(f => `${f.code} (line ${f.line})`).join(', ')} — click to show in text`, cls: 'jl-tooltip-meta' },
    ]);
    s.overlays.add(id, FINDING_TYPE, { position: { top: -10, right: 10 }, html: button });
    s.canvas.addMarker(id, `jl-${worst}`);
    marked.add(id);
    shown += list.length;
  }
  return { shown, marked };
}

function jobLabel(kind: string): string {
  switch (kind) {
    case 'async-before': return 'async before';
    case 'async-after': return 'async after';
    case 'async-signal-throw': return 'async signal throw';
    default: return kind;
  }
}

/** Draws priority badges and async-boundary marks; returns how many elements got a badge. */
export function drawBadges(s: DiagramServices, badges: ElementBadge[], tooltip: Tooltip): number {
  s.overlays.remove({ type: BADGE_TYPE });
  let shown = 0;
  for (const b of badges) {
    const shape = s.elementRegistry.get(b.elementId);
    if (!shape || shape.waypoints || !b.jobs.length) continue;
    const priorities = [...new Set(b.jobs.map(j => j.priority))];
    const sources = [...new Set(b.jobs.map(j => j.prioritySource))];
    const nonExclusive = b.jobs.some(j => !j.exclusive);
    const badge = el('div', 'jl-badge', `P ${priorities.join('/')}${nonExclusive ? ' ∥' : ''}`);
    badge.dataset.jlFor = b.elementId;
    badge.tabIndex = 0;
    badge.setAttribute('aria-label', `job priority ${priorities.join(' or ')} from ${sources.join(', ')}`);
    tooltip.attach(badge, () => [
      { text: `${b.jobs.length} job${b.jobs.length > 1 ? 's' : ''} for ${b.elementId}` },
      ...b.jobs.map(j => ({ text: `${jobLabel(j.kind)}: priority ${j.priority} (from ${j.prioritySource})${j.exclusive ? ', exclusive' : ', not exclusive'}` })),
    ]);
    s.overlays.add(b.elementId, BADGE_TYPE, { position: { bottom: 8, left: -6 }, html: badge });
    const h = shape.height ?? 0;
    if (b.asyncBefore) {
      const bar = el('div', 'jl-async jl-async-before');
      bar.style.height = `${h + 8}px`;
      bar.title = 'asynchronous continuation before: a job (transaction boundary) before this element';
      s.overlays.add(b.elementId, BADGE_TYPE, { position: { top: -4, left: -8 }, html: bar });
    }
    if (b.asyncAfter) {
      const bar = el('div', 'jl-async jl-async-after');
      bar.style.height = `${h + 8}px`;
      bar.title = 'asynchronous continuation after: a job (transaction boundary) after this element';
      s.overlays.add(b.elementId, BADGE_TYPE, { position: { top: -4, right: 4 }, html: bar });
    }
    shown++;
  }
  return shown;
}

/** Entry ids of the Camunda 7 properties provider a finding belongs next to. */
export function entryIdFor(f: EditorFinding): string | undefined {
  const attr = (f.attribute ?? '').replace(/^[\w-]+:/, '');
  switch (attr) {
    case 'jobPriority': return 'jobPriority';
    case 'failedJobRetryTimeCycle': return 'retryTimeCycle';
    case 'asyncBefore': case 'async': return 'asynchronousContinuationBefore';
    case 'asyncAfter': return 'asynchronousContinuationAfter';
    case 'exclusive': return 'exclusive';
  }
  if (f.code.startsWith('job-priority')) return 'jobPriority';
  if (f.code.startsWith('retry-cycle')) return 'retryTimeCycle';
  if (f.code === 'exclusive-false-parallel-join') return 'exclusive';
  if (f.code === 'legacy-async' || f.code === 'async-value-not-boolean') return 'asynchronousContinuationBefore';
  return undefined;
}

/** The `propertiesPanel.setErrors` payload for one element: entry id → message(s). */
export function panelErrors(findings: EditorFinding[], elementId: string | undefined): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!elementId) return errors;
  for (const f of findings) {
    if (f.elementId !== elementId || f.severity === 'hint') continue;
    const entry = entryIdFor(f);
    if (!entry) continue;
    errors[entry] = errors[entry] ? `${errors[entry]} ${f.message}` : f.message;
  }
  return errors;
}
