/**
 * Findings per open document, computed once per (document version, settings) and shared by the
 * diagnostics and the quick fixes, so a code action request never lints again for the same text.
 */
import * as vscode from 'vscode';
import { lint, type Finding } from '../bpmn/index';
import { lintOptions, lintOptionsKey } from './settings';

export const BPMN_LANGUAGE = 'bpmn';

interface Entry { version: number; optionsKey: string; findings: Finding[] }

export class FindingsCache {
  private readonly entries = new Map<string, Entry>();

  /** Findings for the document's current version and the current settings. */
  get(document: vscode.TextDocument): Finding[] {
    const key = document.uri.toString();
    const opts = lintOptions(document.uri);
    const optionsKey = lintOptionsKey(opts);
    const hit = this.entries.get(key);
    if (hit && hit.version === document.version && hit.optionsKey === optionsKey) return hit.findings;
    const findings = lint(document.getText(), opts);
    this.entries.set(key, { version: document.version, optionsKey, findings });
    return findings;
  }

  delete(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
  }

  clear(): void {
    this.entries.clear();
  }
}

export function isBpmn(document: vscode.TextDocument): boolean {
  return document.languageId === BPMN_LANGUAGE;
}

/** Offsets → a VS Code range through the document (or any `positionAt`). */
export function toRange(doc: Pick<vscode.TextDocument, 'positionAt'>, range: { start: number; end: number }): vscode.Range {
  return new vscode.Range(doc.positionAt(range.start), doc.positionAt(range.end));
}
