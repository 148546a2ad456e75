/** Hidden `bpmnJobLab.__state`: facts for tests to wait on (which document versions are linted). */
import * as vscode from 'vscode';
import type { JobLabDiagnostics } from '../language/diagnostics';

export const STATE = 'bpmnJobLab.__state';

export interface JobLabState { lintedVersions: Record<string, number> }

export class StateCommand {
  static register(_context: vscode.ExtensionContext, diagnostics: JobLabDiagnostics): vscode.Disposable {
    return vscode.commands.registerCommand(STATE, (): JobLabState => ({ lintedVersions: diagnostics.lintedVersions() }));
  }
}
