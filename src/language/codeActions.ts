/**
 * Quick fixes: the `fixes` of the findings behind the Job Lab diagnostics in the request, as
 * CodeActions with WorkspaceEdits. Findings come from the shared per-version cache.
 */
import * as vscode from 'vscode';
import type { Finding, Fix } from '../bpmn/index';
import { diagnosticRuleId } from './diagnostics';
import { BPMN_LANGUAGE, FindingsCache, toRange } from './findings';

export class JobLabCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  static register(_context: vscode.ExtensionContext, findings: FindingsCache): vscode.Disposable {
    return vscode.languages.registerCodeActionsProvider({ language: BPMN_LANGUAGE }, new JobLabCodeActionProvider(findings), JobLabCodeActionProvider.metadata);
  }

  constructor(private readonly findings: FindingsCache) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const ours = context.diagnostics.filter(d => diagnosticRuleId(d) !== undefined);
    if (ours.length === 0) return [];
    const findings = this.findings.get(document);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const code = diagnosticRuleId(diagnostic);
      const finding = findings.find(f => f.code === code && toRange(document, f.range).isEqual(diagnostic.range));
      if (!finding) continue;   // the diagnostic is older than the text: no fix rather than a wrong one
      for (const fix of finding.fixes) actions.push(this.toAction(document, diagnostic, finding, fix));
    }
    return actions;
  }

  private toAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, _finding: Finding, fix: Fix): vscode.CodeAction {
    const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
    const edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits) edit.replace(document.uri, toRange(document, e.range), e.newText);
    action.edit = edit;
    action.diagnostics = [diagnostic];
    if (fix.isPreferred) action.isPreferred = true;
    return action;
  }
}
