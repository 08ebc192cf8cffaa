import { describe, expect, it } from 'vitest';
import { cycles, fileEdges, folderEdges, folderOf, type FileEdge, type FolderGraph } from '../../../scripts/import-graph.mjs';

/**
 * Imports run one way. A folder of src/ may import only folders of a lower layer (never one of its
 * own layer other than itself), so the folder graph has no cycle and a change low down never needs
 * a screen to compile. `node scripts/import-graph.mjs` prints the graph this checks.
 */
const LAYERS: Record<string, number> = {
  // The entry: parses arguments, wires connection, store, effects and the App.
  cli: 9,
  // The full-screen root (the files at the top of src/: App.tsx, its command table), and the
  // --demo harness the cli mounts beside it (it drives lab scenarios and writes the store, as the
  // App's keys do).
  App: 8,
  demo: 8,
  // Several servers in one session: a runtime (sessions, poller, store, rewind) per server, the one
  // shown and the background ones, and the Prometheus reader; the cli mounts the App over it.
  fleet: 8,
  // Panes: each turns the store's state into rows and handles its keys; the time cursor (rewind,
  // replay), which moves the store through recorded snapshots.
  screens: 7,
  rewind: 7,
  // React pieces that receive ready-to-show values and never see the store; the store and the UI
  // state the screens read; the recorder, which writes and reports snapshots (and checklist runs).
  components: 6,
  state: 6,
  recorder: 6,
  // Guided checklists: they read collectors and propose actions.
  checklists: 5,
  // What acts on or explains the server (actions, EXPLAIN), and the preferences file (it sets the
  // problem thresholds and the refresh interval).
  actions: 4,
  explain: 4,
  prefs: 4,
  // Problem detection over a snapshot.
  problems: 3,
  // The data half: connection, SQL registry, collectors, poller, rates; and the lab of throwaway
  // clusters that tests and the demo start (neither may know the other).
  data: 2,
  lab: 2,
  // Leaves usable by all: number and time formatting, keys, the frame writer.
  format: 1,
  keys: 1,
  render: 1,
  // The one boundary for untrusted text, below everything.
  text: 0,
};

/**
 * Edges that run the wrong way today and that work in progress elsewhere removes. The test fails
 * when one of them disappears, so this list only shrinks: delete the line with the change that
 * removes the edge.
 */
const KNOWN: readonly string[] = [];

const top = (file: string) => folderOf(file, 1);
const edgeText = (e: FileEdge) => `${e.from} -> ${e.to}`;
const edges = fileEdges('src');
const known = new Set(KNOWN);

/** The graph without the known edges. */
function withoutKnown(g: FolderGraph): FolderGraph {
  const out: FolderGraph = new Map();
  for (const [a, row] of g)
    for (const [b, es] of row) {
      const left = es.filter((e) => !known.has(edgeText(e)));
      if (!left.length) continue;
      if (!out.has(a)) out.set(a, new Map());
      out.get(a)!.set(b, left);
    }
  return out;
}

/** Folder graph at full depth, keeping only edges between folders neither of which contains the other (screens/activity -> screens/locks). */
function siblings(): FolderGraph {
  const g = folderEdges(edges, Infinity);
  const nested = (a: string, b: string) => b.startsWith(`${a}/`) || a.startsWith(`${b}/`);
  for (const [a, row] of g) for (const b of [...row.keys()]) if (nested(a, b)) row.delete(b);
  return g;
}

function upward(e: FileEdge): boolean {
  const a = LAYERS[top(e.from)];
  const b = LAYERS[top(e.to)];
  return top(e.from) !== top(e.to) && a !== undefined && b !== undefined && a <= b;
}

describe('import graph', () => {
  it('finds the imports (the scan works)', () => {
    expect(edges.length).toBeGreaterThan(1000);
    expect(edges.map(edgeText)).toContain('cli/tui.tsx -> App.tsx');
  });

  it('places every folder of src/ in a layer', () => {
    const folders = new Set(edges.flatMap((e) => [top(e.from), top(e.to)]));
    expect([...folders].filter((f) => LAYERS[f] === undefined)).toEqual([]);
  });

  it('has no import from a folder into its own layer or a higher one, except the known ones', () => {
    expect(edges.filter((e) => upward(e) && !known.has(edgeText(e))).map(edgeText)).toEqual([]);
  });

  it('still has every known edge (delete the ones that are gone)', () => {
    const bad = new Set(edges.filter(upward).map(edgeText));
    const sib = siblings();
    for (const row of sib.values()) for (const es of row.values()) for (const e of es) bad.add(edgeText(e));
    expect(KNOWN.filter((k) => !bad.has(k))).toEqual([]);
  });

  it('has no cycle between top-level folders', () => {
    expect(cycles(withoutKnown(folderEdges(edges, 1)))).toEqual([]);
  });

  it('has no cycle between sibling folders (one pane and another)', () => {
    expect(cycles(withoutKnown(siblings()))).toEqual([]);
  });
});
