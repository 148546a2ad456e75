/**
 * `bpmn-job-lab lint <file|dir>... [--format text|json|sarif] [--engine 7.24|legacy]`
 * Directories are searched recursively for *.bpmn (and *.bpmn20.xml). Exit 1 when any finding is
 * an error, 0 otherwise, 2 on usage or I/O errors (a message naming the file, no stack trace).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { lint, LineIndex, rules, type EngineProfile, type Finding, type RuleId } from '../bpmn/index';
import { CliError, oneOf, parseArgs, type CliIo } from './io';

export interface JsonFinding {
  file: string;
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  elementId: string | null;
  attribute: string | null;
}

const BPMN_FILE = /\.(bpmn|bpmn20\.xml)$/i;

function describeIoError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    default: return (e as Error).message ?? String(e);
  }
}

/** The files to lint, in a stable order: given files as given, directories walked sorted. */
export function collectFiles(paths: string[], cwd: string): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = isAbsolute(p) ? p : resolve(cwd, p);
    let st;
    try { st = statSync(abs); } catch (e) { throw new CliError(`cannot read '${p}': ${describeIoError(e)}`); }
    if (!st.isDirectory()) { out.push(p); continue; }
    const walk = (dirAbs: string, dirShown: string) => {
      let names: string[];
      try { names = readdirSync(dirAbs).sort(); } catch (e) { throw new CliError(`cannot read directory '${dirShown}': ${describeIoError(e)}`); }
      for (const name of names) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        const a = join(dirAbs, name);
        const shown = join(dirShown, name);
        let s;
        try { s = statSync(a); } catch { continue; }
        if (s.isDirectory()) walk(a, shown);
        else if (BPMN_FILE.test(name)) out.push(shown);
      }
    };
    walk(abs, p);
  }
  return out;
}

function toJson(file: string, text: string, findings: Finding[], lines = new LineIndex(text)): JsonFinding[] {
  return findings.map(f => ({
    file, code: f.code, severity: f.severity === 'hint' ? 'info' : f.severity, message: f.message,
    range: { start: lines.position(f.range.start), end: lines.position(f.range.end) },
    elementId: f.elementId ?? null, attribute: f.attribute ?? null,
  }));
}

function sarif(results: JsonFinding[], cwd: string): unknown {
  const ruleList = rules.map(r => ({
    id: r.id, name: r.id,
    shortDescription: { text: r.docs.summary },
    helpUri: r.docs.url,
    defaultConfiguration: { level: r.defaultSeverity === 'error' ? 'error' : r.defaultSeverity === 'warning' ? 'warning' : 'note' },
  }));
  const index = new Map(ruleList.map((r, i) => [r.id, i]));
  const uri = (file: string) => {
    const abs = isAbsolute(file) ? file : resolve(cwd, file);
    const rel = relative(cwd, abs);
    return (rel.startsWith('..') || isAbsolute(rel) ? abs : rel).split(sep).join('/');
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'bpmn-job-lab', version: process.env.BPMN_JOB_LAB_VERSION ?? '0.1.0', rules: ruleList } },
      columnKind: 'utf16CodeUnits',
      results: results.map(f => ({
        ruleId: f.code, ruleIndex: index.get(f.code as RuleId) ?? 0,
        level: f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note',
        message: { text: f.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: uri(f.file) },
            region: {
              startLine: f.range.start.line + 1, startColumn: f.range.start.character + 1,
              endLine: f.range.end.line + 1, endColumn: f.range.end.character + 1,
            },
          },
          ...(f.elementId ? { logicalLocations: [{ name: f.elementId, kind: 'element' }] } : {}),
        }],
      })),
    }],
  };
}

export async function run(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs(args, { values: ['format', 'engine'] });
  } catch (e) {
    io.stderr(`bpmn-job-lab lint: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const format = oneOf('format', parsed.options.format, ['text', 'json', 'sarif'] as const, 'text');
    const profile: EngineProfile = oneOf('engine', parsed.options.engine, ['7.24', 'legacy'] as const, '7.24');
    if (!parsed.positional.length) throw new CliError('missing <file|dir>: usage: bpmn-job-lab lint <file|dir>... [--format text|json|sarif] [--engine 7.24|legacy]');
    const files = collectFiles(parsed.positional, io.cwd);
    const all: JsonFinding[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(isAbsolute(file) ? file : resolve(io.cwd, file), 'utf8');
      } catch (e) {
        throw new CliError(`cannot read '${file}': ${describeIoError(e)}`);
      }
      all.push(...toJson(file, text, lint(text, { profile })));
    }
    if (format === 'json') io.stdout(JSON.stringify(all, null, 2) + '\n');
    else if (format === 'sarif') io.stdout(JSON.stringify(sarif(all, io.cwd), null, 2) + '\n');
    else {
      for (const f of all) io.stdout(`${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.code} ${f.message}\n`);
    }
    return all.some(f => f.severity === 'error') ? 1 : 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.stderr(`bpmn-job-lab lint: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}
