// Webview security (issue #8): "every message from a webview is schema-validated and a malformed one is
// logged and dropped". Property-based fuzz of the HOST-SIDE path both webviews' onDidReceiveMessage
// call (src/webviewMessageGate.ts: validate → log-and-drop | dispatch; the BPMN editor with
// EDITOR_CHANNEL, the simulator panel with SIMULATOR_CHANNEL), in plain
// Node: random values, near-valid messages with one field broken, prototype-pollution keys, oversized
// strings and arrays, deeply nested values, hostile objects (throwing getters, proxies). For every
// message: the gate never throws; an invalid one is logged once and never reaches the handler (so no
// session state changes); a valid one reaches it exactly once; after the storm valid messages still
// work and Object.prototype is untouched. The simulator panel's channel gets its own storm (valid
// messages of every type, near-valid ones broken in one place, throwing getters and proxies).
// Reproducible: a fixed seed by default (printed); FUZZ_SEED overrides it, FUZZ_RUNS sets the runs
// per property (default 2000).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { EDITOR_CHANNEL, SIMULATOR_CHANNEL, excerpt, receiveWebviewMessage, type GateLog } from '../../../src/webviewMessageGate';
import { validateWebviewMessage, MAX_TEXT_LENGTH, type WebviewMessage } from '../../../src/protocol/editor';
import { CURRENT_FILE_ID, LIMITS as SIM_LIMITS, validateSimulatorMessage, type QuickSettings, type SimulatorWebviewMessage } from '../../../src/protocol/simulator';

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

/** The gate's plain-data rule: an object's prototype is null or a realm's Object.prototype. */
function plainData(raw: unknown): boolean {
  const proto = typeof raw === 'object' && raw !== null ? Object.getPrototypeOf(raw) as unknown : null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Plain JSON data, to compare a dispatched message with what was sent (fast-check may give null-prototype records). */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

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
    if (verdict.ok && (Object.keys(raw as object).some(k => k in Object.prototype || k === 'prototype') || !plainData(raw))) Object.assign(verdict, { ok: false }); // the gate's own rules
    const r = receiveWebviewMessage(EDITOR_CHANNEL, raw, log, s.handle);
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
      assert.equal(receiveWebviewMessage(EDITOR_CHANNEL, raw, new Log(), s.handle), 'dropped', JSON.stringify(Object.keys(raw as object)));
      assert.equal(s.handled.length, 0);
    }
    // a required field with a wrong value (every message type with a required non-type field)
    const keys = Object.keys(m).filter(k => k !== 'type');
    if (keys.length && v !== undefined) {
      const k = keys[pick % keys.length];
      const required = !(m.type === 'imported' && k === 'error') && !(m.type === 'revealRange' && k === 'code');
      const wrong = { ...m, [k]: v } as Record<string, unknown>;
      const stillValid = receiveWebviewMessage(EDITOR_CHANNEL, wrong, new Log(), async () => {}) === 'handled';
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
  for (const raw of hostile) assert.equal(receiveWebviewMessage(EDITOR_CHANNEL, raw, log, s.handle), 'dropped');
  assert.equal(s.handled.length, 0);
  assert.equal(log.warns.length, hostile.length);
  for (const w of log.warns) assert.ok(w.length < 10_000, `log line of ${w.length} chars`);
  pristinePrototype();
});

test('editor host gate: a failing handler (thrown or rejected) is logged, never thrown back', async () => {
  const log = new Log();
  assert.equal(receiveWebviewMessage(EDITOR_CHANNEL, { type: 'ready' }, log, () => { throw new Error('sync boom'); }), 'handled');
  assert.equal(receiveWebviewMessage(EDITOR_CHANNEL, { type: 'undo' }, log, () => Promise.reject(new Error('async boom'))), 'handled');
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
    assert.equal(receiveWebviewMessage(EDITOR_CHANNEL, raw, log, s.handle), 'dropped');
    assert.equal(JSON.stringify(s.state), before);
    dropped++;
  }), params);
  assert.ok(dropped > RUNS / 2, `${dropped} malformed messages`);
  assert.equal(s.handled.length, 0);
  assert.equal(log.warns.length, dropped);
  receiveWebviewMessage(EDITOR_CHANNEL, { type: 'ready' }, log, s.handle);
  receiveWebviewMessage(EDITOR_CHANNEL, { type: 'rendered', version: 3, findingsShown: 2, badgesShown: 5, badgesVisible: true }, log, s.handle);
  receiveWebviewMessage(EDITOR_CHANNEL, { type: 'markersShown', version: 3, findingsVersion: 3, elementIds: ['Task_1'] }, log, s.handle);
  assert.deepEqual(s.state, { ready: true, lastImportedVersion: undefined, findingsShown: 2, badgesShown: 5, edits: 0, markers: ['Task_1'], other: 0 });
  assert.equal(log.warns.length, dropped, 'valid messages are not logged as dropped');
  pristinePrototype();
});

// ---- the simulator panel's channel (src/simulation/panel.ts calls the same gate with SIMULATOR_CHANNEL) ----

/** A stand-in for the simulator panel: what its handler changes per message type (SimulatorPanel.handle). */
class SimPanel {
  state = { ready: false, steps: 0, running: false, speed: 1, now: 0, checkpoint: -1, seed: 0, nodes: 0, explained: -1, exports: 0, crashed: [] as string[], scenario: CURRENT_FILE_ID, studies: 0 };
  handled: SimulatorWebviewMessage[] = [];
  handle = (m: SimulatorWebviewMessage): void => {
    this.handled.push(m);
    const s = this.state;
    switch (m.type) {
      case 'ready': s.ready = true; return;
      case 'control': if (m.action === 'step' || m.action === 'stepAcquisition') s.steps++; else s.running = m.action === 'play'; return;
      case 'speed': s.speed = m.speed; return;
      case 'runTo': s.now = m.t; return;
      case 'rewind': s.checkpoint = m.checkpoint; return;
      case 'applySettings': s.seed = m.seed; s.nodes = m.settings.nodeCount; return;
      case 'explain': s.explained = m.seq; return;
      case 'export': s.exports++; return;
      case 'node': s.crashed.push(`${m.action}:${m.node}`); return;
      case 'openScenario': s.scenario = m.id; return;
      case 'runStudy': s.studies++; return;
    }
  };
}

const int32 = fc.integer({ min: -2147483648, max: 2147483647 });
const timeMs = fc.integer({ min: 0, max: SIM_LIMITS.maxTime });
const quickSettings: fc.Arbitrary<QuickSettings> = fc.record({
  nodeCount: fc.integer({ min: 1, max: SIM_LIMITS.maxNodes }), threads: fc.integer({ min: 1, max: SIM_LIMITS.maxThreads }),
  jobExecutorAcquireByPriority: fc.boolean(), jobExecutorPreferTimerJobs: fc.boolean(), jobExecutorAcquireByDueDate: fc.boolean(),
  deploymentAware: fc.array(fc.boolean(), { maxLength: SIM_LIMITS.maxNodes }),
  lockTimeInMillis: fc.integer({ min: 1, max: SIM_LIMITS.maxTime }), maxJobsPerAcquisition: fc.integer({ min: 1, max: 10_000 }),
  waitTimeInMillis: timeMs, maxWait: timeMs, backoffTimeInMillis: timeMs, maxBackoff: timeMs,
});
const distinctInts = (max: number) => fc.uniqueArray(fc.integer({ min: 1, max }), { minLength: 1, maxLength: Math.min(max, SIM_LIMITS.maxStudyValues) });

/** Valid webview → host messages of the simulator panel, one arbitrary per type. */
const validSim: fc.Arbitrary<SimulatorWebviewMessage> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.record({ type: fc.constant('control' as const), action: fc.constantFrom('step' as const, 'stepAcquisition' as const, 'play' as const, 'pause' as const, 'reset' as const) }),
  fc.record({ type: fc.constant('speed' as const), speed: fc.double({ min: 0, max: SIM_LIMITS.maxSpeed, noNaN: true, noDefaultInfinity: true }).map(x => x + 0) }),
  fc.record({ type: fc.constant('runTo' as const), t: timeMs }),
  fc.record({ type: fc.constant('rewind' as const), checkpoint: fc.integer({ min: 0, max: 1_000_000 }) }),
  fc.record({ type: fc.constant('applySettings' as const), seed: int32, settings: quickSettings }),
  fc.record({ type: fc.constant('explain' as const), seq: fc.nat() }),
  fc.record({ type: fc.constant('export' as const), what: fc.constantFrom('trace' as const, 'report' as const, 'scenario' as const) }),
  fc.record({ type: fc.constant('node' as const), action: fc.constantFrom('crash' as const, 'restart' as const), node: fc.string({ minLength: 1, maxLength: SIM_LIMITS.maxIdLength }) }),
  fc.record({ type: fc.constant('openScenario' as const), id: fc.oneof(fc.constant(CURRENT_FILE_ID), fc.stringMatching(/^examples\/(stories\/|scaling\/)?[a-z0-9][a-z0-9_-]{0,30}\.json$/)) }),
  fc.record({ type: fc.constant('runStudy' as const), nodes: distinctInts(SIM_LIMITS.maxNodes), threads: distinctInts(SIM_LIMITS.maxThreads), profile: fc.constantFrom('camunda' as const, 'jbpm3' as const) },
    { requiredKeys: ['type'] }),
) as fc.Arbitrary<SimulatorWebviewMessage>;

/** Values that are never right for any simulator field (every field is a number, a non-empty string, an enum, a list or the settings object of a fixed shape). */
const neverRight = fc.oneof(
  fc.constant(undefined), fc.constant(null), fc.constant(NaN), fc.constant(Infinity), fc.constant(-Infinity), fc.constant(-1.5), fc.constant(0.5 + 2 ** 40), fc.constant(2 ** 60),
  fc.constant(''), fc.constant('x'.repeat(100_000)), fc.constant([[]]), fc.constant({}), fc.constant(new Array(100_001).fill(1)),
  fc.constant({ a: { b: { c: [] } } }), fc.constant(10n),
);

/** A valid simulator message broken in one place, and what was broken (each is always invalid). */
const nearValidSim = fc.tuple(validSim, fc.nat(), neverRight, fc.constantFrom(...POLLUTION_KEYS, 'extra', 'x'.repeat(1_000_000)), fc.nat({ max: 4 })).map(([m, pick, v, key, how]) => {
  const o: Record<string, unknown> = structuredClone(m);
  const fields = Object.keys(o).filter(k => k !== 'type');
  if (how === 0 && fields.length && m.type !== 'runStudy') { delete o[fields[pick % fields.length]]; return o; } // every other field is required
  if (how === 1 && fields.length) { o[fields[pick % fields.length]] = v === undefined && m.type === 'runStudy' ? null : v; return o; } // an undefined optional field is absent
  if (how === 4 && m.type === 'applySettings' && pick % 2) { (o.settings as Record<string, unknown>)[Object.keys(m.settings)[pick % 12]] = v; return o; }
  if (how === 2) { Object.defineProperty(o, key, { value: v ?? 0, enumerable: true, configurable: true, writable: true }); return o; }
  if (how === 3) return JSON.parse(JSON.stringify(m).replace(/^\{/, '{"__proto__":{"polluted":true},')) as unknown; // an own __proto__ key, as JSON.parse gives it
  // a type that is close to a real one but not one
  o.type = [` ${m.type}`, m.type.toUpperCase(), `${m.type}\u0000`, '__proto__', 'constructor', 'toString', 'x'.repeat(1_000_000), 7, null, [m.type], { type: m.type }][pick % 11];
  return o;
});

/** Settings nested absurdly deep or lists hugely long inside an otherwise valid message. */
const deepSim = fc.tuple(fc.integer({ min: 1000, max: 20_000 }), fc.boolean(), fc.constantFrom('settings', 'nodes', 'node', 'speed')).map(([depth, arrays, field]) => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
  const base: Record<string, Record<string, unknown>> = {
    settings: { type: 'applySettings', seed: 1 }, nodes: { type: 'runStudy', threads: [1] }, node: { type: 'node', action: 'crash' }, speed: { type: 'speed' },
  };
  return { ...base[field], [field]: v };
});

const SIM_TYPES = ['ready', 'control', 'speed', 'runTo', 'rewind', 'applySettings', 'explain', 'export', 'node', 'openScenario', 'runStudy'];
const typedSim = fc.tuple(fc.oneof(fc.constantFrom(...SIM_TYPES, ...POLLUTION_KEYS), shortStr), fc.dictionary(fc.oneof(shortStr, fc.constantFrom(...POLLUTION_KEYS, 'action', 'speed', 't', 'seed', 'settings', 'node', 'id', 'nodes')), anything, { maxKeys: 4 }))
  .map(([type, rest]) => ({ ...rest, type }));

/** Throwing getters and proxies (cannot come through postMessage, which clones plain data; the gate copes anyway). */
function hostileSim(): unknown[] {
  const getter = (key: string, base: object) => Object.defineProperty({ ...base }, key, { get() { throw new Error(`getter ${key}`); }, enumerable: true, configurable: true });
  const unprintable = { toString() { throw new Error('no toString'); } };
  return [
    getter('type', {}), getter('action', { type: 'control' }), getter('speed', { type: 'speed' }), getter('nodeCount', {}),
    { type: 'applySettings', seed: 1, settings: getter('threads', { nodeCount: 1 }) },
    Object.defineProperty({ type: 'ready' }, 'extra', { get() { throw unprintable; }, enumerable: true }), // thrown value whose toString throws
    Object.defineProperty({}, 'type', { get() { throw unprintable; }, enumerable: true }),
    new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }),
    new Proxy({ type: 'ready' }, { ownKeys() { throw new Error('ownKeys trap'); } }),
    new Proxy({ type: 'control', action: 'step' }, { getPrototypeOf() { throw new Error('proto trap'); }, ownKeys() { throw new Error('keys'); } }),
  ];
}

const simStorm = fc.oneof({ weight: 3, arbitrary: nearValidSim }, { weight: 3, arbitrary: typedSim }, { weight: 2, arbitrary: anything },
  { weight: 1, arbitrary: deepSim }, { weight: 1, arbitrary: storm }, { weight: 1, arbitrary: fc.constantFrom(...hostileSim()) }, { weight: 2, arbitrary: validSim as fc.Arbitrary<unknown> });

function assertDroppedOnce(log: Log, before: number): void {
  assert.equal(log.warns.length, before + 1, 'an invalid message is logged exactly once');
  const w = log.warns[log.warns.length - 1];
  assert.match(w, /^dropped a malformed message from the simulator webview: /);
  assert.ok(w.length < 1000, `the log line stays short (${w.length} chars)`);
}

test('simulator host gate: never throws; invalid messages are logged once and never dispatched; valid ones are dispatched once, unchanged', () => {
  fc.assert(fc.property(simStorm, raw => {
    const p = new SimPanel();
    const log = new Log();
    const before = JSON.stringify(p.state);
    const verdict = (() => { try { return validateSimulatorMessage(raw); } catch { return { ok: false as const, error: 'throws' }; } })();
    if (verdict.ok && !plainData(raw)) Object.assign(verdict, { ok: false }); // the gate's plain-data rule
    const r = receiveWebviewMessage(SIMULATOR_CHANNEL, raw, log, p.handle);
    if (verdict.ok) {
      assert.equal(r, 'handled');
      assert.equal(p.handled.length, 1);
      assert.deepEqual(plain(p.handled[0]), plain(raw));
      assert.equal(log.warns.length + log.errors.length, 0);
    } else {
      assert.equal(r, 'dropped');
      assert.equal(p.handled.length, 0, 'an invalid message was dispatched');
      assert.equal(JSON.stringify(p.state), before, 'an invalid message changed the state');
      assertDroppedOnce(log, 0);
    }
    pristinePrototype();
  }), params);
});

test('simulator host gate: every generated valid message is accepted; every near-valid one (a field missing, wrong, unknown or polluting) is dropped', () => {
  fc.assert(fc.property(validSim, m => {
    const p = new SimPanel();
    assert.equal(receiveWebviewMessage(SIMULATOR_CHANNEL, structuredClone(m), new Log(), p.handle), 'handled', JSON.stringify(m).slice(0, 300));
    assert.deepEqual(plain(p.handled), [plain(m)]);
  }), params);
  fc.assert(fc.property(nearValidSim, raw => {
    const p = new SimPanel();
    const log = new Log();
    assert.equal(receiveWebviewMessage(SIMULATOR_CHANNEL, raw, log, p.handle), 'dropped', `accepted ${JSON.stringify(raw, (_k, v) => typeof v === 'bigint' ? `${v}n` : typeof v === 'string' && v.length > 50 ? `<${v.length}>` : v)?.slice(0, 300)}`);
    assert.equal(p.handled.length, 0);
    assertDroppedOnce(log, 0);
    pristinePrototype();
  }), params);
});

test('simulator host gate: throwing getters, proxies, oversized and 100,000-deep messages are dropped without throwing', () => {
  const p = new SimPanel();
  const log = new Log();
  let nested: unknown = 'leaf';
  for (let i = 0; i < 100_000; i++) nested = { a: nested };
  let nestedArr: unknown = 1;
  for (let i = 0; i < 100_000; i++) nestedArr = [nestedArr];
  const hostile = [
    ...hostileSim(), nested, nestedArr, { type: 'applySettings', seed: 1, settings: nested }, { type: 'runStudy', nodes: nestedArr },
    { type: 'node', action: 'crash', node: 'n'.repeat(SIM_LIMITS.maxIdLength + 1) }, { type: 'node', action: 'crash', node: 'x'.repeat(64 * 1024 * 1024) },
    { type: 'runStudy', nodes: Array.from({ length: 100_000 }, (_, i) => i + 1) }, { type: 'x'.repeat(1_000_000) },
    { type: 'ready', ['k'.repeat(1_000_000)]: 1 }, Object.create({ type: 'control', action: 'step', extra: 1 }), Object.create(null), [], [{ type: 'ready' }],
    'ready', 42, 10n, null, undefined, Symbol('s'), () => ({ type: 'ready' }), new Map([['type', 'ready']]), new Date(), { type: new String('ready') },
  ];
  for (const raw of hostile) {
    const n = log.warns.length;
    assert.equal(receiveWebviewMessage(SIMULATOR_CHANNEL, raw, log, p.handle), 'dropped');
    assertDroppedOnce(log, n);
  }
  assert.equal(p.handled.length, 0);
  // the throwing getters reach the validator, which re-throws them; the gate turns that into a drop
  assert.ok(log.warns.some(w => /validator failed: getter type/.test(w)), 'a throwing getter is reported as such');
  assert.ok(log.warns.some(w => /validator failed: <an error that cannot be printed>/.test(w)), 'an unprintable thrown value is still logged');
  pristinePrototype();
});

test('simulator host gate: a failing dispatch or a failing logger is never thrown back', async () => {
  const log = new Log();
  assert.equal(receiveWebviewMessage(SIMULATOR_CHANNEL, { type: 'control', action: 'step' }, log, () => { throw new Error('sync boom'); }), 'handled');
  assert.equal(receiveWebviewMessage(SIMULATOR_CHANNEL, { type: 'ready' }, log, () => Promise.reject(new Error('async boom'))), 'handled');
  await new Promise(r => setImmediate(r));
  assert.deepEqual(log.errors.map(e => e.split('\n')[0]), ["handling 'control' failed: Error: sync boom", "handling 'ready' failed: Error: async boom"]);
  const throwingLog: GateLog = { warn() { throw new Error('log'); }, trace() { throw new Error('log'); }, error() { throw new Error('log'); } };
  assert.equal(receiveWebviewMessage(SIMULATOR_CHANNEL, { type: 'nope' }, throwingLog, () => {}), 'dropped');
  assert.equal(receiveWebviewMessage(SIMULATOR_CHANNEL, { type: 'ready' }, throwingLog, () => { throw new Error('x'); }), 'handled');
  assert.equal(receiveWebviewMessage(EDITOR_CHANNEL, { type: 'ready' }, throwingLog, () => {}), 'handled');
});

test('simulator host gate: after a storm of malformed messages on one panel, valid messages still work', () => {
  const p = new SimPanel();
  const log = new Log();
  let dropped = 0;
  fc.assert(fc.property(fc.oneof(nearValidSim, typedSim, anything, deepSim, fc.constantFrom(...hostileSim())), raw => {
    const before = JSON.stringify(p.state);
    if (receiveWebviewMessage(SIMULATOR_CHANNEL, raw, log, p.handle) === 'handled') return; // typedSim / anything may hit a valid message now and then
    assert.equal(JSON.stringify(p.state), before);
    dropped++;
  }), params);
  assert.ok(dropped > RUNS / 2, `${dropped} malformed messages`);
  assert.equal(log.warns.length, dropped, 'one log line per dropped message');
  const handledInStorm = p.handled.length;
  const fresh = new SimPanel();
  for (const m of p.handled) fresh.handle(m);
  assert.deepEqual(p.state, fresh.state, 'only the accepted messages changed the state');
  receiveWebviewMessage(SIMULATOR_CHANNEL, { type: 'ready' }, log, p.handle);
  const steps = p.state.steps;
  receiveWebviewMessage(SIMULATOR_CHANNEL, { type: 'control', action: 'step' }, log, p.handle);
  receiveWebviewMessage(SIMULATOR_CHANNEL, { type: 'runTo', t: 5000 }, log, p.handle);
  assert.equal(p.handled.length, handledInStorm + 3);
  assert.equal(p.state.ready, true);
  assert.equal(p.state.steps, steps + 1);
  assert.equal(p.state.now, 5000);
  assert.equal(log.warns.length, dropped, 'valid messages are not logged as dropped');
  pristinePrototype();
});

test('simulator host gate: the log excerpt of a dropped message is bounded', () => {
  let deepArr: unknown = 1;
  for (let i = 0; i < 50_000; i++) deepArr = [deepArr];
  for (const raw of [{ type: 'x', a: 'y'.repeat(1e6) }, { type: 'x', ['k'.repeat(1e6)]: 1 }, new Array(1e5).fill({ a: 1 }), deepArr, { type: 'x', b: 10n, f: () => 1 }]) {
    const e = excerpt(raw, 200);
    assert.ok(e.length <= 260, `${e.length} chars`);
  }
  assert.equal(excerpt({ type: 'control', action: 'explode' }, 200), '{"type":"control","action":"explode"}');
  assert.equal(excerpt(new Proxy({}, { ownKeys() { throw new Error('t'); } }), 200), '{ <unreadable>');
});
