/**
 * The extension's settings as the pure domain wants them (`bpmnJobLab.*`), read per document so
 * folder-level settings apply. Unknown values fall back to the defaults of package.json.
 */
import * as vscode from 'vscode';
import type { EngineProfile, HoverOptions, LintOptions, RuleId, SeveritySetting } from '../bpmn/index';

export const SECTION = 'bpmnJobLab';
const SEVERITY_SETTINGS: ReadonlySet<string> = new Set(['error', 'warning', 'info', 'hint', 'off']);

function config(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION, scope);
}

export function engineProfile(scope?: vscode.ConfigurationScope): EngineProfile {
  return config(scope).get<string>('engineProfile') === 'legacy' ? 'legacy' : '7.24';
}

/** `bpmnJobLab.rules`, keeping only entries whose value is a known severity setting. */
export function ruleSeverities(scope?: vscode.ConfigurationScope): Partial<Record<RuleId, SeveritySetting>> {
  const raw = config(scope).get<unknown>('rules');
  const out: Partial<Record<RuleId, SeveritySetting>> = {};
  if (raw && typeof raw === 'object') {
    for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
      if (typeof value === 'string' && SEVERITY_SETTINGS.has(value)) out[id as RuleId] = value as SeveritySetting;
    }
  }
  return out;
}

export function lintOptions(scope?: vscode.ConfigurationScope): LintOptions {
  return { profile: engineProfile(scope), severities: ruleSeverities(scope) };
}

export function hoverOptions(scope?: vscode.ConfigurationScope): HoverOptions {
  return { profile: engineProfile(scope), acquireByPriority: config(scope).get<boolean>('jobExecutorAcquireByPriority') === true };
}

/** A stable key of the options, so cached findings are recomputed when a setting changes. */
export function lintOptionsKey(opts: LintOptions): string {
  const sev = opts.severities ?? {};
  return JSON.stringify([opts.profile, Object.keys(sev).sort().map(k => [k, sev[k as RuleId]])]);
}

/** True when a configuration change can change findings or hovers. */
export function affectsJobLab(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
