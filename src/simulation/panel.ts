/**
 * The simulator panel: a webview that steps through a simulated cluster run. The simulation runs
 * here, in the extension host (SimulationController); the webview renders what it is sent.
 *
 * Commands: `bpmnJobLab.simulateCluster` (a `.bpmn` or a scenario `.json`), `bpmnJobLab.openExampleScenario`,
 * and two hidden ones for tests: `bpmnJobLab.__simulatorState` (facts to wait on) and
 * `bpmnJobLab.__simulatorCommand` (posts a message as if the webview had sent it; exports return text).
 * Every message from the webview is validated; malformed ones are logged to the output channel and dropped.
 *
 * After a window reload VS Code restores the panel through the `WebviewPanelSerializer` registered for
 * `SimulatorPanel.viewType` once the extension is active (the manifest keeps `activationEvents: []`,
 * so activation comes from a restored .bpmn editor or a command; adding
 * `"onWebviewPanel:bpmnJobLab.simulator"` would revive it on its own): the webview's saved state names
 * the file, seed, quick settings and virtual time, and the run is rebuilt and replayed to that time.
 */
import { newNonce } from '../webviewPage';
import * as vscode from 'vscode';
import { basename, dirname, extname, join } from 'node:path';
import { parseRestoreState, validateSimulatorMessage, type JobRowView, type RestoreInfo, type SimulatorHostMessage, type SimulatorWebviewMessage } from '../protocol/simulator';
import { SimulationController } from './controller';
import { runSourceFromFile } from './fromFile';
import { simulatorHtml } from './html';
import { reportHtml } from './report';
import { traceHash } from '../../simulator/trace';

export const SIMULATE_CLUSTER = 'bpmnJobLab.simulateCluster';
export const OPEN_EXAMPLE_SCENARIO = 'bpmnJobLab.openExampleScenario';
export const SIMULATOR_STATE = 'bpmnJobLab.__simulatorState';
export const SIMULATOR_COMMAND = 'bpmnJobLab.__simulatorCommand';

/** Facts for tests. */
export interface SimulatorPanelState {
  open: boolean;
  ready: boolean;
  file: string | null;
  now: number;
  steps: number;
  done: boolean;
  running: boolean;
  events: number;
  jobs: number;
  lastEvent: unknown;
  traceHash: string | null;
  messagesPosted: number;
  dropped: number;
  /** The host's ACT_RU_JOB rows, only when asked for with `{ rows: true }`. */
  rows?: JobRowView[];
}

/** Wall-clock ms between play ticks. */
const TICK_MS = 40;

export class SimulatorPanel implements vscode.Disposable {
  static readonly viewType = 'bpmnJobLab.simulator';
  private static current: SimulatorPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ready = false;
  private busy: Promise<unknown> = Promise.resolve();
  private posted = 0;
  private dropped = 0;
  private lastTick = 0;
  private disposed = false;

  static register(context: vscode.ExtensionContext): vscode.Disposable {
    const output = vscode.window.createOutputChannel('Job Lab Simulator', { log: true });
    const open = async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (!target || target.scheme !== 'file') {
        void vscode.window.showErrorMessage('Simulate Cluster: open a .bpmn file or a scenario .json file first.');
        return;
      }
      try {
        await SimulatorPanel.open(context, output, target.fsPath);
      } catch (e) {
        output.error(`cannot simulate ${target.fsPath}: ${(e as Error).message}`);
        void vscode.window.showErrorMessage(`Simulate Cluster: ${(e as Error).message}`);
      }
    };
    return vscode.Disposable.from(
      output,
      vscode.commands.registerCommand(SIMULATE_CLUSTER, open),
      vscode.window.registerWebviewPanelSerializer(SimulatorPanel.viewType, {
        deserializeWebviewPanel: async (panel: vscode.WebviewPanel, saved: unknown) => {
          const info = parseRestoreState(saved);
          if (!info) {
            output.warn('cannot restore a simulator panel: its saved state names no simulated file');
            panel.dispose();
            return;
          }
          try {
            await SimulatorPanel.restore(context, output, panel, info);
          } catch (e) {
            output.error(`cannot restore the simulation of ${info.source}: ${(e as Error).message}`);
            void vscode.window.showWarningMessage(`Job Lab: the simulation of ${basename(info.source)} could not be restored: ${(e as Error).message}`);
            panel.dispose();
          }
        },
      }),
      vscode.commands.registerCommand(OPEN_EXAMPLE_SCENARIO, async () => {
        const dir = vscode.Uri.joinPath(context.extensionUri, 'examples');
        let names: string[] = [];
        try { names = (await vscode.workspace.fs.readDirectory(dir)).map(([n]) => n).filter(n => n.endsWith('.json')).sort(); } catch { /* none shipped */ }
        if (!names.length) { void vscode.window.showErrorMessage('No example scenarios are installed with the extension.'); return; }
        const pick = await vscode.window.showQuickPick(names, { placeHolder: 'Example scenario to simulate' });
        if (pick) await open(vscode.Uri.joinPath(dir, pick));
      }),
      vscode.commands.registerCommand(SIMULATOR_STATE, (opts?: { rows?: boolean }): SimulatorPanelState => SimulatorPanel.current?.state(opts?.rows === true) ?? {
        open: false, ready: false, file: null, now: 0, steps: 0, done: false, running: false, events: 0, jobs: 0, lastEvent: null, traceHash: null, messagesPosted: 0, dropped: 0,
      }),
      vscode.commands.registerCommand(SIMULATOR_COMMAND, async (raw: unknown) => {
        const p = SimulatorPanel.current;
        if (!p) throw new Error('no simulator panel is open');
        return p.testCommand(raw);
      }),
      { dispose: () => SimulatorPanel.current?.dispose() },
    );
  }

  private static async open(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, file: string): Promise<SimulatorPanel> {
    const source = await runSourceFromFile(file);
    const controller = await SimulationController.create(source);
    SimulatorPanel.current?.dispose();
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(SimulatorPanel.viewType, `Simulate: ${source.title}`, vscode.ViewColumn.Beside,
      { enableScripts: true, localResourceRoots: [dist] });
    const p = SimulatorPanel.attach(context, output, panel, controller);
    output.info(`simulating ${file} (seed ${controller.currentScenario.seed}, ${controller.currentScenario.nodes.length} nodes)`);
    return p;
  }

  /**
   * A panel VS Code restores after a window reload: the run is rebuilt from the file with the saved
   * seed and quick settings and replayed to the saved virtual time (deterministic; manual node
   * crashes/restarts are not part of it).
   */
  private static async restore(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, panel: vscode.WebviewPanel, info: RestoreInfo): Promise<SimulatorPanel> {
    const source = await runSourceFromFile(info.source);
    const controller = await SimulationController.create(source);
    try {
      if (controller.currentScenario.seed !== info.seed || JSON.stringify(controller.settings) !== JSON.stringify(info.settings)) {
        await controller.applySettings(info.seed, info.settings);
      }
      if (info.now > 0) controller.runTo(info.now);
    } catch (e) {
      controller.close();
      throw e;
    }
    SimulatorPanel.current?.dispose();
    panel.title = `Simulate: ${source.title}`;
    const p = SimulatorPanel.attach(context, output, panel, controller);
    output.info(`restored the simulation of ${info.source} (seed ${info.seed}, t = ${controller.now} ms)`);
    return p;
  }

  /** Wires a (new or restored) webview panel to a controller and loads the webview. */
  private static attach(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, panel: vscode.WebviewPanel, controller: SimulationController): SimulatorPanel {
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    const p = new SimulatorPanel(panel, controller, output);
    SimulatorPanel.current = p;
    const nonce = newNonce();
    panel.webview.html = simulatorHtml({
      cspSource: panel.webview.cspSource,
      nonce,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview-simulator.js')).toString(),
      distUri: panel.webview.asWebviewUri(dist).toString().replace(/\/?$/, '/'),
    });
    return p;
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly controller: SimulationController, private readonly output: vscode.LogOutputChannel) {
    this.disposables.push(
      panel.webview.onDidReceiveMessage(raw => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(e => { if (!e.webviewPanel.visible) this.ready = false; }),
    );
  }

  private state(withRows = false): SimulatorPanelState {
    const c = this.controller;
    const trace = c.trace;
    const rows = c.allRows();
    return {
      open: true, ready: this.ready, file: c.source.file, now: c.now, steps: c.steps, done: c.done, running: c.running,
      events: trace.length, jobs: rows.length, lastEvent: trace[trace.length - 1] ?? null, traceHash: traceHash(trace),
      messagesPosted: this.posted, dropped: this.dropped,
      ...(withRows ? { rows } : {}),
    };
  }

  private post(m: SimulatorHostMessage): void {
    if (!this.ready && m.type !== 'init') return; // the webview asks for a full state with `ready`
    this.posted++;
    void this.panel.webview.postMessage(m);
  }

  private receive(raw: unknown): void {
    const r = validateSimulatorMessage(raw);
    if (!r.ok) {
      this.dropped++;
      this.output.warn(`dropped a malformed message from the simulator webview: ${r.error} — ${JSON.stringify(raw)?.slice(0, 200)}`);
      return;
    }
    this.enqueue(() => this.handle(r.message));
  }

  /** Messages are handled one at a time (rebuilds and replays are asynchronous). */
  private enqueue<T>(fn: () => Promise<T> | T): Promise<T> {
    const next = this.busy.then(fn, fn);
    this.busy = next.catch(e => {
      this.output.error(String((e as Error)?.stack ?? e));
      this.post({ type: 'status', level: 'error', message: (e as Error).message });
    });
    return next;
  }

  private async handle(m: SimulatorWebviewMessage): Promise<unknown> {
    const c = this.controller;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.post({ type: 'init', state: c.fullState() });
        return;
      case 'control':
        switch (m.action) {
          case 'step': this.pause(); this.post({ type: 'delta', delta: c.step() }); return;
          case 'stepAcquisition': this.pause(); this.post({ type: 'delta', delta: c.stepToAcquisition() }); return;
          case 'play': this.play(); return;
          case 'pause': this.pause(); return;
          case 'reset': this.pause(); this.post({ type: 'init', state: await c.reset() }); return;
        }
        return;
      case 'speed':
        c.speed = m.speed;
        this.post({ type: 'running', running: c.running, speed: c.speed });
        return;
      case 'runTo': this.pause(); this.post({ type: 'delta', delta: c.runTo(m.t) }); return;
      case 'rewind': this.pause(); this.post({ type: 'init', state: await c.rewind(m.checkpoint) }); return;
      case 'applySettings': this.pause(); this.post({ type: 'init', state: await c.applySettings(m.seed, m.settings) }); return;
      case 'explain': this.post({ type: 'explanation', explanation: await c.explain(m.seq) }); return;
      case 'node': this.post({ type: 'delta', delta: m.action === 'crash' ? c.crashNode(m.node) : c.restartNode(m.node) }); return;
      case 'export': return this.export(m.what);
    }
  }

  private async exportText(what: 'trace' | 'report' | 'scenario'): Promise<string> {
    const c = this.controller;
    if (what === 'trace') return c.traceJsonl();
    if (what === 'scenario') return c.scenarioJson();
    return reportHtml({ title: `Job Lab run report: ${c.source.title}`, scenario: c.currentScenario, summary: c.summary(), trace: c.trace, traceHash: traceHash(c.trace) });
  }

  private async export(what: 'trace' | 'report' | 'scenario'): Promise<void> {
    const file = this.controller.source.file;
    const stem = basename(file, extname(file));
    const suffix = what === 'trace' ? '.trace.jsonl' : what === 'report' ? '.report.html' : '.scenario.json';
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(join(dirname(file), stem + suffix)),
      filters: what === 'trace' ? { 'JSON Lines': ['jsonl'] } : what === 'report' ? { HTML: ['html'] } : { 'Scenario JSON': ['json'] },
    });
    if (!target) return;
    const text = await this.exportText(what);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.post({ type: 'status', level: 'info', message: `Saved ${basename(target.fsPath)}` });
  }

  private play(): void {
    const c = this.controller;
    if (c.done) { this.post({ type: 'status', level: 'info', message: 'The run is over: reset or rewind to play again.' }); return; }
    c.running = true;
    this.lastTick = Date.now();
    this.post({ type: 'running', running: true, speed: c.speed });
    this.schedule();
  }

  private pause(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.controller.running) {
      this.controller.running = false;
      this.post({ type: 'running', running: false, speed: this.controller.speed });
    }
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.enqueue(() => this.tick()), TICK_MS);
  }

  private tick(): void {
    const c = this.controller;
    if (!c.running) return;
    const now = Date.now();
    const wall = Math.min(250, now - this.lastTick);
    this.lastTick = now;
    const d = c.speed === 0 ? c.stepMany(2000) : c.advanceBy((c.speed * wall) / 1000);
    this.post({ type: 'delta', delta: d });
    if (d.done) { this.pause(); return; }
    this.schedule();
  }

  /** `__simulatorCommand`: a webview message (validated the same way); exports return their text. */
  private async testCommand(raw: unknown): Promise<unknown> {
    const r = validateSimulatorMessage(raw);
    if (!r.ok) { this.dropped++; this.output.warn(`dropped a malformed test command: ${r.error}`); return { ok: false, error: r.error }; }
    const m = r.message;
    if (m.type === 'export') return { ok: true, text: await this.enqueue(() => this.exportText(m.what)) };
    await this.enqueue(() => this.handle(m));
    return { ok: true, state: this.state() };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (SimulatorPanel.current === this) SimulatorPanel.current = undefined;
    this.pause();
    this.controller.close();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
