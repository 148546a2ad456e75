/**
 * The `bpmn-job-lab` DiagnosticCollection: lints `bpmn` documents on open, on change (debounced),
 * when a `bpmnJobLab.*` setting changes, and clears them on close.
 */
import * as vscode from 'vscode';
import { LineIndex, lint, type Finding, type Severity } from '../bpmn/index';
import { FindingsCache, isBpmn, toRange } from './findings';
import { affectsJobLab, lintOptions } from './settings';

export const DIAGNOSTIC_SOURCE = 'Job Lab';
export const COLLECTION_NAME = 'bpmn-job-lab';
const DEBOUNCE_MS = 200;

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export class JobLabDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(COLLECTION_NAME);
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** uri → document version whose findings the collection holds (read by `bpmnJobLab.__state`). */
  private readonly linted = new Map<string, number>();
  private readonly subscriptions: vscode.Disposable[] = [];

  private constructor(private readonly extensionUri: vscode.Uri, readonly findings: FindingsCache) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument(doc => this.lintDocument(doc)),
      vscode.workspace.onDidChangeTextDocument(e => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument(doc => this.forget(doc.uri)),
      vscode.workspace.onDidChangeConfiguration(e => { if (affectsJobLab(e)) this.lintAllOpen(); }),
    );
    this.lintAllOpen();
  }

  static register(context: vscode.ExtensionContext, findings: FindingsCache): JobLabDiagnostics {
    const diagnostics = new JobLabDiagnostics(context.extensionUri, findings);
    context.subscriptions.push(diagnostics);
    return diagnostics;
  }

  /** The versions whose findings are in the collection, by document uri. */
  lintedVersions(): Record<string, number> {
    return Object.fromEntries(this.linted);
  }

  lintDocument(document: vscode.TextDocument): void {
    if (!isBpmn(document)) return;
    const key = document.uri.toString();
    this.cancel(key);
    const findings = this.findings.get(document);
    this.collection.set(document.uri, findings.map(f => this.toDiagnostic(document, f)));
    this.linted.set(key, document.version);
  }

  /** Lint a file that is not open (workspace lint): positions come from a line index of its text. */
  lintText(uri: vscode.Uri, text: string): void {
    const index = new LineIndex(text);
    const doc = { positionAt: (o: number) => { const p = index.position(o); return new vscode.Position(p.line, p.character); } };
    this.collection.set(uri, lint(text, lintOptions(uri)).map(f => this.toDiagnostic(doc, f)));
  }

  lintAllOpen(): void {
    for (const doc of vscode.workspace.textDocuments) this.lintDocument(doc);
  }

  /** The rule's documentation page shipped inside the extension. */
  ruleDocUri(code: string): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'docs', 'rules', `${code}.md`);
  }

  private toDiagnostic(doc: Pick<vscode.TextDocument, 'positionAt'>, f: Finding): vscode.Diagnostic {
    const d = new vscode.Diagnostic(toRange(doc, f.range), f.message, SEVERITY[f.severity]);
    d.source = DIAGNOSTIC_SOURCE;
    d.code = { value: f.code, target: this.ruleDocUri(f.code) };
    return d;
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isBpmn(document)) return;
    const key = document.uri.toString();
    this.cancel(key);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      if (!document.isClosed) this.lintDocument(document);
    }, DEBOUNCE_MS));
  }

  private cancel(key: string): void {
    const t = this.timers.get(key);
    if (t !== undefined) { clearTimeout(t); this.timers.delete(key); }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancel(key);
    this.linted.delete(key);
    this.findings.delete(uri);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}

/** Whether a diagnostic is one of ours with the given rule id. */
export function diagnosticRuleId(d: vscode.Diagnostic): string | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE) return undefined;
  const c = d.code;
  if (typeof c === 'object' && c !== null) return String(c.value);
  return c === undefined ? undefined : String(c);
}
