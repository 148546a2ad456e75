// The example listing (src/simulation/examples.ts): the one list the "Open Example Scenario…" quick
// pick and the panel's scenario picker share. Plain Node on the repository itself and on a temporary
// install folder; it must not need vscode.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExample, listExamples, scenarioChoices } from '../../../src/simulation/examples';
import { CURRENT_FILE_ID, EXAMPLE_ID_PATTERN, validateSimulatorMessage } from '../../../src/protocol/simulator';
import { runSourceFromFile } from '../../../src/simulation/fromFile';

const ROOT = join(__dirname, '../../..');

describe('listExamples on the repository', () => {
  test('every scenario of examples/, examples/stories/ and examples/scaling/: headline examples first, stories by number, scaling studies last', async () => {
    const list = await listExamples(ROOT);
    const isScenario = (f: string) => { const j = JSON.parse(readFileSync(f, 'utf8')); return Array.isArray(j.nodes); };
    const want = (dir: string) => readdirSync(join(ROOT, dir)).filter(n => n.endsWith('.json') && isScenario(join(ROOT, dir, n))).map(n => `${dir}/${n}`);
    const ex = list.filter(e => e.group === 'examples').map(e => e.id);
    const st = list.filter(e => e.group === 'stories').map(e => e.id);
    assert.deepEqual(ex, want('examples').sort());
    assert.deepEqual([...st].sort(), want('examples/stories').sort());
    assert.equal(list.findIndex(e => e.group === 'stories'), ex.length, 'stories follow the examples');
    const numbers = list.filter(e => e.group === 'stories').map(e => e.story!);
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'stories in number order');
    assert.ok(new Set(numbers).size >= 8, `8 stories (have ${[...new Set(numbers)]})`);
    const sc = list.filter(e => e.group === 'scaling').map(e => e.id);
    assert.deepEqual(sc, want('examples/scaling').sort(), 'the scaling-study examples come last');
    assert.ok(sc.length >= 2 && list.findIndex(e => e.group === 'scaling') === list.length - sc.length);
  });
  test('descriptions come from the files; each story links its docs/scenarios page and title', async () => {
    const list = await listExamples(ROOT);
    for (const e of list) {
      assert.ok(EXAMPLE_ID_PATTERN.test(e.id), e.id);
      assert.equal(e.description, JSON.parse(readFileSync(e.file, 'utf8')).description ?? '', e.id);
      // The ids the picker sends pass the host's validator.
      assert.ok(validateSimulatorMessage({ type: 'openScenario', id: e.id }).ok, e.id);
    }
    const pages = readdirSync(join(ROOT, 'docs/scenarios')).filter(n => /^\d+-/.test(n));
    for (const e of list.filter(x => x.group === 'stories')) {
      const page = pages.find(p => p.startsWith(`${e.story}-`));
      assert.ok(page, `a page for story ${e.story}`);
      assert.equal(e.docPage, join(ROOT, 'docs/scenarios', page));
      const heading = /^#\s+(.+)$/m.exec(readFileSync(e.docPage!, 'utf8'))![1];
      assert.ok(heading.endsWith(e.storyTitle!), `${e.storyTitle} from '${heading}'`);
    }
    assert.ok(list.filter(x => x.group === 'examples').every(e => e.story === undefined && e.docPage === undefined));
  });
  test('every listed example loads as the panel would load it', async () => {
    for (const e of await listExamples(ROOT)) {
      const src = await runSourceFromFile(e.file);
      assert.ok(src.prepared.scenario.nodes.length > 0, e.id);
    }
  });
});

describe('listExamples on an install folder', () => {
  test('skips non-scenario JSON, broken JSON and odd names; missing folders give an empty list', async () => {
    const root = mkdtempSync(join(tmpdir(), 'jl-examples-'));
    assert.deepEqual(await listExamples(root), []);
    mkdirSync(join(root, 'examples/stories'), { recursive: true });
    mkdirSync(join(root, 'docs/scenarios'), { recursive: true });
    writeFileSync(join(root, 'examples/a.json'), JSON.stringify({ seed: 1, nodes: [{ id: 'n' }], description: 'A' }));
    writeFileSync(join(root, 'examples/b.json'), JSON.stringify({ seed: 1, nodes: [{ id: 'n' }] }));
    writeFileSync(join(root, 'examples/broken.json'), '{ nodes: ');
    writeFileSync(join(root, 'examples/model.json'), JSON.stringify({ model: 'x' }));
    writeFileSync(join(root, 'examples/c.bpmn'), '<x/>');
    writeFileSync(join(root, 'examples/has space.json'), JSON.stringify({ seed: 1, nodes: [] }));
    writeFileSync(join(root, 'examples/stories/10-later.json'), JSON.stringify({ seed: 1, nodes: [], description: 'ten' }));
    writeFileSync(join(root, 'examples/stories/2-two.json'), JSON.stringify({ seed: 1, nodes: [], description: 'two' }));
    writeFileSync(join(root, 'docs/scenarios/2-two-page.md'), '# 2. The second story\n\ntext\n');
    const list = await listExamples(root);
    assert.deepEqual(list.map(e => e.id), ['examples/a.json', 'examples/b.json', 'examples/stories/2-two.json', 'examples/stories/10-later.json']);
    assert.deepEqual(list.map(e => e.description), ['A', '', 'two', 'ten']);
    assert.equal(list[2].storyTitle, 'The second story');
    assert.equal(list[2].docPage, join(root, 'docs/scenarios/2-two-page.md'));
    assert.equal(list[3].docPage, undefined, 'no page for story 10');
    assert.equal(list[3].story, 10);
  });
  test('findExample by id or by unique file name; scenarioChoices puts the current file first', async () => {
    const list = await listExamples(ROOT);
    assert.equal(findExample(list, 'examples/stories/3-node-crash-lock-30s.json')?.label, '3-node-crash-lock-30s');
    assert.equal(findExample(list, '3-node-crash-lock-30s.json')?.id, 'examples/stories/3-node-crash-lock-30s.json');
    assert.equal(findExample(list, '3-node-crash-lock-30s')?.group, 'stories');
    assert.equal(findExample(list, 'nope.json'), undefined);
    const choices = scenarioChoices('/home/u/work/my.scenario.json', list, 'mine');
    assert.deepEqual(choices[0], { id: CURRENT_FILE_ID, group: 'file', label: 'my.scenario.json', description: 'mine' });
    assert.equal(choices.length, list.length + 1);
    assert.deepEqual(choices.slice(1).map(c => c.id), list.map(e => e.id));
    assert.equal(choices.find(c => c.id === 'examples/stories/5-parallel-join-exclusive.json')?.story, 5);
    assert.equal(scenarioChoices('C:\\work\\x.bpmn', [])[0].label, 'x.bpmn');
  });
});
