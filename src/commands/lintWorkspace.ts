/**
 * `bpmnJobLab.lintWorkspace`: lints every BPMN file of the workspace into the Job Lab diagnostics
 * (open documents through the document, others from disk). Returns the number of files linted.
 */
import * as vscode from 'vscode';
import type { JobLabDiagnostics } from '../language/diagnostics';

export const LINT_WORKSPACE = 'bpmnJobLab.lintWorkspace';
const BPMN_GLOB = '**/*.{bpmn,bpmn20.xml}';
const EXCLUDE_GLOB = '**/{node_modules,.git,.vscode-test}/**';

export class LintWorkspaceCommand {
  static register(_context: vscode.ExtensionContext, diagnostics: JobLabDiagnostics): vscode.Disposable {
    return vscode.commands.registerCommand(LINT_WORKSPACE, () => lintWorkspace(diagnostics));
  }
}

async function lintWorkspace(diagnostics: JobLabDiagnostics): Promise<number> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Job Lab: linting BPMN files' }, async () => {
    const uris = await vscode.workspace.findFiles(BPMN_GLOB, EXCLUDE_GLOB);
    const open = new Map(vscode.workspace.textDocuments.map(d => [d.uri.toString(), d]));
    const decoder = new TextDecoder('utf-8');
    let count = 0;
    for (const uri of uris) {
      const doc = open.get(uri.toString());
      try {
        if (doc && doc.languageId === 'bpmn') diagnostics.lintDocument(doc);
        else diagnostics.lintText(uri, decoder.decode(await vscode.workspace.fs.readFile(uri)));
        count++;
      } catch (err) {
        void vscode.window.showWarningMessage(`Job Lab: could not lint ${vscode.workspace.asRelativePath(uri)}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return count;
  });
}
