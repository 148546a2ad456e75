/**
 * Shared types of the pure BPMN domain (no `vscode` import). Offsets are UTF-16 code-unit
 * offsets into the document text, the same unit as `TextDocument.positionAt`.
 */

/** A half-open range of offsets [start, end) into the document text. */
export interface TextRange { start: number; end: number }

/** Which engine release's semantics apply (job-executor.md §5: initial retries). */
export type EngineProfile = '7.24' | 'legacy';

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

/** Stable rule ids: each has docs/rules/<id>.md and an entry in the message catalogue. */
export type RuleId =
  | 'xml-malformed'
  | 'job-priority-invalid'
  | 'job-priority-malformed-expression'
  | 'job-priority-no-job'
  | 'job-priority-subprocess-not-inherited'
  | 'retry-cycle-invalid'
  | 'retry-cycle-ignored'
  | 'exclusive-false-parallel-join'
  | 'async-value-not-boolean'
  | 'legacy-async';

/** A text edit expressed in offsets. */
export interface TextEdit { range: TextRange; newText: string }

/** A quick fix: a title and the edits that implement it. */
export interface Fix { title: string; edits: TextEdit[]; isPreferred?: boolean }

/** One diagnostic produced by a rule. */
export interface Finding {
  code: RuleId;
  severity: Severity;
  message: string;
  range: TextRange;
  elementId?: string;
  attribute?: string;
  fixes: Fix[];
}

export interface LintOptions {
  profile: EngineProfile;
  /** Per-rule severity overrides from settings; 'off' disables a rule. */
  severities?: Partial<Record<RuleId, SeveritySetting>>;
}

export interface HoverOptions {
  profile: EngineProfile;
  /** The engine's jobExecutorAcquireByPriority as the user configured it (default false). */
  acquireByPriority: boolean;
}

/** Hover content as Markdown plus the range it applies to. */
export interface HoverResult { markdown: string; range: TextRange }
