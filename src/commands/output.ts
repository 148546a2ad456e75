/** The "Job Lab" output channel, created on first use. */
import * as vscode from 'vscode';

export class JobLabOutput implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;

  static register(context: vscode.ExtensionContext): JobLabOutput {
    const output = new JobLabOutput();
    context.subscriptions.push(output);
    return output;
  }

  show(title: string, body: string): void {
    this.channel ??= vscode.window.createOutputChannel('Job Lab', 'json');
    this.channel.appendLine(`// ${title}`);
    this.channel.appendLine(body);
    this.channel.show(true);
  }

  dispose(): void {
    this.channel?.dispose();
  }
}
