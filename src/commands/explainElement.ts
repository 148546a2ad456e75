/**
 * `bpmnJobLab.explainElement`: the jobs of the element at the cursor (or of `elementId` in `uri`)
 * as JSON in the "Job Lab" output channel. Returns the explanation so tests and other extensions
 * can use it.
 */
import * as vscode from 'vscode';
import { elementIdAt, explainElements, type ExplainedElement } from '../bpmn/index';
import { isBpmn } from '../language/findings';
import { engineProfile } from '../language/settings';
import type { JobLabOutput } from './output';

export const EXPLAIN_ELEMENT = 'bpmnJobLab.explainElement';

export interface ExplainResult { uri: string; elementId: string | undefined; elements: ExplainedElement[] }

export class ExplainElementCommand {
  static register(_context: vscode.ExtensionContext, output: JobLabOutput): vscode.Disposable {
    const command = new ExplainElementCommand(output);
    return vscode.commands.registerCommand(EXPLAIN_ELEMENT, (uri?: vscode.Uri | string, elementId?: string) => command.run(uri, elementId));
  }

  private constructor(private readonly output: JobLabOutput) {}

  async run(uriArg?: vscode.Uri | string, elementIdArg?: string): Promise<ExplainResult | undefined> {
    const document = await this.documentFor(uriArg);
    if (!document || !isBpmn(document)) {
      void vscode.window.showWarningMessage('Job Lab: open a BPMN file and put the cursor on an element to explain its jobs.');
      return undefined;
    }
    const text = document.getText();
    const editor = vscode.window.activeTextEditor;
    const elementId = typeof elementIdArg === 'string' ? elementIdArg
      : editor && editor.document === document ? elementIdAt(text, document.offsetAt(editor.selection.active)) : undefined;
    const elements = explainElements(text, { profile: engineProfile(document.uri) }, elementId);
    const result: ExplainResult = { uri: document.uri.toString(), elementId, elements };
    this.output.show(`explain ${elementId ?? '(all elements)'} in ${vscode.workspace.asRelativePath(document.uri)}`, JSON.stringify(elements, null, 2));
    return result;
  }

  private async documentFor(uriArg: vscode.Uri | string | undefined): Promise<vscode.TextDocument | undefined> {
    if (uriArg instanceof vscode.Uri) return vscode.workspace.openTextDocument(uriArg);
    if (typeof uriArg === 'string' && uriArg) return vscode.workspace.openTextDocument(vscode.Uri.parse(uriArg));
    return vscode.window.activeTextEditor?.document;
  }
}
