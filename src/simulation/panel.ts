/**
 * The simulator panel: a webview that steps through a simulated cluster run. The simulation runs
 * here, in the extension host (SimulationController); the webview renders what it is sent.
 *
 * Commands: `bpmnJobLab.simulateCluster` (a `.bpmn` or a scenario `.json`), `bpmnJobLab.openExampleScenario`
 * (a quick pick of the shipped examples and cluster stories, or an example id as argument),
 * `bpmnJobLab.runScalingStudy` (a file or the panel's scenario; nodes/threads/profile asked for, or given
 * as `{ nodes, threads, profile }`), and hidden ones for tests: `bpmnJobLab.__simulatorState` (facts to wait on) and
 * `bpmnJobLab.__simulatorCommand` (posts a message as if the webview had sent it; exports return text),
 * and `bpmnJobLab.__simulatorInjectMessage` (a message through the webview's real receive path; returns the verdict).
 * Every message from the webview goes through the message gate (src/webviewMessageGate.ts): validated;
 * malformed ones are logged to the output channel, counted (`dropped`) and dropped.
 *
 * The panel's scenario picker lists the file it was opened on and every example (src/simulation/examples.ts,
 * read from the install folder); choosing one rebuilds the run in the same panel. The scaling study
 * (issue #7) runs in worker threads under a cancellable progress notification; its result is posted as
 * `study` and shown in the panel's Study tab (the last result is posted again after a webview reload).
 *
 * After a window reload VS Code restores the panel through the `WebviewPanelSerializer` registered for
 * `SimulatorPanel.viewType` once the extension is active (the manifest keeps `activationEvents: []`,
 * so activation comes from a restored .bpmn editor or a command; adding
 * `"onWebviewPanel:bpmnJobLab.simulator"` would revive it on its own): the webview's saved state names
 * the file, seed, quick settings and virtual time, and the run is rebuilt and replayed to that time.
 */
import { newNonce } from '../webviewPage';
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import {
  CURRENT_FILE_ID, parseRestoreState, validateSimulatorMessage, type JobRowView, type RestoreInfo, type SimulatorHostMessage, type SimulatorWebviewMessage,
  type StepDelta, type StudyProfile, type StudyView,
} from '../protocol/simulator';
import { SimulationController } from './controller';
import { findExample, listExamples, scenarioChoices, type ExampleEntry } from './examples';
import { parseStudyInput, runPanelStudy, studyListError, STUDY_DEFAULTS, type PanelStudyOptions } from './study';
import { runSourceFromFile } from './fromFile';
import { simulatorHtml } from './html';
import { reportHtml } from './report';
import { traceHash } from '../../simulator/trace';
import { receiveWebviewMessage, SIMULATOR_CHANNEL, type GateResult } from '../webviewMessageGate';

export const SIMULATE_CLUSTER = 'bpmnJobLab.simulateCluster';
export const OPEN_EXAMPLE_SCENARIO = 'bpmnJobLab.openExampleScenario';
export const SIMULATOR_STATE = 'bpmnJobLab.__simulatorState';
export const SIMULATOR_COMMAND = 'bpmnJobLab.__simulatorCommand';
/** Hidden, for tests: `raw` through the webview's real receive path (the message gate); returns the gate's verdict. */
export const SIMULATOR_INJECT_MESSAGE = 'bpmnJobLab.__simulatorInjectMessage';
export const RUN_SCALING_STUDY = 'bpmnJobLab.runScalingStudy';

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
  /** The scenario picker's selection (`file` or an example id) and its number of entries. */
  scenario: string;
  scenarios: number;
  /** The last scaling study: its grid, points, and whether it was posted to a ready webview. */
  study: { nodes: number[]; threads: number[]; points: number; cancelled: boolean; posted: boolean } | null;
  studyRunning: boolean;
  /** The host's ACT_RU_JOB rows, only when asked for with `{ rows: true }`. */
  rows?: JobRowView[];
}

/** The study options a command argument or a webview message gives (checked with the protocol's validator). */
function studyArgs(raw: unknown): Partial<PanelStudyOptions> | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || raw instanceof vscode.Uri) return undefined;
  const r = validateSimulatorMessage({ ...(raw as Record<string, unknown>), type: 'runStudy' });
  if (!r.ok) throw new Error(`Run Scaling Study: ${r.error}`);
  const m = r.message as Extract<SimulatorWebviewMessage, { type: 'runStudy' }>;
  return { ...(m.nodes ? { nodes: m.nodes } : {}), ...(m.threads ? { threads: m.threads } : {}), ...(m.profile ? { profile: m.profile } : {}) };
}

/** Wall-clock ms between play ticks. */
const TICK_MS = 40;

export class SimulatorPanel implements vscode.Disposable {
  static readonly viewType = 'bpmnJobLab.simulator';
  private static current: SimulatorPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The resource-limit message already shown (so a paused, finished run does not repeat it). */
  private limitReported: string | null = null;
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
      vscode.commands.registerCommand(OPEN_EXAMPLE_SCENARIO, async (arg?: unknown): Promise<string | undefined> => {
        const list = await listExamples(context.extensionUri.fsPath);
        if (!list.length) { void vscode.window.showErrorMessage('No example scenarios are installed with the extension.'); return undefined; }
        let entry: ExampleEntry | undefined;
        if (typeof arg === 'string') {
          // For tests and keybindings: an example id (examples/stories/3-node-crash-lock-30s.json) or file name.
          entry = findExample(list, arg);
          if (!entry) {
            void vscode.window.showErrorMessage(`Open Example Scenario: no example '${arg}' (have: ${list.map(e => e.label).join(', ')}).`);
            return undefined;
          }
        } else {
          entry = await pickExample(list);
        }
        if (!entry) return undefined;
        try {
          await SimulatorPanel.open(context, output, entry.file, entry.id);
        } catch (e) {
          output.error(`cannot simulate ${entry.file}: ${(e as Error).message}`);
          void vscode.window.showErrorMessage(`Open Example Scenario: ${(e as Error).message}`);
          return undefined;
        }
        return entry.file;
      }),
      vscode.commands.registerCommand(RUN_SCALING_STUDY, async (target?: unknown, args?: unknown): Promise<StudyView | undefined> => {
        let given: Partial<PanelStudyOptions> | undefined;
        try { given = studyArgs(args) ?? studyArgs(target); } catch (e) { void vscode.window.showErrorMessage((e as Error).message); return undefined; }
        const uri = target instanceof vscode.Uri ? target : undefined;
        let p = SimulatorPanel.current;
        const file = uri ?? (p ? undefined : vscode.window.activeTextEditor?.document.uri);
        if (file) {
          if (file.scheme !== 'file') { void vscode.window.showErrorMessage('Run Scaling Study: open a .bpmn file or a scenario .json file first.'); return undefined; }
          if (!p || p.controller.source.file !== file.fsPath) {
            try {
              p = await SimulatorPanel.open(context, output, file.fsPath);
            } catch (e) {
              output.error(`cannot study ${file.fsPath}: ${(e as Error).message}`);
              void vscode.window.showErrorMessage(`Run Scaling Study: ${(e as Error).message}`);
              return undefined;
            }
          }
        }
        if (!p) { void vscode.window.showErrorMessage('Run Scaling Study: open a .bpmn file or a scenario .json file first (or the simulator panel).'); return undefined; }
        return p.runStudy(given ?? {});
      }),
      vscode.commands.registerCommand(SIMULATOR_STATE, (opts?: { rows?: boolean }): SimulatorPanelState => SimulatorPanel.current?.state(opts?.rows === true) ?? {
        open: false, ready: false, file: null, now: 0, steps: 0, done: false, running: false, events: 0, jobs: 0, lastEvent: null, traceHash: null, messagesPosted: 0, dropped: 0,
        scenario: CURRENT_FILE_ID, scenarios: 0, study: null, studyRunning: false,
      }),
      vscode.commands.registerCommand(SIMULATOR_COMMAND, async (raw: unknown) => {
        const p = SimulatorPanel.current;
        if (!p) throw new Error('no simulator panel is open');
        return p.testCommand(raw);
      }),
      vscode.commands.registerCommand(SIMULATOR_INJECT_MESSAGE, (raw: unknown): GateResult | 'no panel' => SimulatorPanel.current?.receive(raw) ?? 'no panel'),
      { dispose: () => SimulatorPanel.current?.dispose() },
    );
  }

  private static async open(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, file: string, selected?: string): Promise<SimulatorPanel> {
    const source = await runSourceFromFile(file);
    const controller = await SimulationController.create(source);
    SimulatorPanel.current?.dispose();
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    const panel = vscode.window.createWebviewPanel(SimulatorPanel.viewType, `Simulate: ${source.title}`, vscode.ViewColumn.Beside,
      { enableScripts: true, localResourceRoots: [dist] });
    const p = SimulatorPanel.attach(context, output, panel, controller, selected);
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
  private static attach(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, panel: vscode.WebviewPanel, controller: SimulationController, selected?: string): SimulatorPanel {
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    const p = new SimulatorPanel(panel, controller, output, context.extensionUri.fsPath, selected);
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

  /** The file the panel was opened on: the picker's "current file". */
  private readonly origin: string;
  /** The picker's selection: CURRENT_FILE_ID or an example id. */
  private selected: string;
  private examples: ExampleEntry[] = [];
  private lastStudy: StudyView | null = null;
  private studyPosted = false;
  private studyAbort: AbortController | null = null;

  private constructor(private readonly panel: vscode.WebviewPanel, private controller: SimulationController, private readonly output: vscode.LogOutputChannel,
    private readonly installRoot: string, selected?: string) {
    this.origin = controller.source.file;
    this.selected = selected ?? CURRENT_FILE_ID;
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
      scenario: this.selected, scenarios: this.examples.length + 1,
      study: this.lastStudy && { nodes: this.lastStudy.nodes, threads: this.lastStudy.threads, points: this.lastStudy.points.length, cancelled: this.lastStudy.cancelled, posted: this.studyPosted },
      studyRunning: this.studyAbort !== null,
      ...(withRows ? { rows } : {}),
    };
  }

  private post(m: SimulatorHostMessage): boolean {
    if (!this.ready && m.type !== 'init') return false; // the webview asks for a full state with `ready`
    this.posted++;
    void this.panel.webview.postMessage(m);
    return true;
  }

  /** The examples (read once per panel from the install folder) and the picker's entries. */
  private async postScenarios(): Promise<void> {
    if (!this.examples.length) {
      this.examples = await listExamples(this.installRoot);
      // Opened on an example by its path (explorer, restore): select its entry rather than "current file".
      if (this.selected === CURRENT_FILE_ID) this.selected = this.examples.find(e => e.file === this.origin)?.id ?? CURRENT_FILE_ID;
    }
    this.post({ type: 'scenarios', items: scenarioChoices(this.origin, this.examples), selected: this.selected });
  }

  /** The picker's choice: rebuilds the run in this panel (the old run stays when the new one cannot be built). */
  private async switchScenario(id: string): Promise<void> {
    if (!this.examples.length) this.examples = await listExamples(this.installRoot);
    const file = id === CURRENT_FILE_ID ? this.origin : this.examples.find(e => e.id === id)?.file;
    try {
      if (!file) throw new Error(`no example '${id}' is installed with the extension`);
      this.pause();
      const controller = await SimulationController.create(await runSourceFromFile(file));
      this.controller.close();
      this.controller = controller;
      this.selected = id;
      this.panel.title = `Simulate: ${controller.source.title}`;
      this.output.info(`switched the simulator panel to ${file}`);
      this.post({ type: 'init', state: controller.fullState() });
    } finally {
      await this.postScenarios();
    }
  }

  /** What the webview's onDidReceiveMessage calls: validate, log and drop, or dispatch (src/webviewMessageGate.ts). Never throws. */
  private receive(raw: unknown): GateResult {
    const r = receiveWebviewMessage(SIMULATOR_CHANNEL, raw, this.output, m => { this.enqueue(() => this.handle(m)); });
    if (r === 'dropped') this.dropped++;
    return r;
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
        await this.postScenarios();
        if (this.lastStudy) this.studyPosted = this.post({ type: 'study', study: this.lastStudy });
        return;
      case 'openScenario': return this.switchScenario(m.id);
      case 'runStudy':
        // Not queued: the study runs in workers for a while; the panel stays usable meanwhile.
        void this.runStudy(m);
        return;
      case 'control':
        switch (m.action) {
          case 'step': this.pause(); this.postDelta(c.step()); return;
          case 'stepAcquisition': this.pause(); this.postDelta(c.stepToAcquisition()); return;
          case 'play': this.play(); return;
          case 'pause': this.pause(); return;
          case 'reset': this.pause(); this.post({ type: 'init', state: await c.reset() }); return;
        }
        return;
      case 'speed':
        c.speed = m.speed;
        this.post({ type: 'running', running: c.running, speed: c.speed });
        return;
      case 'runTo': this.pause(); this.postDelta(c.runTo(m.t)); return;
      case 'rewind': this.pause(); this.post({ type: 'init', state: await c.rewind(m.checkpoint) }); return;
      case 'applySettings': this.pause(); this.post({ type: 'init', state: await c.applySettings(m.seed, m.settings) }); return;
      case 'explain': this.post({ type: 'explanation', explanation: await c.explain(m.seq) }); return;
      case 'node': this.postDelta(m.action === 'crash' ? c.crashNode(m.node) : c.restartNode(m.node)); return;
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

  /** Posts a step's delta; a run ended by a resource limit (limits.*) also gets the limit's message as an error. */
  private postDelta(d: StepDelta): void {
    this.post({ type: 'delta', delta: d });
    const error = this.controller.error;
    if (error === null) this.limitReported = null; // reset or rewound: a new hit is shown again
    else if (d.done && error !== this.limitReported) {
      this.limitReported = error;
      this.post({ type: 'status', level: 'error', message: error });
    }
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
    this.postDelta(d);
    if (d.done) { this.pause(); return; }
    this.schedule();
  }

  // ---- scaling study ----------------------------------------------------------------------------------

  /**
   * Runs a scaling study of the scenario shown (quick settings applied): asks for what `given` lacks,
   * runs it under a cancellable progress notification and posts the result to the Study tab.
   */
  async runStudy(given: Partial<PanelStudyOptions>): Promise<StudyView | undefined> {
    if (this.studyAbort) { void vscode.window.showInformationMessage('A scaling study is already running in this panel.'); return undefined; }
    const opts = given.nodes && given.threads ? { nodes: given.nodes, threads: given.threads, profile: given.profile ?? STUDY_DEFAULTS.profile } : await askStudyOptions(given);
    if (!opts || this.disposed) return undefined;
    const c = this.controller;
    const input = { scenario: structuredClone(c.currentScenario), bpmn: c.source.prepared.bpmn, title: c.source.title, file: c.source.file };
    const total = new Set(opts.nodes).size * new Set(opts.threads).size;
    const worker = join(this.installRoot, 'dist', 'study-worker.js');
    const abort = new AbortController();
    this.studyAbort = abort;
    this.post({ type: 'studyProgress', done: 0, total });
    this.output.info(`scaling study of ${input.file}: nodes ${opts.nodes.join(',')} × threads ${opts.threads.join(',')} (${opts.profile}, ${total} points)`);
    try {
      const view = await vscode.window.withProgress({
        location: vscode.ProgressLocation.Notification, title: `Scaling study of ${input.title}`, cancellable: true,
      }, async (progress, token) => {
        token.onCancellationRequested(() => abort.abort());
        progress.report({ message: `0 of ${total} points` });
        return runPanelStudy(input, opts, {
          signal: abort.signal,
          clock: () => performance.now(),
          ...(existsSync(worker) ? { workerPath: worker } : {}),
          onProgress: (done, all, p) => {
            progress.report({ increment: 100 / all, message: `${done} of ${all} points (last: ${p.nodes} nodes × ${p.threads} threads)` });
            this.post({ type: 'studyProgress', done, total: all });
          },
        });
      });
      if (this.disposed) return view;
      this.lastStudy = view;
      this.studyPosted = this.post({ type: 'study', study: view });
      this.output.info(`scaling study of ${input.file}: ${view.points.length} points${view.cancelled ? ' (cancelled)' : ''} in ${view.elapsedMs ?? '?'} ms (${view.execution})`);
      return view;
    } catch (e) {
      const msg = (e as Error).message;
      this.output.error(`scaling study of ${input.file} failed: ${String((e as Error)?.stack ?? e)}`);
      this.post({ type: 'studyProgress', done: total, total });
      this.post({ type: 'status', level: 'error', message: `Scaling study failed: ${msg}` });
      void vscode.window.showErrorMessage(`Scaling study failed: ${msg}`);
      return undefined;
    } finally {
      this.studyAbort = null;
    }
  }

  /** `__simulatorCommand`: a webview message (validated the same way); exports return their text. */
  private async testCommand(raw: unknown): Promise<unknown> {
    const r = validateSimulatorMessage(raw);
    if (!r.ok) { this.dropped++; this.output.warn(`dropped a malformed test command: ${r.error}`); return { ok: false, error: r.error }; }
    const m = r.message;
    if (m.type === 'export') return { ok: true, text: await this.enqueue(() => this.exportText(m.what)) };
    if (m.type === 'runStudy') return { ok: true, study: await this.runStudy(m) };
    await this.enqueue(() => this.handle(m));
    return { ok: true, state: this.state() };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (SimulatorPanel.current === this) SimulatorPanel.current = undefined;
    this.studyAbort?.abort();
    this.pause();
    this.controller.close();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

// ---- quick inputs --------------------------------------------------------------------------------------

interface ExampleItem extends vscode.QuickPickItem { entry?: ExampleEntry }
const DOC_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('book'), tooltip: 'Open the story\'s page' };

/** Shows a story's page (markdown preview; the plain text when the preview is not available). */
async function openDocPage(file: string): Promise<void> {
  const uri = vscode.Uri.file(file);
  try { await vscode.commands.executeCommand('markdown.showPreview', uri); } catch { await vscode.window.showTextDocument(uri, { preview: true }); }
}

/** The "Open Example Scenario…" quick pick: examples, then stories (with a button to each story's page). */
function pickExample(list: readonly ExampleEntry[]): Promise<ExampleEntry | undefined> {
  const items: ExampleItem[] = [];
  for (const [group, title] of [['examples', 'Examples'], ['stories', 'Cluster stories (docs/scenarios)'], ['scaling', 'Scaling studies (Run Scaling Study on them)']] as const) {
    const entries = list.filter(e => e.group === group);
    if (!entries.length) continue;
    items.push({ label: title, kind: vscode.QuickPickItemKind.Separator });
    for (const e of entries) {
      items.push({
        label: e.label,
        description: e.story !== undefined ? `Story ${e.story}${e.storyTitle ? `: ${e.storyTitle}` : ''}` : undefined,
        detail: e.description || undefined,
        buttons: e.docPage ? [DOC_BUTTON] : [],
        entry: e,
      });
    }
  }
  const qp = vscode.window.createQuickPick<ExampleItem>();
  qp.title = 'Open Example Scenario';
  qp.placeholder = 'Example scenario or cluster story to simulate';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.items = items;
  return new Promise(resolve => {
    let done = false;
    const finish = (e: ExampleEntry | undefined) => { if (!done) { done = true; resolve(e); qp.dispose(); } };
    qp.onDidTriggerItemButton(ev => { if (ev.item.entry?.docPage) void openDocPage(ev.item.entry.docPage); });
    qp.onDidAccept(() => finish(qp.selectedItems[0]?.entry));
    qp.onDidHide(() => finish(undefined));
    qp.show();
  });
}

/** Asks for the study's node counts, thread counts and executor profile (defaults from issue #7). */
async function askStudyOptions(given: Partial<PanelStudyOptions>): Promise<PanelStudyOptions | undefined> {
  const ask = async (which: 'nodes' | 'threads', step: number): Promise<string | undefined> => {
    const preset = given[which];
    if (preset) return preset.join(',');
    return vscode.window.showInputBox({
      title: `Scaling study (${step}/3): ${which === 'nodes' ? 'cluster sizes' : 'threads per node'}`,
      value: STUDY_DEFAULTS[which],
      prompt: which === 'nodes' ? 'Node counts to run: a range like 1..4, a list like 1,2,4,8, or both (1..4,8)' : 'Job-executor threads per node: a list like 1,5,10,20 or a range like 1..8',
      ignoreFocusOut: true,
      validateInput: t => studyListError(which, t),
    });
  };
  const nodes = await ask('nodes', 1);
  if (nodes === undefined) return undefined;
  const threads = await ask('threads', 2);
  if (threads === undefined) return undefined;
  let lists: { nodes: number[]; threads: number[] };
  try { lists = parseStudyInput(nodes, threads); } catch (e) { void vscode.window.showErrorMessage(`Scaling study: ${(e as Error).message}`); return undefined; }
  let profile: StudyProfile | undefined = given.profile;
  if (!profile) {
    const pick = await vscode.window.showQuickPick([
      { label: 'camunda' as const, description: 'Camunda 7 job executor: acquisition thread + thread pool per node', picked: true },
      { label: 'jbpm3' as const, description: 'jBPM 3 job executor: N threads polling the job table' },
    ], { title: 'Scaling study (3/3): executor profile', placeHolder: 'camunda' });
    if (!pick) return undefined;
    profile = pick.label;
  }
  return { ...lists, profile };
}
