/**
 * The example scenarios shipped with the extension, listed at run time from its install folder:
 * the headline examples (`examples/*.json`) and the cluster stories (`examples/stories/*.json`,
 * each with its page `docs/scenarios/<N>-*.md`) and the scaling-study examples (`examples/scaling/*.json`,
 * meant for Run Scaling Study but simulated like any scenario). The one place that knows where they live: the
 * "Open Example Scenario…" quick pick and the panel's scenario picker both read this list.
 * PURE of vscode (Node fs only), so plain-Node tests run it on the repository itself.
 *
 * A JSON file counts as a scenario when it is an object with a `nodes` array (the scenario schema
 * requires one); other JSON next to the scenarios (e.g. a model's parameter file) is left out.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CURRENT_FILE_ID, EXAMPLE_ID_PATTERN, type ScenarioChoice } from '../protocol/simulator';

export type ExampleGroup = 'examples' | 'stories' | 'scaling';

export interface ExampleEntry {
  /** Stable id: the path relative to the install folder, with `/` (`examples/stories/3-node-crash-lock-30s.json`). */
  id: string;
  group: ExampleGroup;
  /** Absolute path of the scenario file. */
  file: string;
  /** File name without `.json`. */
  label: string;
  /** The scenario's `description` field ('' when it has none). */
  description: string;
  /** Stories: the story number (the file name's leading `<N>-`). */
  story?: number;
  /** Stories: the title of the story's page (its first `# ` heading), when the page is there. */
  storyTitle?: string;
  /** Stories: absolute path of `docs/scenarios/<N>-*.md`, when it is installed. */
  docPage?: string;
}

async function names(dir: string): Promise<string[]> {
  try { return (await readdir(dir)).sort(); } catch { return []; }
}

async function scenarioDescription(file: string): Promise<string | null> {
  let json: unknown;
  try { json = JSON.parse(await readFile(file, 'utf8')); } catch { return null; }
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !Array.isArray((json as { nodes?: unknown }).nodes)) return null;
  const d = (json as { description?: unknown }).description;
  return typeof d === 'string' ? d : '';
}

/** Story pages by number, with their titles (`# 3. Node crash and lock expiry` → `Node crash and lock expiry`). */
async function storyPages(docsDir: string): Promise<Map<number, { file: string; title: string }>> {
  const pages = new Map<number, { file: string; title: string }>();
  for (const n of await names(docsDir)) {
    const m = /^(\d+)-.*\.md$/.exec(n);
    if (!m) continue;
    const file = join(docsDir, n);
    let title = n.replace(/\.md$/, '');
    try {
      const h = /^#\s+(.+)$/m.exec(await readFile(file, 'utf8'));
      if (h) title = h[1].replace(/^\d+\.\s*/, '').trim();
    } catch { /* keep the file name */ }
    pages.set(Number(m[1]), { file, title });
  }
  return pages;
}

/**
 * Every example scenario under `root` (the extension's install folder or the repository): the
 * headline examples first, then the stories, each group sorted by file name (stories by number).
 */
export async function listExamples(root: string): Promise<ExampleEntry[]> {
  const out: ExampleEntry[] = [];
  for (const [group, rel] of [['examples', 'examples'], ['stories', 'examples/stories'], ['scaling', 'examples/scaling']] as const) {
    const dir = join(root, ...rel.split('/'));
    const pages = group === 'stories' ? await storyPages(join(root, 'docs', 'scenarios')) : new Map<number, { file: string; title: string }>();
    const entries: ExampleEntry[] = [];
    for (const n of await names(dir)) {
      if (!n.endsWith('.json')) continue;
      const id = `${rel}/${n}`;
      if (!EXAMPLE_ID_PATTERN.test(id)) continue;
      const file = join(dir, n);
      const description = await scenarioDescription(file);
      if (description === null) continue;
      const e: ExampleEntry = { id, group, file, label: n.replace(/\.json$/, ''), description };
      const m = /^(\d+)-/.exec(n);
      if (group === 'stories' && m) {
        e.story = Number(m[1]);
        const page = pages.get(e.story);
        if (page) { e.docPage = page.file; e.storyTitle = page.title; }
      }
      entries.push(e);
    }
    if (group === 'stories') entries.sort((a, b) => (a.story ?? 1e9) - (b.story ?? 1e9) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    out.push(...entries);
  }
  return out;
}

/** The entry with this id, or by bare file name (`3-node-crash-lock-30s.json` or without `.json`) when unique. */
export function findExample(list: readonly ExampleEntry[], key: string): ExampleEntry | undefined {
  const exact = list.find(e => e.id === key);
  if (exact) return exact;
  const stem = key.replace(/\.json$/i, '');
  const hits = list.filter(e => e.label === stem);
  return hits.length === 1 ? hits[0] : undefined;
}

/** The panel's picker entries: the file the panel was opened on, then every example. */
export function scenarioChoices(currentFile: string, list: readonly ExampleEntry[], currentDescription = ''): ScenarioChoice[] {
  const base = currentFile.split(/[\\/]/).pop() ?? currentFile;
  return [
    { id: CURRENT_FILE_ID, group: 'file', label: base, description: currentDescription },
    ...list.map(e => ({ id: e.id, group: e.group, label: e.label, description: e.description, ...(e.story !== undefined ? { story: e.story } : {}) })),
  ];
}
