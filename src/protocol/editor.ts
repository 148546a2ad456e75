/**
 * The message protocol between the BPMN editor's extension host side (src/editor) and its
 * webview (webview/editor). PURE: no `vscode`, no DOM — both runtimes import it.
 *
 * One discriminated union per direction. Every message the host receives goes through
 * `validateWebviewMessage` before it is acted on; the webview checks what it receives with
 * `validateHostMessage`. The validators are hand-written (no schema library) and reject unknown
 * types, missing or mistyped fields and oversized payloads.
 *
 * Versions are `TextDocument.version` numbers: the webview always says which document version its
 * diagram was imported from, so the host can tell its own edits from stale ones.
 */

export type FindingSeverity = 'error' | 'warning' | 'info' | 'hint';

/** A finding of the host's `lint()`, reduced to what the diagram needs. Same message as the Problems panel. */
export interface EditorFinding {
  /** Stable rule id, e.g. `job-priority-invalid`. */
  code: string;
  severity: FindingSeverity;
  message: string;
  /** The BPMN element the finding is about; findings without one are listed in the banner only. */
  elementId?: string;
  /** The attribute the finding is about, e.g. `camunda:jobPriority`, for the properties panel. */
  attribute?: string;
  /** 1-based line of the finding's range start (for the banner and tooltips). */
  line: number;
}

/** One job the engine creates for an element, as `explainElements` explains it. */
export interface BadgeJob {
  /** `async-before` | `async-after` | `timer` | `async-signal-throw` (open for new kinds). */
  kind: string;
  /** The effective priority as the engine would compute it: a number, or the expression text. */
  priority: string;
  /** Where the priority comes from, e.g. `activity`, `process`, `default`. */
  prioritySource: string;
  exclusive: boolean;
}

/** Job facts of one job-creating element: drawn as a priority badge and async-boundary marks. */
export interface ElementBadge {
  elementId: string;
  asyncBefore: boolean;
  asyncAfter: boolean;
  jobs: BadgeJob[];
}

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

// ---- host -> webview --------------------------------------------------------------------------

export type HostMessage =
  /** The full state, sent in answer to every `ready` (also after the tab was hidden and shown again). */
  | { type: 'init'; text: string; version: number; findings: EditorFinding[]; badges: ElementBadge[]; theme: ThemeKind }
  /** The document text changed from elsewhere (text editor, git, undo): re-import. */
  | { type: 'update'; text: string; version: number }
  /** The document now has `version` and its text is exactly the webview's last `edit`: nothing to import. */
  | { type: 'synced'; version: number }
  | { type: 'findings'; version: number; findings: EditorFinding[] }
  | { type: 'badges'; version: number; badges: ElementBadge[] }
  | { type: 'theme'; kind: ThemeKind }
  /** Show or hide the job badges (the toggle command). */
  | { type: 'toggleBadges' }
  /** Test hook: toggle `camunda:asyncBefore` of an element through the modeling API; answered by `testResult`. */
  | { type: 'testToggleAsync'; requestId: number; elementId: string }
  /** Test hook: the diagram as the modeler serialises it now (`saveXML`); answered by `testResult` with `xml` and `version`. */
  | { type: 'testExportXml'; requestId: number };

// ---- webview -> host --------------------------------------------------------------------------

export interface ImportError {
  message: string;
  /** 1-based line of the XML error, when the parser said. */
  line?: number;
}

export type WebviewMessage =
  /** The webview listens and wants `init`. Posted last, after everything is set up. */
  | { type: 'ready' }
  /** The diagram changed: the whole document text as the modeler serialises it. */
  | { type: 'edit'; text: string; baseVersion: number }
  /** An import finished (successfully or not). On failure the diagram keeps the last good import. */
  | { type: 'imported'; version: number; ok: boolean; millis: number; elementCount: number; error?: ImportError }
  /** What the diagram currently shows, after findings/badges were drawn. */
  | { type: 'rendered'; version: number; findingsShown: number; badgesShown: number; badgesVisible: boolean }
  /**
   * The ids of the elements that carry a finding marker right now, read from the diagram after the
   * markers were drawn (posted with every `rendered`). `findingsVersion` is the document version
   * of the findings drawn (`init`/`findings`), so a test can tell stale markers from current ones.
   */
  | { type: 'markersShown'; version: number; findingsVersion: number; elementIds: string[] }
  | { type: 'undo' }
  | { type: 'redo' }
  /** Reveal the element (or one of its findings) in the text editor. */
  | { type: 'revealRange'; elementId: string; code?: string }
  | { type: 'openAsText' }
  | { type: 'error'; message: string }
  | { type: 'testResult'; requestId: number; ok: boolean; error?: string; xml?: string; version?: number };

export type ValidationResult<T> = { ok: true; msg: T } | { ok: false; error: string };

/** Documents larger than this are not accepted through the message channel. */
export const MAX_TEXT_LENGTH = 64 * 1024 * 1024;
const MAX_SHORT = 4096;
const MAX_ITEMS = 100_000;

// ---- a tiny hand-written checker --------------------------------------------------------------

type Check = (v: unknown, path: string) => string | undefined;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (max = MAX_SHORT, min = 0): Check => (v, p) =>
  typeof v !== 'string' ? `${p} must be a string` : v.length > max ? `${p} is too long (${v.length} > ${max})` : v.length < min ? `${p} must not be empty` : undefined;
const int = (min = 0): Check => (v, p) =>
  typeof v !== 'number' || !Number.isSafeInteger(v) || v < min ? `${p} must be an integer >= ${min}` : undefined;
const num: Check = (v, p) => (typeof v !== 'number' || !Number.isFinite(v) || v < 0 ? `${p} must be a non-negative number` : undefined);
const bool: Check = (v, p) => (typeof v !== 'boolean' ? `${p} must be a boolean` : undefined);
const oneOf = (...values: string[]): Check => (v, p) => (typeof v !== 'string' || !values.includes(v) ? `${p} must be one of ${values.join(', ')}` : undefined);
const optional = (c: Check): Check => (v, p) => (v === undefined ? undefined : c(v, p));
const arrayOf = (c: Check): Check => (v, p) => {
  if (!Array.isArray(v)) return `${p} must be an array`;
  if (v.length > MAX_ITEMS) return `${p} has too many items`;
  for (let i = 0; i < v.length; i++) { const e = c(v[i], `${p}[${i}]`); if (e) return e; }
  return undefined;
};
const object = (fields: Record<string, Check>): Check => (v, p) => {
  if (!isObj(v)) return `${p} must be an object`;
  for (const [k, c] of Object.entries(fields)) { const e = c(v[k], `${p}.${k}`); if (e) return e; }
  for (const k of Object.keys(v)) if (!Object.prototype.hasOwnProperty.call(fields, k)) return `${p} has an unknown field '${k}'`;
  return undefined;
};

const elementId = str(1024, 1);
const text = str(MAX_TEXT_LENGTH);

const finding = object({
  code: str(200, 1), severity: oneOf('error', 'warning', 'info', 'hint'), message: str(MAX_SHORT),
  elementId: optional(elementId), attribute: optional(str(200)), line: int(1),
});
const badge = object({
  elementId, asyncBefore: bool, asyncAfter: bool,
  jobs: arrayOf(object({ kind: str(100, 1), priority: str(MAX_SHORT), prioritySource: str(200), exclusive: bool })),
});
const theme = oneOf('light', 'dark', 'high-contrast', 'high-contrast-light');

const WEBVIEW_MESSAGES: Record<WebviewMessage['type'], Record<string, Check>> = {
  ready: {},
  edit: { text, baseVersion: int(0) },
  imported: {
    version: int(0), ok: bool, millis: num, elementCount: int(0),
    error: optional(object({ message: str(MAX_SHORT), line: optional(int(1)) })),
  },
  rendered: { version: int(0), findingsShown: int(0), badgesShown: int(0), badgesVisible: bool },
  markersShown: { version: int(0), findingsVersion: int(0), elementIds: arrayOf(elementId) },
  undo: {},
  redo: {},
  revealRange: { elementId, code: optional(str(200, 1)) },
  openAsText: {},
  error: { message: str(MAX_SHORT) },
  testResult: { requestId: int(0), ok: bool, error: optional(str(MAX_SHORT)), xml: optional(text), version: optional(int(0)) },
};

const HOST_MESSAGES: Record<HostMessage['type'], Record<string, Check>> = {
  init: { text, version: int(0), findings: arrayOf(finding), badges: arrayOf(badge), theme },
  update: { text, version: int(0) },
  synced: { version: int(0) },
  findings: { version: int(0), findings: arrayOf(finding) },
  badges: { version: int(0), badges: arrayOf(badge) },
  theme: { kind: theme },
  toggleBadges: {},
  testToggleAsync: { requestId: int(0), elementId },
  testExportXml: { requestId: int(0) },
};

function validate<T>(raw: unknown, table: Record<string, Record<string, Check>>): ValidationResult<T> {
  if (!isObj(raw)) return { ok: false, error: 'message must be an object' };
  const type = raw.type;
  if (typeof type !== 'string') return { ok: false, error: 'message.type must be a string' };
  if (!Object.prototype.hasOwnProperty.call(table, type)) return { ok: false, error: `unknown message type '${type.slice(0, 100)}'` };
  const error = object({ type: str(100), ...table[type] })(raw, type);
  return error ? { ok: false, error } : { ok: true, msg: raw as T };
}

/** Checks a message the host received from the webview. Never throws. */
export function validateWebviewMessage(raw: unknown): ValidationResult<WebviewMessage> {
  return validate<WebviewMessage>(raw, WEBVIEW_MESSAGES);
}

/** Checks a message the webview received from the host. Never throws. */
export function validateHostMessage(raw: unknown): ValidationResult<HostMessage> {
  return validate<HostMessage>(raw, HOST_MESSAGES);
}

/** A short description of a message for logs (never the whole document text). */
export function describeMessage(msg: { type: string } & Record<string, unknown>): string {
  const parts = Object.entries(msg).filter(([k]) => k !== 'type').map(([k, v]) =>
    typeof v === 'string' ? `${k}=${v.length > 40 ? `<${v.length} chars>` : JSON.stringify(v)}` : Array.isArray(v) ? `${k}=[${v.length}]` : `${k}=${JSON.stringify(v)}`);
  return `${msg.type}${parts.length ? ` ${parts.join(' ')}` : ''}`;
}
