/**
 * The host side of the editor webview's message channel, without `vscode`: what
 * `webview.onDidReceiveMessage` calls. Every message is validated (src/protocol/editor.ts); a
 * malformed one is logged and dropped — the handler never sees it; a valid one goes to the handler,
 * whose failures (thrown or rejected) are logged, never thrown back into VS Code's event loop.
 * Fuzzed in plain Node by test/unit/reliability/message-fuzz.test.ts.
 */
import { describeMessage, validateWebviewMessage, type WebviewMessage } from '../protocol/editor';

export interface GateLog {
  warn(message: string): void;
  trace(message: string): void;
  error(message: string): void;
}

export type GateResult = 'dropped' | 'handled';

/** Validates `raw` and hands a valid message to `handle`. Never throws. */
export function receiveWebviewMessage(raw: unknown, log: GateLog, handle: (msg: WebviewMessage) => Promise<void>): GateResult {
  let v: ReturnType<typeof validateWebviewMessage>;
  try {
    v = validateWebviewMessage(raw);
  } catch (e) { // the validator never throws; a bug in it must not reach VS Code either
    v = { ok: false, error: `validator failed: ${e instanceof Error ? e.message : String(e)}` };
  }
  // Defence in depth: an own key named like a member of Object.prototype ('__proto__', 'constructor',
  // 'toString', ...) is never part of a message; the field checker's `k in fields` test lets them pass.
  if (v.ok && Object.keys(v.msg).some(k => Object.prototype.hasOwnProperty.call(Object.prototype, k) || k === 'prototype')) {
    v = { ok: false, error: `message has a reserved field name (${Object.keys(v.msg).filter(k => k in Object.prototype || k === 'prototype').join(', ')})` };
  }
  if (!v.ok) {
    log.warn(`dropped a malformed message from the BPMN editor webview: ${v.error}`);
    return 'dropped';
  }
  const msg = v.msg;
  if (msg.type !== 'rendered' && msg.type !== 'markersShown') log.trace(`webview -> host: ${describeMessage(msg as WebviewMessage & Record<string, unknown>)}`);
  const failed = (err: unknown) => log.error(`handling '${msg.type}' failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  try {
    handle(msg).catch(failed);
  } catch (e) {
    failed(e);
  }
  return 'handled';
}
