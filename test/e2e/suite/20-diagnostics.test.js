'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { SOURCE, openFixture, linted, ruleId, ourDiagnostics, rangeOf, waitFor } = require('./helpers');

const fmt = r => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

suite('diagnostics', () => {
  let doc;
  suiteSetup(async () => {
    ({ doc } = await openFixture());
    await linted(doc);
  });

  test('jobs.bpmn gets exactly the expected findings at the exact ranges', () => {
    const expected = [
      ['job-priority-invalid', rangeOf(doc, 'camunda:jobPriority=" 10"', ' 10'), vscode.DiagnosticSeverity.Error],
      ['job-priority-no-job', rangeOf(doc, 'camunda:jobPriority="5"'), vscode.DiagnosticSeverity.Warning],
      ['legacy-async', rangeOf(doc, 'camunda:async="true"', 'camunda:async'), vscode.DiagnosticSeverity.Warning],
      ['retry-cycle-invalid', rangeOf(doc, 'PT5M,PT1X', 'PT1X'), vscode.DiagnosticSeverity.Error],
      ['retry-cycle-ignored', rangeOf(doc, '<camunda:failedJobRetryTimeCycle>R3/PT10M</camunda:failedJobRetryTimeCycle>'), vscode.DiagnosticSeverity.Warning],
      ['async-value-not-boolean', rangeOf(doc, 'camunda:exclusive="TRUE"', 'TRUE'), vscode.DiagnosticSeverity.Error],
    ].map(([code, range, severity]) => `${code} @${fmt(range)} sev${severity}`).sort();
    const actual = ourDiagnostics(doc.uri).map(d => `${ruleId(d)} @${fmt(d.range)} sev${d.severity}`).sort();
    assert.deepStrictEqual(actual, expected);
  });

  test('each diagnostic has source "Job Lab" and its rule id linked to docs/rules/<id>.md of the extension', () => {
    const diags = ourDiagnostics(doc.uri);
    assert.ok(diags.length > 0);
    for (const d of diags) {
      assert.strictEqual(d.source, SOURCE);
      assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, 'code has a target');
      assert.ok(d.code.target.path.endsWith(`/docs/rules/${d.code.value}.md`), d.code.target.toString());
      assert.ok(d.message.length > 20, 'a real message');
    }
  });

  test('retry-cycle-invalid underlines exactly PT1X', () => {
    const d = ourDiagnostics(doc.uri).find(x => ruleId(x) === 'retry-cycle-invalid');
    assert.ok(d);
    assert.strictEqual(doc.getText(d.range), 'PT1X');
  });

  test('changing the language mode away from bpmn clears the diagnostics, back to bpmn restores them', async () => {
    const uri = doc.uri;
    const xml = await vscode.languages.setTextDocumentLanguage(doc, 'xml');
    assert.strictEqual(xml.languageId, 'xml');
    await waitFor(() => ourDiagnostics(uri).length === 0, 'diagnostics to clear');
    doc = await vscode.languages.setTextDocumentLanguage(xml, 'bpmn');
    await vscode.window.showTextDocument(doc, { preview: false });
    await linted(doc);
    assert.strictEqual(ourDiagnostics(uri).length, 6);
  });
});
