/**
 * The BPMN editor webview: bpmn-js modeler + Camunda 7 properties panel, synchronised with the
 * host's TextDocument through the messages of src/protocol/editor.ts.
 *
 * - `init`/`update` import the text (keeping viewbox and selection); a failed import keeps the
 *   last good diagram, shows a banner with the parser's reason and line, and makes the diagram
 *   read-only so an old diagram never overwrites what the user typed.
 * - Diagram changes (bpmn-js command stack) are serialised with `saveXML({ format: true })` and
 *   posted as `edit` with the version they are based on.
 * - Ctrl+Z / Ctrl+Y (Ctrl+Shift+Z) go to VS Code's undo/redo, never to bpmn-js's command stack.
 * - View state (viewbox, selection, badges toggle, panel toggle) lives in `vscode.setState`.
 * `ready` is posted last, when everything listens.
 */
import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import camundaPlatformBehaviors from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import diagramCss from 'bpmn-js/dist/assets/diagram-js.css';
import bpmnCss from 'bpmn-js/dist/assets/bpmn-js.css';
import bpmnFontCss from 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css';
import panelCss from '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import bpmnFontUrl from 'bpmn-js/dist/assets/bpmn-font/font/bpmn.woff2';
import ownCss from './styles.css';
import {
  validateHostMessage, type EditorFinding, type ElementBadge, type HostMessage, type WebviewMessage,
} from '../../src/protocol/editor';
import { canvasColors, watchTheme } from './theme';
import { drawBadges, drawFindings, panelErrors, Tooltip, type DiagramServices } from './overlays';

// ---- bootstrap: nonce, CSS, font ---------------------------------------------------------------

const nonce = (document.currentScript as HTMLScriptElement | null)?.nonce ?? '';
const app = document.getElementById('app') as HTMLElement;
const distUri = app.dataset.distUri ?? new URL('.', (document.currentScript as HTMLScriptElement | null)?.src ?? location.href).toString();

function addStyle(css: string, name: string): void {
  const style = document.createElement('style');
  style.nonce = nonce;
  style.dataset.name = name;
  style.textContent = css;
  document.head.appendChild(style);
}
// The icon font comes from the extension's dist folder (font-src cspSource), never inlined or remote.
const fontFace = `@font-face { font-family: 'bpmn'; src: url('${new URL(bpmnFontUrl, distUri).toString()}') format('woff2'); font-weight: normal; font-style: normal; }`;
addStyle(diagramCss, 'diagram-js');
addStyle(bpmnCss, 'bpmn-js');
addStyle(fontFace + bpmnFontCss.replace(/@font-face\s*\{[^}]*\}/g, ''), 'bpmn-font');
addStyle(panelCss, 'properties-panel');
addStyle(ownCss, 'job-lab');

// ---- layout ------------------------------------------------------------------------------------

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

app.classList.add('bio-theme-parent');
const toolbar = el('div', { id: 'toolbar', role: 'toolbar', 'aria-label': 'BPMN editor' });
const openAsTextButton = el('button', { class: 'jl-button', type: 'button', title: 'Open this file in the text editor' }, 'Open as Text');
const badgesButton = el('button', { class: 'jl-button', type: 'button', 'aria-pressed': 'true', title: 'Show or hide job priority badges and async boundaries' }, 'Job badges');
const panelButton = el('button', { class: 'jl-button', type: 'button', 'aria-pressed': 'true', title: 'Show or hide the properties panel' }, 'Properties');
const status = el('span', { class: 'jl-status', 'aria-live': 'polite' });
toolbar.append(openAsTextButton, badgesButton, panelButton, el('span', { class: 'jl-spacer' }), status);
const banner = el('div', { id: 'banner', role: 'alert' });
banner.hidden = true;
const bannerText = el('span', { class: 'jl-banner-text' });
const bannerButton = el('button', { class: 'jl-button', type: 'button' }, 'Open as Text');
banner.append(bannerText, bannerButton);
const main = el('div', { id: 'main' });
const canvasEl = el('div', { id: 'canvas' });
const propertiesEl = el('div', { id: 'properties' });
main.append(canvasEl, propertiesEl);
app.append(toolbar, banner, main);
const tooltip = new Tooltip(app);

// ---- VS Code api and persisted view state -------------------------------------------------------

const vscode = acquireVsCodeApi();
const post = (msg: WebviewMessage) => vscode.postMessage(msg);

interface ViewState {
  viewbox?: { x: number; y: number; width: number; height: number };
  selection?: string[];
  badgesVisible?: boolean;
  propertiesVisible?: boolean;
}
const saved = (vscode.getState() ?? {}) as ViewState;
const view: ViewState = {
  viewbox: saved.viewbox, selection: saved.selection ?? [],
  badgesVisible: saved.badgesVisible ?? true, propertiesVisible: saved.propertiesVisible ?? true,
};
let saveStateTimer: ReturnType<typeof setTimeout> | undefined;
function persist(): void {
  if (saveStateTimer) return;
  saveStateTimer = setTimeout(() => { saveStateTimer = undefined; vscode.setState(view); }, 100);
}

// ---- the modeler -------------------------------------------------------------------------------

/* eslint-disable @typescript-eslint/no-explicit-any -- diagram-js services are untyped at get() */
type Modeler = InstanceType<typeof BpmnModeler>;
let modeler: Modeler;
const svc = <T = any>(name: string): T => modeler.get(name) as T;

/** Document state as the webview knows it. */
let version = -1;           // the document version the diagram corresponds to
let lastGoodText: string | undefined;  // the last text that imported
let importOk = true;
let importing = false;
let findings: EditorFinding[] = [];
let findingsVersion = 0;    // the document version the findings were computed for
let badges: ElementBadge[] = [];
let markedIds = new Set<string>();
let findingsShown = 0;
let badgesShown = 0;
let firstImport = true;

function createModeler(): void {
  const colors = canvasColors();
  modeler = new BpmnModeler({
    container: canvasEl,
    propertiesPanel: { parent: propertiesEl },
    additionalModules: [
      BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, CamundaPlatformPropertiesProviderModule, camundaPlatformBehaviors,
    ],
    moddleExtensions: { camunda: camundaModdle },
    bpmnRenderer: colors,
    textRenderer: { defaultStyle: { fill: colors.defaultLabelColor } },
  } as any);
  const eventBus = svc('eventBus');
  eventBus.on('commandStack.changed', (e: { trigger?: string }) => {
    if (e.trigger === 'clear' || importing) return;
    scheduleEdit();
  });
  eventBus.on('canvas.viewbox.changed', (e: { viewbox: { x: number; y: number; width: number; height: number } }) => {
    const { x, y, width, height } = e.viewbox;
    view.viewbox = { x, y, width, height };
    persist();
  });
  eventBus.on('selection.changed', (e: { newSelection: { id: string }[] }) => {
    view.selection = e.newSelection.map(s => s.id);
    persist();
    updatePanelErrors();
  });
  // The properties panel re-renders on import and on element changes: keep our errors visible.
  eventBus.on(['import.done', 'elements.changed'], () => setTimeout(updatePanelErrors, 0));
}

function services(): DiagramServices {
  return { overlays: svc('overlays'), elementRegistry: svc('elementRegistry'), canvas: svc('canvas') };
}

// ---- import ------------------------------------------------------------------------------------

interface ImportRequest { text: string; version: number }
let queued: ImportRequest | undefined;

/** Imports `text`; while an import runs, only the newest request waits (older ones are skipped). */
async function requestImport(req: ImportRequest): Promise<void> {
  queued = req;
  if (importing) return;
  while (queued) {
    const next = queued;
    queued = undefined;
    await importNow(next);
  }
}

function parseErrorLine(message: string): number | undefined {
  const m = /line:?\s*(\d+)/i.exec(message);
  return m ? Number(m[1]) + 1 : undefined;  // saxen counts lines from 0
}

async function importNow({ text, version: v }: ImportRequest): Promise<void> {
  importing = true;
  const canvas = svc('canvas');
  const keepView = !firstImport;
  const viewbox = keepView ? canvas.viewbox() : view.viewbox;
  const selection = keepView ? svc('selection').get().map((e: { id: string }) => e.id) as string[] : view.selection ?? [];
  const t0 = performance.now();
  let error: { message: string; line?: number } | undefined;
  let warnings: { message: string }[] = [];
  try {
    const result = await modeler.importXML(text);
    warnings = (result.warnings ?? []) as unknown as { message: string }[];
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const line = parseErrorLine(message);
    error = line === undefined ? { message: firstLine(message) } : { message: firstLine(message), line };
  }
  const millis = performance.now() - t0;
  version = v;
  if (!error) {
    lastGoodText = text;
    importOk = true;
    firstImport = false;
    restoreView(viewbox, selection);
    if (warnings.length) showBanner(`Imported with ${warnings.length} warning${warnings.length > 1 ? 's' : ''}: ${firstLine(warnings[0].message)}`, 'warning');
    else hideBanner();
  } else {
    importOk = false;
    const where = error.line ? ` (line ${error.line})` : '';
    showBanner(lastGoodText === undefined
      ? `The XML cannot be shown as a diagram${where}: ${error.message}. Fix it in the text editor; nothing you typed is lost.`
      : `The XML does not parse${where}: ${error.message}. The diagram shows the last valid version and is read-only until the text is fixed; nothing you typed is lost.`, 'error');
  }
  app.classList.toggle('jl-readonly', !importOk);
  importing = false;
  const elementCount = svc('elementRegistry').getAll().length;
  const imported: WebviewMessage = error
    ? { type: 'imported', version: v, ok: false, millis, elementCount, error }
    : { type: 'imported', version: v, ok: true, millis, elementCount };
  post(imported);
  (window as any).__jobLab.lastImport = { version: v, ok: !error, millis, elementCount, error, warnings: warnings.length };
  redrawAnnotations();
}

const firstLine = (s: string) => s.split('\n')[0].trim();

function restoreView(viewbox: ViewState['viewbox'], selection: string[]): void {
  const canvas = svc('canvas');
  if (viewbox && viewbox.width > 0 && viewbox.height > 0) canvas.viewbox(viewbox);
  else canvas.zoom('fit-viewport', 'auto');
  const registry = svc('elementRegistry');
  const still = selection.map(id => registry.get(id)).filter(Boolean);
  if (still.length) svc('selection').select(still);
}

function showBanner(text: string, kind: 'error' | 'warning'): void {
  bannerText.textContent = text;
  banner.classList.toggle('jl-banner-warning', kind === 'warning');
  banner.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  banner.hidden = false;
}
function hideBanner(): void { banner.hidden = true; }

// ---- edits -------------------------------------------------------------------------------------

let editScheduled = false;
let saving = false;

function scheduleEdit(): void {
  if (!importOk) return;
  editScheduled = true;
  if (!saving) void flushEdits();
}

async function flushEdits(): Promise<void> {
  saving = true;
  try {
    while (editScheduled) {
      editScheduled = false;
      await new Promise(r => setTimeout(r, 0));  // coalesce the commands of one gesture
      const { xml } = await modeler.saveXML({ format: true });
      if (!importOk || importing || xml === undefined) continue;
      post({ type: 'edit', text: xml, baseVersion: version });
    }
  } catch (err) {
    post({ type: 'error', message: `saveXML failed: ${err instanceof Error ? err.message : String(err)}` });
  } finally {
    saving = false;
  }
}

// ---- findings, badges, properties-panel errors -------------------------------------------------

function redrawAnnotations(): void {
  try {
    const s = services();
    const r = drawFindings(s, findings, { reveal: (elementId, code) => post({ type: 'revealRange', elementId, code }), tooltip }, markedIds);
    markedIds = r.marked;
    findingsShown = r.shown;
    badgesShown = drawBadges(s, badges, tooltip);
  } catch (err) {
    post({ type: 'error', message: `drawing findings failed: ${err instanceof Error ? err.message : String(err)}` });
  }
  const problems = findings.length;
  status.textContent = problems
    ? `${problems} problem${problems > 1 ? 's' : ''} (${findingsShown} on the diagram)`
    : 'No problems';
  updatePanelErrors();
  post({ type: 'rendered', version, findingsShown, badgesShown, badgesVisible: !!view.badgesVisible });
  postMarkersShown();
}

/** Which elements carry a finding marker, as the diagram shows them (read from the DOM, not from our own bookkeeping). */
function postMarkersShown(): void {
  const ids = new Set<string>();
  for (const b of canvasEl.querySelectorAll<HTMLElement>('.jl-marker[data-jl-for]')) {
    if (b.isConnected && b.dataset.jlFor) ids.add(b.dataset.jlFor);
  }
  post({ type: 'markersShown', version, findingsVersion, elementIds: [...ids].sort() });
}

function updatePanelErrors(): void {
  if (!modeler) return;
  const selected = svc('selection').get() as { id: string }[];
  const root = svc('canvas').getRootElement() as { id: string; businessObject?: { processRef?: { id: string } } } | undefined;
  const id = selected.length === 1 ? selected[0].id : root?.businessObject?.processRef?.id ?? root?.id;
  svc('eventBus').fire('propertiesPanel.setErrors', { errors: panelErrors(findings, id) });
}

function applyBadgesVisibility(): void {
  app.classList.toggle('jl-badges-hidden', !view.badgesVisible);
  badgesButton.setAttribute('aria-pressed', String(!!view.badgesVisible));
}
function applyPropertiesVisibility(): void {
  app.classList.toggle('jl-no-properties', !view.propertiesVisible);
  panelButton.setAttribute('aria-pressed', String(!!view.propertiesVisible));
}

// ---- theme -------------------------------------------------------------------------------------

/** bpmn-js reads its default colours at construction: rebuild and re-import, keeping the view. */
async function rebuildForTheme(): Promise<void> {
  if (!modeler) return;
  const canvas = svc('canvas');
  const viewbox = canvas.viewbox();
  const selection = svc('selection').get().map((e: { id: string }) => e.id) as string[];
  modeler.destroy();
  createModeler();
  if (lastGoodText !== undefined) {
    importing = true;
    try { await modeler.importXML(lastGoodText); } catch { /* it imported before */ }
    importing = false;
    restoreView(viewbox, selection);
    redrawAnnotations();
  }
}

// ---- messages from the host --------------------------------------------------------------------

async function onHostMessage(msg: HostMessage): Promise<void> {
  switch (msg.type) {
    case 'init':
      findings = msg.findings;
      findingsVersion = msg.version;
      badges = msg.badges;
      await requestImport({ text: msg.text, version: msg.version });
      return;
    case 'update':
      await requestImport({ text: msg.text, version: msg.version });
      return;
    case 'synced':
      version = msg.version;
      return;
    case 'findings':
      findings = msg.findings;
      findingsVersion = msg.version;
      if (!importing) redrawAnnotations();
      return;
    case 'badges':
      badges = msg.badges;
      if (!importing) redrawAnnotations();
      return;
    case 'theme':
      // The body class changes with it; watchTheme rebuilds when the colours really changed.
      return;
    case 'toggleBadges':
      view.badgesVisible = !view.badgesVisible;
      applyBadgesVisibility();
      persist();
      post({ type: 'rendered', version, findingsShown, badgesShown, badgesVisible: !!view.badgesVisible });
      return;
    case 'testToggleAsync': {
      const element = svc('elementRegistry').get(msg.elementId);
      if (!element) { post({ type: 'testResult', requestId: msg.requestId, ok: false, error: `no element '${msg.elementId}'` }); return; }
      const current = element.businessObject.get('camunda:asyncBefore') || element.businessObject.get('camunda:async');
      svc('modeling').updateProperties(element, { 'camunda:asyncBefore': !current });
      post({ type: 'testResult', requestId: msg.requestId, ok: true });
      return;
    }
    case 'testExportXml': {
      // Only a settled diagram answers: not while an import runs or waits, nor after a failed one.
      if (importing || queued || !importOk) { post({ type: 'testResult', requestId: msg.requestId, ok: false, error: importOk ? 'importing' : 'the last import failed', version }); return; }
      const at = version;
      const { xml } = await modeler.saveXML({ format: true });
      post({ type: 'testResult', requestId: msg.requestId, ok: at === version, xml: xml ?? '', version: at });
      return;
    }
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  const v = validateHostMessage(event.data);
  if (!v.ok) { post({ type: 'error', message: `dropped a malformed host message: ${v.error}` }); return; }
  onHostMessage(v.msg).catch(err => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
});

// ---- keyboard: undo/redo belong to VS Code ------------------------------------------------------

function isTextInput(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t instanceof HTMLTextAreaElement || (t instanceof HTMLInputElement && !['checkbox', 'radio', 'button'].includes(t.type));
}

// Capture phase on window: runs before diagram-js's keyboard bindings and VS Code's own webview
// key forwarding, so one Ctrl+Z is exactly one VS Code undo. Text fields keep their native undo.
window.addEventListener('keydown', (e: KeyboardEvent) => {
  if (!(e.ctrlKey || e.metaKey) || e.altKey || isTextInput(e.target)) return;
  const key = e.key.toLowerCase();
  const undo = key === 'z' && !e.shiftKey;
  const redo = key === 'y' || (key === 'z' && e.shiftKey);
  if (!undo && !redo) return;
  e.preventDefault();
  e.stopImmediatePropagation();
  post({ type: undo ? 'undo' : 'redo' });
}, true);

// ---- toolbar -----------------------------------------------------------------------------------

openAsTextButton.addEventListener('click', () => post({ type: 'openAsText' }));
bannerButton.addEventListener('click', () => post({ type: 'openAsText' }));
badgesButton.addEventListener('click', () => {
  view.badgesVisible = !view.badgesVisible;
  applyBadgesVisibility();
  persist();
  post({ type: 'rendered', version, findingsShown, badgesShown, badgesVisible: !!view.badgesVisible });
});
panelButton.addEventListener('click', () => {
  view.propertiesVisible = !view.propertiesVisible;
  applyPropertiesVisibility();
  persist();
});

// ---- start -------------------------------------------------------------------------------------

// For tests (browser test and e2e hooks): the live modeler and the last import's facts.
(window as any).__jobLab = {
  get modeler() { return modeler; },
  get version() { return version; },
  get importOk() { return importOk; },
  lastImport: undefined,
};

window.addEventListener('error', e => post({ type: 'error', message: `${e.message} (${e.filename}:${e.lineno})` }));
window.addEventListener('unhandledrejection', e => post({ type: 'error', message: `unhandled rejection: ${String(e.reason)}` }));

createModeler();
applyBadgesVisibility();
applyPropertiesVisibility();
watchTheme(() => { void rebuildForTheme(); });
post({ type: 'ready' });
