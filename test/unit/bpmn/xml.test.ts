import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, childrenNS, decodeEntities, LineIndex, parseXml, plainAttr, type XmlElement } from '../../../src/bpmn/xml';

const CAMUNDA = 'http://camunda.org/schema/1.0/bpmn';
const slice = (t: string, r: { start: number; end: number } | undefined) => (r ? t.slice(r.start, r.end) : undefined);
const find = (el: XmlElement, local: string): XmlElement | undefined =>
  el.local === local ? el : el.children.map(c => find(c, local)).find(Boolean);

test('offsets of elements, names, attributes and values', () => {
  const t = '<root a="1">\n  <child  b = \'two\' c="" />\n  <text>  hello  </text>\n</root>';
  const d = parseXml(t);
  assert.deepEqual(d.errors, []);
  const root = d.root!;
  assert.equal(slice(t, root.range), t);
  assert.equal(slice(t, root.startTag), '<root a="1">');
  assert.equal(slice(t, root.nameRange), 'root');
  const child = root.children[0];
  assert.equal(slice(t, child.range), '<child  b = \'two\' c="" />');
  assert.ok(child.selfClosing && child.closed);
  const b = plainAttr(child, 'b')!;
  assert.equal(slice(t, b.nameRange), 'b');
  assert.equal(slice(t, b.valueRange), 'two');
  assert.equal(slice(t, b.range), "b = 'two'");
  const c = plainAttr(child, 'c')!;
  assert.equal(c.value, '');
  assert.equal(c.valueRange.start, c.valueRange.end);
  const text = root.children[1];
  assert.equal(text.text, '  hello  ');
  assert.equal(slice(t, text.textRange), 'hello');
  assert.equal(slice(t, text.contentRange), '  hello  ');
});

test('entities and character references are decoded; ranges stay on the raw text', () => {
  const t = '<r v="a&lt;b&amp;&#65;&#x42;&unknown;">x &gt; y<![CDATA[<raw>]]></r>';
  const d = parseXml(t);
  const v = plainAttr(d.root!, 'v')!;
  assert.equal(v.value, 'a<b&AB&unknown;');
  assert.equal(v.rawValue, 'a&lt;b&amp;&#65;&#x42;&unknown;');
  assert.equal(slice(t, v.valueRange), v.rawValue);
  assert.equal(d.root!.text, 'x > y<raw>');
  assert.equal(decodeEntities('&quot;&apos;'), '"\'');
});

test('namespaces: any prefix, default namespace, nearest declaration wins', () => {
  const t = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:c="${CAMUNDA}" xmlns:x="urn:other">
  <process id="P" c:jobPriority="5" x:jobPriority="6">
    <task id="T" xmlns:c="urn:shadow" c:jobPriority="7" />
  </process>
</definitions>`;
  const d = parseXml(t);
  assert.deepEqual(d.errors, []);
  const p = d.root!.children[0];
  assert.equal(p.ns, 'http://www.omg.org/spec/BPMN/20100524/MODEL');
  assert.equal(attr(p, [CAMUNDA], 'jobPriority')?.value, '5');
  assert.equal(attr(p, ['urn:other'], 'jobPriority')?.value, '6');
  const task = p.children[0];
  assert.equal(attr(task, [CAMUNDA], 'jobPriority'), undefined, 'c: is rebound on the task');
  assert.equal(attr(task, ['urn:shadow'], 'jobPriority')?.value, '7');
  assert.equal(plainAttr(task, 'id')?.ns, '', 'unprefixed attributes have no namespace');
  assert.equal(childrenNS(d.root!, ['http://www.omg.org/spec/BPMN/20100524/MODEL'], 'process').length, 1);
});

test('undeclared prefix: an error at the prefix', () => {
  const t = '<r><q:x/></r>';
  const d = parseXml(t);
  assert.equal(d.errors.length, 1);
  assert.equal(slice(t, d.errors[0].range), 'q');
  assert.match(d.errors[0].message, /xmlns:q/);
});

const recovery: { name: string; xml: string; first: string; message: RegExp; still: string[] }[] = [
  { name: 'unclosed element', xml: '<a><b x="1"><c/></a>', first: '<b', message: /<b> is not closed/, still: ['a', 'b', 'c'] },
  { name: 'unclosed attribute value', xml: '<a><b x="1></b><c y="2"/></a>', first: '"', message: /attribute 'x' is not closed/, still: ['a', 'b', 'c'] },
  { name: 'mismatched end tag', xml: '<a><b></c><d/></b></a>', first: '</c>', message: /Unexpected end tag <\/c>/, still: ['a', 'b', 'd'] },
  { name: 'unclosed start tag', xml: '<a><b x="1"\n<c/></a>', first: '<', message: /Start tag <b> is not closed/, still: ['a', 'b', 'c'] },
  { name: 'document cut off', xml: '<a><b>', first: '<b', message: /<b> is not closed/, still: ['a', 'b'] },
  { name: 'bare <', xml: '<a>1 < 2<b/></a>', first: '<', message: /&lt;/, still: ['a', 'b'] },
];
for (const c of recovery) {
  test(`tolerant recovery: ${c.name}`, () => {
    const d = parseXml(c.xml);
    assert.ok(d.errors.length >= 1);
    assert.equal(slice(c.xml, d.errors[0].range), c.first);
    assert.match(d.errors[0].message, c.message);
    for (const name of c.still) assert.ok(d.root && find(d.root, name), `<${name}> should still be in the tree`);
  });
}

test('never throws on garbage', () => {
  for (const t of ['', '<', '<<>>', '</x>', '<a b=>', '<a b="', '<!--', '<![CDATA[', '<?x', '<!DOCTYPE', 'text only', '<a/><b/>']) {
    assert.doesNotThrow(() => parseXml(t));
    assert.ok(parseXml(t).errors.length >= 1, JSON.stringify(t));
  }
});

test('LineIndex maps offsets to 0-based positions (LF, CRLF, CR)', () => {
  const t = 'ab\ncd\r\nef\rgh';
  const li = new LineIndex(t);
  assert.deepEqual(li.position(0), { line: 0, character: 0 });
  assert.deepEqual(li.position(t.indexOf('c')), { line: 1, character: 0 });
  assert.deepEqual(li.position(t.indexOf('e')), { line: 2, character: 0 });
  assert.deepEqual(li.position(t.indexOf('h')), { line: 3, character: 1 });
  assert.equal(li.offset(2, 1), t.indexOf('f'));
});
