'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { openFixture, linted, rangeOf, hoverText } = require('./helpers');

suite('hover', () => {
  let doc;
  suiteSetup(async () => {
    ({ doc } = await openFixture());
    await linted(doc);
  });

  async function hoverAtJobPriorityOfChargeCard() {
    const range = rangeOf(doc, 'camunda:jobPriority=" 10"', 'jobPriority');
    const pos = range.start.translate(0, 3);
    return hoverText(await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, pos));
  }

  test('camunda:jobPriority of the service task explains the priority precedence', async () => {
    const text = await hoverAtJobPriorityOfChargeCard();
    assert.match(text, /job.definition/i, text);   // "job-definition override"
    assert.match(text, /process/i, text);
    assert.match(text, /default\b[\s|*`]*0\b/i, text);   // "default 0" or a table row "| Default | 0 |"
    assert.match(text, /jobExecutorAcquireByPriority/, text);
  });

  test('the hover follows bpmnJobLab.jobExecutorAcquireByPriority', async () => {
    const config = vscode.workspace.getConfiguration('bpmnJobLab');
    const off = await hoverAtJobPriorityOfChargeCard();
    await config.update('jobExecutorAcquireByPriority', true, vscode.ConfigurationTarget.Global);
    try {
      const on = await hoverAtJobPriorityOfChargeCard();
      assert.notStrictEqual(on, off, 'the hover text changes with the setting');
    } finally {
      await config.update('jobExecutorAcquireByPriority', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
