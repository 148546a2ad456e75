/**
 * Composition root: builds the adapters, registers them, nothing else. Every disposable goes into
 * `context.subscriptions`; a failure is shown to the user instead of dying silently.
 * VS Code activates the extension for the contributed `bpmn` language and for its commands
 * (`activationEvents` is empty: both are implied by `contributes`).
 *
 * Activation stays fast: the language features and the diagram editor (needed at once) are
 * loaded eagerly; the simulator (sql.js, xstate, the engine model) is imported lazily — esbuild
 * turns the dynamic import into a deferred module initialiser — and registers its commands right
 * after `activate` returns (before VS Code runs a command that triggered the activation).
 */
import * as vscode from 'vscode';
import { BpmnEditorProvider } from './editor/index';
import { ExplainElementCommand } from './commands/explainElement';
import { LintWorkspaceCommand } from './commands/lintWorkspace';
import { JobLabOutput } from './commands/output';
import { StateCommand } from './commands/state';
import { JobLabCodeActionProvider } from './language/codeActions';
import { JobLabDiagnostics } from './language/diagnostics';
import { FindingsCache } from './language/findings';
import { JobLabHoverProvider } from './language/hover';

export function activate(context: vscode.ExtensionContext): void {
  try {
    const findings = new FindingsCache();
    const diagnostics = JobLabDiagnostics.register(context, findings);
    const output = JobLabOutput.register(context);
    context.subscriptions.push(
      JobLabHoverProvider.register(context),
      JobLabCodeActionProvider.register(context, findings),
      ExplainElementCommand.register(context, output),
      LintWorkspaceCommand.register(context, diagnostics),
      StateCommand.register(context, diagnostics),
      BpmnEditorProvider.register(context),
    );
    import('./simulation/panel').then(
      ({ SimulatorPanel }) => { context.subscriptions.push(SimulatorPanel.register(context)); },
      err => reportFailure('the simulator', err),
    );
  } catch (err) {
    reportFailure('Job Lab for BPMN', err);
    throw err;
  }
}

function reportFailure(what: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  void vscode.window.showErrorMessage(`${what} failed to start: ${message}`);
}

export function deactivate(): void {}
