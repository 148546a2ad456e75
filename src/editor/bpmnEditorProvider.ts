/**
 * The visual BPMN editor: a `CustomTextEditorProvider` showing bpmn-js in a webview.
 *
 * The `.bpmn` TextDocument is the one model (style.md habit 2). Diagram edits come back as
 * `edit` messages and are applied as a `WorkspaceEdit` (one minimal replacement); text changes
 * from anywhere else are posted as `update` and re-imported. The text the webview last produced
 * is remembered so the host never echoes the webview's own edit back to it (`synced` instead).
 * Save, revert, dirty state, hot exit and undo/redo therefore are VS Code's; Ctrl+Z/Ctrl+Y in
 * the webview come back as `undo`/`redo` messages and run VS Code's commands.
 *
 * Every incoming message is validated (src/protocol/editor.ts); a malformed one is logged to the
 * output channel and dropped.
 */
import { newNonce } from '../webviewPage';
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import { type EditorFinding, type HostMessage, type ThemeKind, type WebviewMessage } from '../protocol/editor';
import { EDITOR_CHANNEL, receiveWebviewMessage, type GateResult } from '../webviewMessageGate';
import { editorHtml } from './html';
import { initialDiagram } from './initialDiagram';
import { minimalReplacement } from './textDiff';
import { domainAnalyzer, type EditorAnalyzer, type EditorAnalysis } from './analysis';

export const EDITOR_VIEW_TYPE = 'bpmnJobLab.editor';
/** The answer of the webview's test hooks (`__editorTestEdit`, `__editorExportXml`). */
export interface TestResult { ok: boolean; error?: string; xml?: string; version?: number }
const ANALYSIS_DELAY_MS = 250;
const TEST_REQUEST_TIMEOUT_MS = 10_000;

/** What `bpmnJobLab.__editorState` returns (for end-to-end tests to wait on facts, not sleeps). */
export interface EditorStateSnapshot {
  ready: boolean;
  uri: string;
  documentVersion: number;
  lastImportedVersion: number | undefined;
  lastError: string | undefined;
  findingsShown: number;
  badgesShown: number;
  badgesVisible: boolean;
  editsApplied: number;
  /** Malformed messages from the webview that were logged and dropped. */
  messagesDropped: number;
  /** The element ids that carry a finding marker on the diagram, as the webview last reported them (`markersShown`). */
  markedElementIds: string[];
  /** The document version of the findings those markers were drawn from (undefined before the first report). */
  markersFindingsVersion: number | undefined;
  /** The document version of the diagram the markers are drawn on. */
  markersVersion: number | undefined;
}

export class BpmnEditorProvider implements vscode.CustomTextEditorProvider {
  static readonly viewType = EDITOR_VIEW_TYPE;

  /** Registers the provider, its commands and the hidden test commands. */
  static register(context: vscode.ExtensionContext, analyzer: EditorAnalyzer = domainAnalyzer()): vscode.Disposable {
    const output = vscode.window.createOutputChannel('Job Lab: BPMN Editor', { log: true });
    const provider = new BpmnEditorProvider(context.extensionUri, output, analyzer);
    return vscode.Disposable.from(
      output,
      provider,
      vscode.window.registerCustomEditorProvider(EDITOR_VIEW_TYPE, provider, {
        // No retainContextWhenHidden: the webview keeps its view state with setState (habit 4).
        webviewOptions: { retainContextWhenHidden: false },
        supportsMultipleEditorsPerDocument: true,
      }),
      vscode.commands.registerCommand('bpmnJobLab.openAsText', (uri?: vscode.Uri) => provider.openAsText(uri)),
      vscode.commands.registerCommand('bpmnJobLab.toggleBadges', () => provider.toggleBadges()),
      vscode.commands.registerCommand('bpmnJobLab.__editorState', (uri?: string | vscode.Uri) => provider.state(uri)),
      vscode.commands.registerCommand('bpmnJobLab.__editorTestEdit', (elementId: string, uri?: string | vscode.Uri) => provider.testEdit(elementId, uri)),
      vscode.commands.registerCommand('bpmnJobLab.__editorExportXml', (uri?: string | vscode.Uri) => provider.testExportXml(uri)),
      vscode.commands.registerCommand('bpmnJobLab.__editorInjectMessage', (raw: unknown, uri?: string | vscode.Uri) => provider.inject(raw, uri)),
      vscode.window.onDidChangeActiveColorTheme(t => provider.broadcast({ type: 'theme', kind: themeKind(t.kind) })),
      vscode.workspace.onDidChangeConfiguration(e => { if (e.affectsConfiguration('bpmnJobLab')) provider.reanalyzeAll(); }),
    );
  }

  private readonly sessions = new Set<EditorSession>();
  private active: EditorSession | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly output: vscode.LogOutputChannel,
    private readonly analyzer: EditorAnalyzer,
  ) {}

  async resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel, _token: vscode.CancellationToken): Promise<void> {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    const session = new EditorSession(document, panel, this.output, this.analyzer);
    this.sessions.add(session);
    this.active = session;
    panel.onDidChangeViewState(e => { if (e.webviewPanel.active) this.active = session; });
    panel.onDidDispose(() => {
      this.sessions.delete(session);
      if (this.active === session) this.active = [...this.sessions].pop();
      session.dispose();
    });
    panel.webview.html = editorHtml({
      cspSource: panel.webview.cspSource,
      nonce: newNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview-editor.js')).toString(),
      distUri: panel.webview.asWebviewUri(dist).toString().replace(/\/?$/, '/'),
    });
    // An empty file opens as a new diagram: the initial XML goes into the document as an edit.
    if (document.getText().trim() === '') {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), initialDiagram(randomBytes(4).toString('hex')));
      if (!await vscode.workspace.applyEdit(edit)) this.output.warn(`could not write the initial diagram into ${document.uri.toString()}`);
    }
  }

  private find(uri?: string | vscode.Uri): EditorSession | undefined {
    if (uri === undefined) return this.active;
    const key = typeof uri === 'string' ? uri : uri.toString();
    const all = [...this.sessions].filter(s => s.document.uri.toString() === key || s.document.uri.fsPath === key);
    return all.find(s => s === this.active) ?? all[all.length - 1];
  }

  async openAsText(uri?: vscode.Uri): Promise<void> {
    const target = uri instanceof vscode.Uri ? uri : this.active?.document.uri;
    if (!target) return;
    await vscode.commands.executeCommand('vscode.openWith', target, 'default');
  }

  toggleBadges(): void {
    this.active?.post({ type: 'toggleBadges' });
  }

  state(uri?: string | vscode.Uri): EditorStateSnapshot | undefined {
    return this.find(uri)?.snapshot();
  }

  testEdit(elementId: string, uri?: string | vscode.Uri): Promise<TestResult> {
    const s = this.find(uri);
    if (!s) return Promise.resolve({ ok: false, error: 'no BPMN editor is open' });
    return s.testToggleAsync(String(elementId));
  }

  /** The diagram's XML as the webview's modeler serialises it now, with the document version it shows. */
  testExportXml(uri?: string | vscode.Uri): Promise<TestResult> {
    const s = this.find(uri);
    if (!s) return Promise.resolve({ ok: false, error: 'no BPMN editor is open' });
    return s.testRequest(requestId => ({ type: 'testExportXml', requestId }));
  }

  /**
   * Test hook: `raw` through the same host-side path as a message from the webview (validation,
   * log-and-drop, dispatch). Only messages that cannot reach VS Code's UI make sense here.
   */
  inject(raw: unknown, uri?: string | vscode.Uri): GateResult | 'no editor' {
    const s = this.find(uri);
    return s ? s.receive(raw) : 'no editor';
  }

  broadcast(msg: HostMessage): void {
    for (const s of this.sessions) s.post(msg);
  }

  reanalyzeAll(): void {
    for (const s of this.sessions) s.scheduleAnalysis(0);
  }

  dispose(): void {
    for (const s of this.sessions) s.dispose();
    this.sessions.clear();
  }
}

/** One webview panel showing one document. */
class EditorSession {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  /** The text the webview's diagram is based on (its last `edit`, or the last text posted to it). */
  private webviewText: string | undefined;
  private lastImportedVersion: number | undefined;
  private lastImportOk = true;
  private lastError: string | undefined;
  private findingsShown = 0;
  private badgesShown = 0;
  private badgesVisible = true;
  private editsApplied = 0;
  private messagesDropped = 0;
  private markers: { version: number; findingsVersion: number; elementIds: string[] } | undefined;
  private analysis: EditorAnalysis | undefined;
  private analysisTimer: ReturnType<typeof setTimeout> | undefined;
  /** Webview edits are applied one after another, never interleaved. */
  private editQueue: Promise<void> = Promise.resolve();
  private nextRequestId = 1;
  private readonly pending = new Map<number, { resolve: (r: TestResult) => void; timer: ReturnType<typeof setTimeout> }>();
  private disposed = false;

  constructor(
    readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly output: vscode.LogOutputChannel,
    private readonly analyzer: EditorAnalyzer,
  ) {
    this.disposables.push(
      panel.webview.onDidReceiveMessage(raw => this.receive(raw)),
      vscode.workspace.onDidChangeTextDocument(e => {
        if (e.document.uri.toString() === document.uri.toString() && e.contentChanges.length > 0) this.documentChanged();
      }),
    );
  }

  snapshot(): EditorStateSnapshot {
    return {
      ready: this.ready, uri: this.document.uri.toString(), documentVersion: this.document.version,
      lastImportedVersion: this.lastImportedVersion, lastError: this.lastError,
      findingsShown: this.findingsShown, badgesShown: this.badgesShown, badgesVisible: this.badgesVisible,
      editsApplied: this.editsApplied,
      messagesDropped: this.messagesDropped,
      markedElementIds: [...this.markers?.elementIds ?? []],
      markersFindingsVersion: this.markers?.findingsVersion,
      markersVersion: this.markers?.version,
    };
  }

  post(msg: HostMessage): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(msg).then(undefined, err => this.output.warn(`postMessage failed: ${err}`));
  }

  /** What the webview's onDidReceiveMessage calls (and the hidden `__editorInjectMessage` test command). */
  receive(raw: unknown): GateResult {
    const r = receiveWebviewMessage(EDITOR_CHANNEL, raw, this.output, msg => this.handle(msg));
    if (r === 'dropped') this.messagesDropped++;
    return r;
  }

  private async handle(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready': {
        // Also after the tab was hidden and shown again: the webview was re-created and needs everything.
        this.ready = true;
        const text = this.document.getText();
        this.webviewText = text;
        const a = this.analyze();
        this.post({ type: 'init', text, version: this.document.version, findings: a.findings, badges: a.badges, theme: themeKind(vscode.window.activeColorTheme.kind) });
        return;
      }
      case 'edit':
        this.editQueue = this.editQueue.then(() => this.applyWebviewEdit(msg.text, msg.baseVersion));
        return this.editQueue;
      case 'imported':
        this.lastImportedVersion = msg.version;
        this.lastImportOk = msg.ok;
        this.lastError = msg.ok ? undefined : msg.error?.message;
        this.output.info(msg.ok
          ? `imported version ${msg.version}: ${msg.elementCount} elements in ${msg.millis.toFixed(0)} ms`
          : `import of version ${msg.version} failed${msg.error?.line ? ` at line ${msg.error.line}` : ''}: ${msg.error?.message}`);
        return;
      case 'rendered':
        this.findingsShown = msg.findingsShown;
        this.badgesShown = msg.badgesShown;
        this.badgesVisible = msg.badgesVisible;
        return;
      case 'markersShown':
        this.markers = { version: msg.version, findingsVersion: msg.findingsVersion, elementIds: msg.elementIds };
        return;
      case 'undo':
        await vscode.commands.executeCommand('undo');
        return;
      case 'redo':
        await vscode.commands.executeCommand('redo');
        return;
      case 'revealRange':
        return this.reveal(msg.elementId, msg.code);
      case 'openAsText':
        await vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default');
        return;
      case 'error':
        this.output.error(`webview: ${msg.message}`);
        return;
      case 'testResult': {
        const p = this.pending.get(msg.requestId);
        if (!p) return;
        clearTimeout(p.timer);
        this.pending.delete(msg.requestId);
        const r: TestResult = { ok: msg.ok };
        if (msg.error !== undefined) r.error = msg.error;
        if (msg.xml !== undefined) r.xml = msg.xml;
        if (msg.version !== undefined) r.version = msg.version;
        p.resolve(r);
        return;
      }
    }
  }

  private async applyWebviewEdit(text: string, baseVersion: number): Promise<void> {
    const doc = this.document;
    if (!this.lastImportOk) {
      // The diagram shows an older import; writing it would overwrite what the user typed.
      this.output.warn(`ignored a diagram edit while the document does not import (version ${doc.version})`);
      return;
    }
    const current = doc.getText();
    if (baseVersion !== doc.version && current !== this.webviewText) {
      // The text changed elsewhere since the diagram was imported: the text wins, the diagram re-imports.
      this.output.warn(`discarded a diagram edit based on version ${baseVersion}: the document is at version ${doc.version} and was changed elsewhere`);
      this.webviewText = current;
      this.post({ type: 'update', text: current, version: doc.version });
      return;
    }
    this.webviewText = text;
    const r = minimalReplacement(current, text);
    if (!r) { this.post({ type: 'synced', version: doc.version }); return; }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), r.text);
    const ok = await vscode.workspace.applyEdit(edit);
    if (ok) this.editsApplied++;
    else {
      this.output.warn('VS Code refused the diagram edit; re-importing the document');
      this.webviewText = doc.getText();
      this.post({ type: 'update', text: this.webviewText, version: doc.version });
    }
  }

  private documentChanged(): void {
    const text = this.document.getText();
    if (text === this.webviewText) {
      // The webview's own edit (or an echo of it): nothing to import.
      this.post({ type: 'synced', version: this.document.version });
    } else {
      this.webviewText = text;
      if (this.ready) this.post({ type: 'update', text, version: this.document.version });
    }
    this.scheduleAnalysis(ANALYSIS_DELAY_MS);
  }

  scheduleAnalysis(delay: number): void {
    if (this.analysisTimer) clearTimeout(this.analysisTimer);
    this.analysisTimer = setTimeout(() => {
      this.analysisTimer = undefined;
      if (this.disposed || !this.ready) return;
      const a = this.analyze();
      this.post({ type: 'findings', version: this.document.version, findings: a.findings });
      this.post({ type: 'badges', version: this.document.version, badges: a.badges });
    }, delay);
  }

  private analyze(): EditorAnalysis {
    try {
      this.analysis = this.analyzer.analyze(this.document.getText(), analysisOptions());
    } catch (err) {
      this.output.error(`analysis failed: ${err instanceof Error ? err.stack ?? err.message : err}`);
      this.analysis = { findings: [], badges: [], ranges: [] };
    }
    return this.analysis;
  }

  /** Opens the text editor beside the diagram at the finding's range, or at the element's start tag. */
  private async reveal(elementId: string, code: string | undefined): Promise<void> {
    const text = this.document.getText();
    const a = this.analysis ?? this.analyze();
    const hit = a.ranges.find(r => r.elementId === elementId && (code === undefined || r.code === code));
    let start: number, end: number;
    if (hit) ({ start, end } = hit);
    else {
      const m = new RegExp(`\\bid\\s*=\\s*(["'])${escapeRegExp(elementId)}\\1`).exec(text);
      if (!m) { void vscode.window.showInformationMessage(`Element '${elementId}' was not found in the text.`); return; }
      start = text.lastIndexOf('<', m.index);
      end = m.index + m[0].length;
    }
    const range = new vscode.Range(this.document.positionAt(Math.max(0, start)), this.document.positionAt(end));
    await vscode.window.showTextDocument(this.document, { viewColumn: vscode.ViewColumn.Beside, selection: range, preserveFocus: false });
  }

  testToggleAsync(elementId: string): Promise<TestResult> {
    return this.testRequest(requestId => ({ type: 'testToggleAsync', requestId, elementId }));
  }

  /** Posts a test request to the webview; resolves with its `testResult` (or an error after a timeout). */
  testRequest(make: (requestId: number) => HostMessage): Promise<TestResult> {
    if (!this.ready) return Promise.resolve({ ok: false, error: 'the webview is not ready' });
    const requestId = this.nextRequestId++;
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        resolve({ ok: false, error: `no answer within ${TEST_REQUEST_TIMEOUT_MS} ms` });
      }, TEST_REQUEST_TIMEOUT_MS);
      this.pending.set(requestId, { resolve, timer });
      this.post(make(requestId));
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.analysisTimer) clearTimeout(this.analysisTimer);
    // Pending requests are answered, never left hanging.
    for (const [, p] of this.pending) { clearTimeout(p.timer); p.resolve({ ok: false, error: 'the editor was closed' }); }
    this.pending.clear();
    for (const d of this.disposables) d.dispose();
  }
}

function analysisOptions() {
  const cfg = vscode.workspace.getConfiguration('bpmnJobLab');
  return {
    profile: cfg.get<'7.24' | 'legacy'>('engineProfile', '7.24'),
    severities: cfg.get<Record<string, string>>('rules', {}),
  };
}

export function themeKind(kind: vscode.ColorThemeKind): ThemeKind {
  switch (kind) {
    case vscode.ColorThemeKind.Dark: return 'dark';
    case vscode.ColorThemeKind.HighContrast: return 'high-contrast';
    case vscode.ColorThemeKind.HighContrastLight: return 'high-contrast-light';
    default: return 'light';
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export type { EditorFinding };
