/**
 * A table-driven rule tester in the spirit of bpmnlint's RuleTester: every rule test lists valid
 * documents (no finding of that rule) and invalid ones with the exact underlined text, message
 * fragments and the text after applying each quick fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lint, applyEdits } from '../../../../src/bpmn/index';
import type { EngineProfile, RuleId, Severity } from '../../../../src/bpmn/types';

export const CAMUNDA = 'http://camunda.org/schema/1.0/bpmn';

/** Wraps process content into a BPMN document (`camunda:` bound unless `prefix`/`ns` say otherwise). */
export function bpmn(body: string, opts: { processAttrs?: string; prefix?: string; ns?: string } = {}): string {
  const prefix = opts.prefix ?? 'camunda';
  const ns = opts.ns ?? CAMUNDA;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:${prefix}="${ns}" id="D" targetNamespace="http://example.com">
  <bpmn:process id="P" isExecutable="true"${opts.processAttrs ? ' ' + opts.processAttrs : ''}>
${body}
  </bpmn:process>
</bpmn:definitions>
`;
}

export interface ExpectedFix {
  title: string;
  /** Substrings the fixed text must contain. */
  contains?: string[];
  /** Substrings the fixed text must no longer contain. */
  lacks?: string[];
  /** The rule must not report this finding again after the fix (default true). */
  resolves?: boolean;
  preferred?: boolean;
}

export interface ExpectedFinding {
  /** The exact text under the finding's range. */
  text: string;
  message?: string[];
  severity?: Severity;
  elementId?: string;
  fixes?: ExpectedFix[];
}

export interface Case { name: string; xml: string; profile?: EngineProfile }
export interface InvalidCase extends Case { findings: ExpectedFinding[] }

export function ruleTests(id: RuleId, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  const only = (xml: string, profile: EngineProfile = '7.24') => lint(xml, { profile }).filter(f => f.code === id);
  for (const c of cases.valid) {
    test(`${id} valid: ${c.name}`, () => {
      const got = only(c.xml, c.profile);
      assert.deepEqual(got.map(f => `${c.xml.slice(f.range.start, f.range.end)}: ${f.message}`), []);
    });
  }
  for (const c of cases.invalid) {
    test(`${id} invalid: ${c.name}`, () => {
      const got = only(c.xml, c.profile);
      assert.deepEqual(got.map(f => c.xml.slice(f.range.start, f.range.end)), c.findings.map(f => f.text), 'underlined texts');
      c.findings.forEach((exp, i) => {
        const f = got[i];
        for (const m of exp.message ?? []) assert.ok(f.message.includes(m), `message should include ${JSON.stringify(m)}:\n${f.message}`);
        if (exp.severity) assert.equal(f.severity, exp.severity);
        if (exp.elementId) assert.equal(f.elementId, exp.elementId);
        if (exp.fixes) {
          assert.deepEqual(f.fixes.map(x => x.title), exp.fixes.map(x => x.title), 'fix titles');
          exp.fixes.forEach((ef, j) => {
            const fix = f.fixes[j];
            if (ef.preferred !== undefined) assert.equal(!!fix.isPreferred, ef.preferred, `preferred: ${fix.title}`);
            const fixed = applyEdits(c.xml, fix.edits);
            for (const s of ef.contains ?? []) assert.ok(fixed.includes(s), `after "${fix.title}" the text should contain ${JSON.stringify(s)}:\n${fixed}`);
            for (const s of ef.lacks ?? []) assert.ok(!fixed.includes(s), `after "${fix.title}" the text should not contain ${JSON.stringify(s)}`);
            if (ef.resolves !== false) {
              const again = only(fixed, c.profile).filter(g => g.elementId === f.elementId && g.attribute === f.attribute && fixed.slice(g.range.start, g.range.end) === exp.text);
              assert.equal(again.length, 0, `"${fix.title}" should resolve the finding:\n${fixed}`);
            }
          });
        }
      });
    });
  }
}
