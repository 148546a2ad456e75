// Webview security (issue #8): "every message from a webview is schema-validated and a malformed one is
// logged and dropped". Property-based fuzz of the HOST-SIDE path the editor webview's
// onDidReceiveMessage calls (src/editor/messageGate.ts: validate → log-and-drop | dispatch), in plain
// Node: random values, near-valid messages with one field broken, prototype-pollution keys, oversized
// strings and arrays, deeply nested values, hostile objects (throwing getters, proxies). For every
// message: the gate never throws; an invalid one is logged once and never reaches the handler (so no
// session state changes); a valid one reaches it exactly once; after the storm valid messages still
// work and Object.prototype is untouched. The simulator panel's validator gets the same storm.
// Reproducible: a fixed seed by default (printed); FUZZ_SEED overrides it, FUZZ_RUNS sets the runs
// per property (default 2000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { receiveWebviewMessage, type GateLog } from '../../../src/editor/messageGate';
import { validateWebviewMessage, MAX_TEXT_LENGTH, type WebviewMessage } from '../../../src/protocol/editor';
import { validateSimulatorMessage } from '../../../src/protocol/simulator';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261122;
const RUNS = process.env.FUZZ_RUNS !== undefined ? Number(process.env.FUZZ_RUNS) : 2000;
console.log(`message-fuzz: fast-check seed ${SEED}, ${RUNS} runs per property (FUZZ_SEED / FUZZ_RUNS override)`);
const params = { seed: SEED, numRuns: RUNS };

/** A stand-in for the editor session's state: what its handler changes per message type (src/editor/bpmnEditorProvider.ts). */
class Session {
  state = { ready: false, lastImportedVersion: undefined as number | undefined, findingsShown: 0, badgesShown: 0, edits: 0, markers: [] as string[], other: 0 };
  handled: WebviewMessage[] = [];
  handle = async (msg: WebviewMessage): Promise<void> => {
    this.handled.push(msg);
    switch (msg.type) {
      case 'ready': this.state.ready = true; return;
      case 'imported': this.state.lastImportedVersion = msg.version; return;
      case 'rendered': this.state.findingsShown = msg.findingsShown; this.state.badgesShown = msg.badgesShown; return;
      case 'markersShown': this.state.markers = msg.elementIds; return;
      case 'edit': this.state.edits++; return;
      default: this.state.other++;
    }
  };
}

class Log implements GateLog {
  warns: string[] = []; traces: string[] = []; errors: string[] = [];
  warn(m: string) { this.warns.push(m); }
  trace(m: string) { this.traces.push(m); }
  error(m: string) { this.errors.push(m); }
}

// ---- arbitraries -----------------------------------------------------------------------------------

const nat = fc.nat({ max: 1_000_000 });
const shortStr = fc.string({ maxLength: 30 });
const id = fc.string({ minLength: 1, maxLength: 20 });

/** Valid webview → host messages, one arbitrary per type. */
const validMessage: fc.Arbitrary<WebviewMessage> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.record({ type: fc.constant('edit' as const), text: fc.string({ maxLength: 200 }), baseVersion: nat }),
  fc.record({ type: fc.constant('imported' as const), version: nat, ok: fc.boolean(), millis: fc.double({ min: 0, max: 1e6, noNaN: true }), elementCount: nat,
    error: fc.option(fc.record({ message: shortStr, line: fc.option(fc.integer({ min: 1, max: 1e6 }), { nil: undefined }) }, { requiredKeys: ['message'] }), { nil: undefined }) },
  { requiredKeys: ['type', 'version', 'ok', 'millis', 'elementCount'] }),
  fc.record({ type: fc.constant('rendered' as const), version: nat, findingsShown: nat, badgesShown: nat, badgesVisible: fc.boolean() }),
  fc.record({ type: fc.constant('markersShown' as const), version: nat, findingsVersion: nat, elementIds: fc.array(id, { maxLength: 5 }) }),
  fc.constant({ type: 'undo' as const }), fc.constant({ type: 'redo' as const }), fc.constant({ type: 'openAsText' as const }),
  fc.record({ type: fc.constant('revealRange' as const), elementId: id, code: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }) }, { requiredKeys: ['type', 'elementId'] }),
  fc.record({ type: fc.constant('error' as const), message: shortStr }),
  fc.record({ type: fc.constant('testResult' as const), requestId: nat, ok: fc.boolean() }),
) as fc.Arbitrary<WebviewMessage>;

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];
/** A wrong value for a field: another type, a negative/fractional/huge number, NaN, an oversized string... */
const badValue = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.constant(NaN), fc.constant(Infinity), fc.constant(-1), fc.constant(1.5), fc.constant(2 ** 60),
  fc.constant('x'.repeat(5000)), fc.constant([]), fc.constant({}), fc.boolean(), shortStr, fc.object({ maxDepth: 2 }),
);

/** A valid message with one thing broken: a field removed, a field's value replaced, an unknown or polluting key added. */
const nearValid = fc.tuple(validMessage, fc.nat(), badValue, fc.constantFrom(...POLLUTION_KEYS, 'extra', 'type'), fc.nat({ max: 3 })).map(([m, pick, v, key, how]) => {
  const o: Record<string, unknown> = { ...m };
  const keys = Object.keys(o);
  const k = keys[pick % keys.length];
  if (how === 0) delete o[k];
  else if (how === 1) o[k] = v;
  else if (how === 2) Object.defineProperty(o, key, { value: v, enumerable: true, configurable: true, writable: true });
  else return JSON.parse(JSON.stringify(m).replace(/^\{/, `{"__proto__":{"polluted":true},`)) as unknown; // what JSON.parse of a crafted message gives
  return o;
});

/** Deeply nested values in a field (arrays and objects 1,000–20,000 levels deep). */
const deep = fc.tuple(fc.integer({ min: 1000, max: 20_000 }), fc.boolean(), validMessage).map(([depth, arrays, m]) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  const o: Record<string, unknown> = { ...m };
  o[Object.keys(o).find(k => k !== 'type') ?? 'nested'] = v;
  return o;
});

/** Anything at all, including objects with polluting keys at any depth. */
const anything = fc.anything({ maxDepth: 4, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true, withBoxedValues: true });
const typed = fc.tuple(fc.oneof(fc.constantFrom('ready', 'edit', 'imported', 'rendered', 'markersShown', 'testResult', 'error', ...POLLUTION_KEYS), shortStr), fc.dictionary(fc.oneof(shortStr, fc.constantFrom(...POLLUTION_KEYS)), anything, { maxKeys: 6 }))
  .map(([type, rest]) => ({ ...rest, type }));

const storm = fc.oneof({ weight: 3, arbitrary: nearValid }, { weight: 3, arbitrary: typed }, { weight: 2, arbitrary: anything }, { weight: 1, arbitrary: deep }, { weight: 2, arbitrary: validMessage as fc.Arbitrary<unknown> });

// ---- properties ----------------------------------------------------------------------------------------

function pristinePrototype(): void {
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
  assert.equal(Object.keys(Object.prototype).length, 0, 'Object.prototype gained enumerable keys');
}

test('editor host gate: never throws; invalid messages are logged once and dropped (no state change); valid ones reach the handler once', () => {
  fc.assert(fc.property(storm, raw => {
    const s = new Session();
    const log = new Log();
    const before = JSON.stringify(s.state);
    const verdict = (() => { try { return validateWebviewMessage(raw); } catch { return { ok: false as const, error: 'throws' }; } })();
    if (verdict.ok && Object.keys(raw as object).some(k => k in Object.prototype || k === 'prototype')) Object.assign(verdict, { ok: false }); // the gate's reserved-name rule
    const r = receiveWebviewMessage(raw, log, s.handle);
    if (verdict.ok) {
      assert.equal(r, 'handled');
      assert.equal(s.handled.length, 1);
      assert.equal(s.handled[0], raw);
      assert.equal(log.warns.length, 0);
    } else {
      assert.equal(r, 'dropped');
      assert.equal(s.handled.length, 0, 'an invalid message reached the handler');
      assert.equal(JSON.stringify(s.state), before, 'an invalid message changed the state');
      assert.equal(log.warns.length, 1);
      assert.match(log.warns[0], /^dropped a malformed message from the BPMN editor webview: /);
      assert.ok(log.warns[0].length < 10_000, 'the log line stays short (no echo of an oversized message)');
    }
    pristinePrototype();
  }), params);
});

test('editor host gate: near-valid messages (an unknown or polluting field; a required field of the wrong type) are dropped', () => {
  fc.assert(fc.property(validMessage, fc.nat(), badValue, fc.constantFrom(...POLLUTION_KEYS, 'extra'), (m, pick, v, key) => {
    const withExtra: Record<string, unknown> = { ...m };
    Object.defineProperty(withExtra, key, { value: v ?? 0, enumerable: true, configurable: true, writable: true });
    const fromJson = JSON.parse(JSON.stringify(m).replace(/^\{/, '{"__proto__":{"polluted":true},')) as unknown;
    for (const raw of [withExtra, fromJson]) {
      const s = new Session();
      assert.equal(receiveWebviewMessage(raw, new Log(), s.handle), 'dropped', JSON.stringify(Object.keys(raw as object)));
      assert.equal(s.handled.length, 0);
    }
    // a required field with a wrong value (every message type with a required non-type field)
    const keys = Object.keys(m).filter(k => k !== 'type');
    if (keys.length && v !== undefined) {
      const k = keys[pick % keys.length];
      const required = !(m.type === 'imported' && k === 'error') && !(m.type === 'revealRange' && k === 'code');
      const wrong = { ...m, [k]: v } as Record<string, unknown>;
      const stillValid = receiveWebviewMessage(wrong, new Log(), async () => {}) === 'handled';
      if (required && stillValid) {
        // only values of the right type survive (e.g. another boolean, a short string for a string field)
        assert.equal(typeof v, typeof (m as Record<string, unknown>)[k], `${m.type}.${k} accepted ${JSON.stringify(v)}`);
      }
    }
    pristinePrototype();
  }), params);
});

test('editor host gate: hostile values — throwing getters, proxies, oversized text, 100,000-deep nesting — are dropped without throwing', () => {
  const s = new Session();
  const log = new Log();
  const throwingGetter = Object.defineProperty({}, 'type', { get() { throw new Error('boom'); }, enumerable: true });
  const proxy = new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } });
  let nested: unknown = 'leaf';
  for (let i = 0; i < 100_000; i++) nested = { a: nested };
  const hostile: unknown[] = [
    throwingGetter, proxy, nested, { type: 'ready', a: nested },
    { type: 'edit', text: 'x'.repeat(MAX_TEXT_LENGTH + 1), baseVersion: 1 },
    { type: 'markersShown', version: 1, findingsVersion: 1, elementIds: new Array(100_001).fill('a') },
    { type: 'x'.repeat(1_000_000) }, Object.create(null), [], [{ type: 'ready' }], 'ready', 42, null, undefined, Symbol('s'), () => ({ type: 'ready' }),
    new Map([['type', 'ready']]), new Date(), { type: new String('ready') }, { type: 'ready', then: () => {} },
  ];
  for (const raw of hostile) assert.equal(receiveWebviewMessage(raw, log, s.handle), 'dropped');
  assert.equal(s.handled.length, 0);
  assert.equal(log.warns.length, hostile.length);
  for (const w of log.warns) assert.ok(w.length < 10_000, `log line of ${w.length} chars`);
  pristinePrototype();
});

test('editor host gate: a failing handler (thrown or rejected) is logged, never thrown back', async () => {
  const log = new Log();
  assert.equal(receiveWebviewMessage({ type: 'ready' }, log, () => { throw new Error('sync boom'); }), 'handled');
  assert.equal(receiveWebviewMessage({ type: 'undo' }, log, () => Promise.reject(new Error('async boom'))), 'handled');
  await new Promise(r => setImmediate(r));
  assert.equal(log.errors.length, 2);
  assert.match(log.errors[0], /handling 'ready' failed: Error: sync boom/);
  assert.match(log.errors[1], /handling 'undo' failed: Error: async boom/);
});

test('editor host gate: after a storm of malformed messages on one session, valid messages still work', () => {
  const s = new Session();
  const log = new Log();
  let dropped = 0;
  fc.assert(fc.property(fc.oneof(nearValid, typed, anything, deep), raw => {
    if (validateWebviewMessage(raw).ok) return; // the storm is malformed only
    const before = JSON.stringify(s.state);
    assert.equal(receiveWebviewMessage(raw, log, s.handle), 'dropped');
    assert.equal(JSON.stringify(s.state), before);
    dropped++;
  }), params);
  assert.ok(dropped > RUNS / 2, `${dropped} malformed messages`);
  assert.equal(s.handled.length, 0);
  assert.equal(log.warns.length, dropped);
  receiveWebviewMessage({ type: 'ready' }, log, s.handle);
  receiveWebviewMessage({ type: 'rendered', version: 3, findingsShown: 2, badgesShown: 5, badgesVisible: true }, log, s.handle);
  receiveWebviewMessage({ type: 'markersShown', version: 3, findingsVersion: 3, elementIds: ['Task_1'] }, log, s.handle);
  assert.deepEqual(s.state, { ready: true, lastImportedVersion: undefined, findingsShown: 2, badgesShown: 5, edits: 0, markers: ['Task_1'], other: 0 });
  assert.equal(log.warns.length, dropped, 'valid messages are not logged as dropped');
  pristinePrototype();
});

test('simulator panel validator: the same storm never throws, and what it accepts has a known type', () => {
  const known = new Set(['ready', 'control', 'speed', 'runTo', 'rewind', 'applySettings', 'explain', 'node', 'export']);
  fc.assert(fc.property(fc.oneof(storm, fc.record({ type: fc.constantFrom(...known) }, { requiredKeys: [] }).chain(base => fc.dictionary(shortStr, anything, { maxKeys: 4 }).map(d => ({ ...d, ...base })))), raw => {
    const r = validateSimulatorMessage(raw);
    if (r.ok) {
      assert.ok(known.has((r.message as { type: string }).type), `accepted type ${(r.message as { type: string }).type}`);
    } else {
      assert.equal(typeof r.error, 'string');
      assert.ok(r.error.length < 10_000);
    }
    pristinePrototype();
  }), params);
  // Not covered: an object whose getter throws makes validateSimulatorMessage throw (it re-throws
  // anything that is not its own Invalid). Messages from a webview are structured clones (plain data,
  // no getters or proxies), so this cannot come through postMessage; reported to the protocol's owner.
});
