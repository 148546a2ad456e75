/** Hovers for `bpmn` documents: the domain's Markdown for the job attribute or element under the cursor. */
import * as vscode from 'vscode';
import { hoverAt } from '../bpmn/index';
import { BPMN_LANGUAGE, toRange } from './findings';
import { hoverOptions } from './settings';

export class JobLabHoverProvider implements vscode.HoverProvider {
  static register(_context: vscode.ExtensionContext): vscode.Disposable {
    return vscode.languages.registerHoverProvider({ language: BPMN_LANGUAGE }, new JobLabHoverProvider());
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const result = hoverAt(document.getText(), document.offsetAt(position), hoverOptions(document.uri));
    if (!result) return undefined;
    const markdown = new vscode.MarkdownString(result.markdown);
    markdown.isTrusted = false;
    markdown.supportHtml = false;
    return new vscode.Hover(markdown, toRange(document, result.range));
  }
}
