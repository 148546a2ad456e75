// Habit 6: every rule has a stable id, its own file, a docs page, a catalogue summary and a test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rules, ruleSummaries } from '../../../../src/bpmn/index';

const root = join(__dirname, '../../../..');

test('one rule per id, in the registry, for every id of the catalogue', () => {
  const ids = rules.map(r => r.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), Object.keys(ruleSummaries).sort());
});

for (const r of rules) {
  test(`rule ${r.id}: file, docs page, test, summary`, () => {
    assert.ok(existsSync(join(root, 'src/bpmn/rules', `${r.id}.ts`)));
    assert.ok(existsSync(join(root, 'test/unit/bpmn/rules', `${r.id}.test.ts`)));
    assert.equal(r.docs.url, `docs/rules/${r.id}.md`);
    const doc = readFileSync(join(root, r.docs.url), 'utf8');
    assert.match(doc, new RegExp(`^# ${r.id}\\n`));
    assert.match(doc, new RegExp(`\\*\\*Default severity:\\*\\* ${r.defaultSeverity}`));
    assert.match(doc, /bpmnJobLab\.rules/);
    assert.equal(r.docs.summary, ruleSummaries[r.id]);
  });
}
