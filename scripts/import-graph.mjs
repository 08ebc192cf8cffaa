// The import graph of src/, folded to folders. `node scripts/import-graph.mjs` prints one line per
// folder with the folders it imports (and how many import lines make each edge); `--files` prints
// the file-level edges between folders too. test/unit/meta/imports.test.ts checks the same graph
// against the layer table, so what this prints is what the test sees.
//
// A regex over import / export-from / import() lines is enough here: the code base uses relative,
// extensionless specifiers only, and a type-only import is a dependency like any other (a type
// from App.tsx couples a screen to the App as surely as a value does).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every .ts / .tsx file under `dir`, as absolute paths, in a stable order. */
function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The file a relative specifier names, or undefined for a package or a non-code file (.sql). */
function resolveSpecifier(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (/\.tsx?$/.test(c) && existsSync(c) && statSync(c).isFile()) return c;
  }
  return undefined;
}

/**
 * The folder a file belongs to, relative to src: its directory, or `App` for the files at the top
 * of src (App.tsx and its command table: the App is a layer of its own between cli and screens).
 * `depth` folds deeper folders: 1 gives the top level (screens, data …), Infinity keeps
 * screens/activity, data/collectors … apart.
 */
export function folderOf(file, depth = 1) {
  const parts = file.split('/');
  if (parts.length === 1) return 'App';
  return parts.slice(0, Math.min(parts.length - 1, depth)).join('/');
}

/**
 * Every import edge between two files of `srcDir`, as paths relative to it with '/' separators.
 * @param {string} srcDir
 * @returns {{ from: string, to: string }[]}
 */
export function fileEdges(srcDir) {
  const root = resolve(srcDir);
  const rel = (p) => relative(root, p).split(sep).join('/');
  const edges = [];
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const to = resolveSpecifier(file, m[1] ?? m[2] ?? m[3]);
      if (to) edges.push({ from: rel(file), to: rel(to) });
    }
  }
  return edges;
}

/**
 * Folder edges (from → to → the file edges behind it), self edges left out.
 * @returns {Map<string, Map<string, { from: string, to: string }[]>>}
 */
export function folderEdges(edges, depth = 1) {
  const g = new Map();
  for (const e of edges) {
    const a = folderOf(e.from, depth);
    const b = folderOf(e.to, depth);
    if (a === b) continue;
    if (!g.has(a)) g.set(a, new Map());
    const row = g.get(a);
    if (!row.has(b)) row.set(b, []);
    row.get(b).push(e);
  }
  return g;
}

/**
 * The folder cycles: strongly connected components of more than one folder (Tarjan), each sorted.
 * @returns {string[][]}
 */
export function cycles(graph) {
  const nodes = new Set(graph.keys());
  for (const row of graph.values()) for (const b of row.keys()) nodes.add(b);
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const out = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** The folder graph as text: `folder -> target (n), …`, one line per folder, sorted. */
export function printGraph(graph, withFiles = false) {
  const lines = [];
  for (const a of [...graph.keys()].sort()) {
    const row = graph.get(a);
    const targets = [...row.keys()].sort();
    lines.push(`${a} -> ${targets.map((b) => `${b} (${row.get(b).length})`).join(', ')}`);
    if (withFiles) {
      for (const b of targets) for (const e of row.get(b)) lines.push(`    ${e.from} -> ${e.to}`);
    }
  }
  return lines.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const deep = args.includes('--deep');
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const graph = folderEdges(fileEdges(root), deep ? Infinity : 1);
  console.log(printGraph(graph, args.includes('--files')));
  const cyc = cycles(graph);
  console.log(cyc.length === 0 ? '\nno folder cycle' : `\nfolder cycles:\n${cyc.map((c) => `  ${c.join(' <-> ')}`).join('\n')}`);
}
