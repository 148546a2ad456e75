/**
 * What the editor shows from the domain: `lint()` findings (the same texts as the Problems panel)
 * and `explainElements()` job facts, reduced to the protocol's shapes. PURE apart from the domain
 * facade (no vscode), so it can be tested and swapped (the provider takes an `EditorAnalyzer`).
 */
import { explainElements, lint, LineIndex, type EngineProfile, type SeveritySetting, type RuleId } from '../bpmn/index';
import type { BadgeJob, EditorFinding, ElementBadge } from '../protocol/editor';

export interface AnalysisOptions {
  profile: EngineProfile;
  severities?: Record<string, string>;
}

/** A finding's offsets, kept on the host side for "reveal in text". */
export interface FindingRange { elementId: string; code: string; start: number; end: number }

export interface EditorAnalysis {
  findings: EditorFinding[];
  badges: ElementBadge[];
  ranges: FindingRange[];
}

export interface EditorAnalyzer {
  analyze(text: string, opts: AnalysisOptions): EditorAnalysis;
}

export function domainAnalyzer(): EditorAnalyzer {
  return {
    analyze(text, opts) {
      const lines = new LineIndex(text);
      const findings: EditorFinding[] = [];
      const ranges: FindingRange[] = [];
      for (const f of lint(text, { profile: opts.profile, severities: (opts.severities ?? {}) as Partial<Record<RuleId, SeveritySetting>> })) {
        const line = lineOf(lines, f.range.start);
        const ef: EditorFinding = { code: f.code, severity: f.severity, message: f.message, line };
        if (f.elementId) { ef.elementId = f.elementId; ranges.push({ elementId: f.elementId, code: f.code, start: f.range.start, end: f.range.end }); }
        if (f.attribute) ef.attribute = f.attribute;
        findings.push(ef);
      }
      let badges: ElementBadge[] = [];
      try {
        badges = toBadges(explainElements(text, { profile: opts.profile }) as unknown[]);
      } catch {
        badges = [];  // explain never blocks the findings
      }
      return { findings, badges, ranges };
    },
  };
}

/** 1-based line (LineIndex is 0-based, like VS Code positions). */
const lineOf = (lines: LineIndex, offset: number): number => lines.position(offset).line + 1;

type Loose = Record<string, unknown>;
const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null;
const strOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * Maps `explainElements` output to badges. Written against the documented facts (element id,
 * jobs with kind, exclusive and a priority resolution {value, source, expression}) and tolerant of
 * field names, so a change there degrades to fewer badges rather than a broken editor.
 */
export function toBadges(explained: unknown[]): ElementBadge[] {
  const out: ElementBadge[] = [];
  for (const e of explained) {
    if (!isObj(e)) continue;
    const elementId = strOf(e.elementId) ?? strOf(e.id) ?? (isObj(e.node) ? strOf(e.node.id) : undefined);
    const jobsRaw = Array.isArray(e.jobs) ? e.jobs : [];
    if (!elementId || jobsRaw.length === 0) continue;
    const jobs: BadgeJob[] = [];
    for (const j of jobsRaw) {
      if (!isObj(j)) continue;
      const decl = isObj(j.declaration) ? j.declaration : j;
      const kind = strOf(j.kind) ?? strOf(decl.kind) ?? 'job';
      const pr = isObj(j.priority) ? j.priority : isObj(j.resolution) ? j.resolution : undefined;
      let priority = '0', source = 'default';
      if (pr) {
        priority = pr.value === null || pr.value === undefined ? (strOf(pr.expression) ?? '?') : strOf(pr.value) ?? '?';
        source = strOf(pr.source) ?? source;
      } else if (j.priority !== undefined) {
        priority = strOf(j.priority) ?? '?';
        source = strOf(j.prioritySource) ?? source;
      }
      const exclusive = typeof j.exclusive === 'boolean' ? j.exclusive : typeof decl.exclusive === 'boolean' ? decl.exclusive : true;
      jobs.push({ kind, priority, prioritySource: source, exclusive });
    }
    if (!jobs.length) continue;
    out.push({
      elementId,
      asyncBefore: jobs.some(j => j.kind === 'async-before'),
      asyncAfter: jobs.some(j => j.kind === 'async-after'),
      jobs,
    });
  }
  return out;
}
