/**
 * The host side of every webview's message channel, without `vscode` (issue #8: "every message from a
 * webview is schema-validated and a malformed one is logged and dropped"). What the BPMN editor's and
 * the simulator panel's `webview.onDidReceiveMessage` call: the message is checked with the channel's
 * validator (src/protocol/editor.ts, src/protocol/simulator.ts); a malformed one is logged once and
 * dropped — the handler never sees it; a valid one goes to the handler exactly once, and the handler's
 * failures (thrown or rejected) are logged. Nothing here ever throws back into VS Code's event loop:
 * not a validator bug, not a hostile value (throwing getter, proxy), not a failing logger.
 * Fuzzed in plain Node by test/unit/reliability/message-fuzz.test.ts.
 */
import { describeMessage, validateWebviewMessage, type WebviewMessage } from './protocol/editor';
import { validateSimulatorMessage, type SimulatorWebviewMessage } from './protocol/simulator';

export interface GateLog {
  warn(message: string): void;
  trace(message: string): void;
  error(message: string): void;
}

export type GateResult = 'dropped' | 'handled';

export type GateVerdict<M> = { ok: true; msg: M } | { ok: false; error: string };

/** One webview's protocol as the gate needs it. */
export interface WebviewChannel<M extends { type: string }> {
  /** Names the webview in log lines ("dropped a malformed message from the <name> webview: ..."). */
  readonly name: string;
  /** The protocol's validator. Expected never to throw; the gate copes if it does. */
  validate(raw: unknown): GateVerdict<M>;
  /** A trace-level log line for an accepted message; undefined for none. */
  describe?(msg: M): string | undefined;
  /** Adds a short excerpt of a dropped message (at most ~200 characters) to its log line. */
  readonly excerptDropped?: boolean;
}

/** The BPMN editor webview (src/editor/bpmnEditorProvider.ts). Frequent reports are not traced. */
export const EDITOR_CHANNEL: WebviewChannel<WebviewMessage> = {
  name: 'BPMN editor',
  validate: validateWebviewMessage,
  describe: msg => msg.type === 'rendered' || msg.type === 'markersShown' ? undefined : describeMessage(msg as WebviewMessage & Record<string, unknown>),
};

/** The simulator panel's webview (src/simulation/panel.ts). */
export const SIMULATOR_CHANNEL: WebviewChannel<SimulatorWebviewMessage> = {
  name: 'simulator',
  validate: raw => {
    const r = validateSimulatorMessage(raw);
    return r.ok ? { ok: true, msg: r.message } : r;
  },
  excerptDropped: true,
};

/** Longest validator error quoted in a log line. */
const MAX_ERROR_CHARS = 500;
const MAX_EXCERPT_CHARS = 200;

/** Validates `raw` with the channel's validator and hands a valid message to `handle`. Never throws. */
export function receiveWebviewMessage<M extends { type: string }>(channel: WebviewChannel<M>, raw: unknown, log: GateLog,
  handle: (msg: M) => Promise<void> | void): GateResult {
  let v: GateVerdict<M>;
  try {
    v = channel.validate(raw);
    // Defence in depth: an own key named like a member of Object.prototype ('__proto__', 'constructor',
    // 'toString', ...) is never part of a message; a field checker's `k in fields` test may let it pass.
    if (v.ok && !plainData(raw)) v = { ok: false, error: 'message is not a plain data object (it inherits from a prototype other than Object.prototype)' };
    if (v.ok) {
      const reserved = Object.keys(v.msg).filter(k => Object.prototype.hasOwnProperty.call(Object.prototype, k) || k === 'prototype');
      if (reserved.length) v = { ok: false, error: `message has a reserved field name (${reserved.join(', ')})` };
      else if (typeof v.msg.type !== 'string') v = { ok: false, error: 'type must be a string' };
    }
  } catch (e) { // a validator should not throw (a throwing getter, a proxy, a bug in it); VS Code must not see it
    v = { ok: false, error: `validator failed: ${errorText(e, false)}` };
  }
  if (!v.ok) {
    const error = v.error;
    quietly(() => log.warn(`dropped a malformed message from the ${channel.name} webview: ${clip(String(error), MAX_ERROR_CHARS)}${
      channel.excerptDropped ? ` — ${excerpt(raw, MAX_EXCERPT_CHARS)}` : ''}`));
    return 'dropped';
  }
  const msg = v.msg;
  if (channel.describe) {
    quietly(() => {
      const d = channel.describe!(msg);
      if (d !== undefined) log.trace(`webview -> host: ${d}`);
    });
  }
  const failed = (err: unknown) => quietly(() => log.error(`handling '${msg.type}' failed: ${errorText(err, true)}`));
  try {
    const done = handle(msg);
    if (done) Promise.resolve(done).then(undefined, failed);
  } catch (e) {
    failed(e);
  }
  return 'handled';
}

/**
 * What postMessage delivers is plain data: an object's prototype is null or (some realm's)
 * Object.prototype. A validator that reads `o.type` would otherwise accept fields inherited from a
 * crafted prototype. Non-objects are left to the validator, which rejects them with its own words.
 */
function plainData(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return true;
  const proto: unknown = Object.getPrototypeOf(raw);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function quietly(fn: () => void): void {
  try { fn(); } catch { /* a failing logger must not turn into a throw either */ }
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… <${s.length} chars>` : s;
}

/** The text of a thrown value, whatever it is (an Error, a string, an object whose toString throws). */
function errorText(e: unknown, stack: boolean): string {
  try {
    if (e instanceof Error) return clip(String((stack && e.stack) || e.message), 4000);
    return clip(String(e), MAX_ERROR_CHARS);
  } catch {
    return '<an error that cannot be printed>';
  }
}

/**
 * A short, bounded, JSON-like excerpt of a dropped message for the log: at most `max` characters,
 * three levels deep, long strings cut — a 100,000-deep or 64 MB message costs no more than a small one.
 */
export function excerpt(raw: unknown, max: number): string {
  let out = '';
  const put = (s: string): boolean => { out += s; return out.length < max; };
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === 'string') return put(v.length > 40 ? `${JSON.stringify(v.slice(0, 40))}…<${v.length} chars>` : JSON.stringify(v));
    if (typeof v === 'bigint') return put(`${v}n`);
    if (typeof v === 'function' || typeof v === 'symbol') return put(`<${typeof v}>`);
    if (v === null || typeof v !== 'object') return put(String(v));
    if (depth >= 3) return put(Array.isArray(v) ? `[…]` : '{…}');
    if (Array.isArray(v)) {
      if (!put('[')) return false;
      for (let i = 0; i < v.length; i++) if ((i && !put(',')) || !walk(v[i], depth + 1)) return false;
      return put(']');
    }
    if (!put('{')) return false;
    let first = true;
    for (const k in v) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) continue;
      if ((!first && !put(',')) || !put(`${JSON.stringify(k.length > 40 ? `${k.slice(0, 40)}…` : k)}:`) || !walk((v as Record<string, unknown>)[k], depth + 1)) return false;
      first = false;
    }
    return put('}');
  };
  try {
    walk(raw, 0);
  } catch {
    return out ? `${clip(out, max)} <unreadable>` : '<unreadable>';
  }
  return clip(out, max);
}
