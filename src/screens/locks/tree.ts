/**
 * The blocking tree, pure: who waits for whom, as rows to draw. Each root blocker (a backend that
 * others wait for and that waits for nobody) heads a subtree of the sessions waiting behind it.
 *
 * pg_blocking_pids() can return several pids for one waiter (it waits for the holders of a
 * conflicting lock and for conflicting requests queued ahead of it), so the graph is a DAG with
 * diamonds, and it can even contain cycles: a deadlock exists until the deadlock detector
 * (deadlock_timeout, 1 s by default) cancels one of its members, and a snapshot can catch it.
 * So:
 * - a waiter with several blockers appears under each of them, marked with the others;
 * - its own waiters are expanded only where it appears first, later appearances are marked
 *   `repeat` (expanding every appearance would multiply rows with every diamond);
 * - a cycle is entered at one member, chosen as a root and marked `inCycle`; the edge that leads
 *   back to a backend already on the path becomes a leaf marked `cycle`, and is not followed.
 */

/** One backend as the tree needs it. */
export interface TreeInput {
  /** Unique per backend (pid + backend_start). */
  id: string;
  pid: number;
  /** Pids it waits for (distinct, without itself). */
  blockedBy: readonly number[];
  /** How long it has waited (s), null when it does not wait or nobody knows. */
  waitedS: number | null;
}

/** One drawn row. A backend can have several rows (one per blocker it is shown under). */
export interface TreeRow {
  /** Unique per row: the ids on the path from the root, joined by '>'. */
  key: string;
  id: string;
  pid: number;
  /** 0 for a root. */
  depth: number;
  /** Pid of the blocker this row is shown under; null for a root. */
  parent: number | null;
  /** Pid of the root of this subtree. */
  rootPid: number;
  /** Whether this row is its parent's last child (draws └─ rather than ├─). */
  last: boolean;
  /** One entry per ancestor level 1..depth-1: whether a vertical line continues there. */
  guides: boolean[];
  /** Distinct sessions waiting behind this backend, directly or not. */
  behind: number;
  /** The longest wait among this backend and those behind it (s). */
  longestWaitS: number | null;
  /** Blockers of this backend other than `parent`. */
  alsoBlockedBy: number[];
  /** Member of a wait cycle (deadlock). */
  inCycle: boolean;
  /** This row is the backend already shown higher up on the same path: the cycle closes here. */
  cycle: boolean;
  /** Its waiters are shown at its first appearance, not here. */
  repeat: boolean;
}

interface Graph {
  byPid: Map<number, TreeInput>;
  children: Map<number, number[]>;
}

function graphOf(nodes: readonly TreeInput[]): Graph {
  const byPid = new Map<number, TreeInput>();
  for (const n of nodes) if (!byPid.has(n.pid)) byPid.set(n.pid, n);
  // A blocker that is not among the inputs still heads its waiters (it may have just ended).
  for (const n of nodes)
    for (const b of n.blockedBy) if (!byPid.has(b)) byPid.set(b, { id: `${b}:`, pid: b, blockedBy: [], waitedS: null });
  const children = new Map<number, number[]>();
  for (const n of byPid.values()) {
    for (const b of new Set(n.blockedBy)) {
      if (b === n.pid) continue;
      const list = children.get(b) ?? [];
      list.push(n.pid);
      children.set(b, list);
    }
  }
  return { byPid, children };
}

/** Everyone waiting behind `pid`, directly or transitively, without `pid` itself. */
function behindOf(g: Graph, pid: number): Set<number> {
  const seen = new Set<number>();
  const stack = [...(g.children.get(pid) ?? [])];
  while (stack.length) {
    const p = stack.pop()!;
    if (p === pid || seen.has(p)) continue;
    seen.add(p);
    for (const c of g.children.get(p) ?? []) stack.push(c);
  }
  return seen;
}

/** Pids on a cycle: strongly connected components of more than one backend (Tarjan, iterative). */
function cycleMembers(g: Graph): Set<number> {
  const index = new Map<number, number>();
  const low = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const out = new Set<number>();
  let next = 0;
  for (const start of g.byPid.keys()) {
    if (index.has(start)) continue;
    const work: { pid: number; i: number }[] = [{ pid: start, i: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1]!;
      const kids = g.children.get(top.pid) ?? [];
      if (top.i < kids.length) {
        const c = kids[top.i++]!;
        if (!index.has(c)) {
          index.set(c, next);
          low.set(c, next++);
          stack.push(c);
          onStack.add(c);
          work.push({ pid: c, i: 0 });
        } else if (onStack.has(c)) low.set(top.pid, Math.min(low.get(top.pid)!, index.get(c)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.pid, Math.min(low.get(parent.pid)!, low.get(top.pid)!));
      if (low.get(top.pid) === index.get(top.pid)) {
        const comp: number[] = [];
        for (;;) {
          const p = stack.pop()!;
          onStack.delete(p);
          comp.push(p);
          if (p === top.pid) break;
        }
        if (comp.length > 1) for (const p of comp) out.add(p);
      }
    }
  }
  return out;
}

interface Stats {
  behind: number;
  longestWaitS: number | null;
}

const maxOf = (a: number | null, b: number | null): number | null => (a == null ? b : b == null ? a : Math.max(a, b));

/** Heaviest first: most sessions behind, then the longest wait, then the lowest pid (stable). */
function byImpact(stats: Map<number, Stats>) {
  return (a: number, b: number): number => {
    const sa = stats.get(a)!;
    const sb = stats.get(b)!;
    if (sb.behind !== sa.behind) return sb.behind - sa.behind;
    const wa = sa.longestWaitS ?? -1;
    const wb = sb.longestWaitS ?? -1;
    if (wb !== wa) return wb - wa;
    return a - b;
  };
}

/**
 * The rows of the blocking tree in display order: roots by impact (sessions waiting behind, then
 * the longest wait), each followed by its waiters, depth first, heaviest first.
 */
export function buildTree(nodes: readonly TreeInput[]): TreeRow[] {
  const g = graphOf(nodes);
  const stats = new Map<number, Stats>();
  for (const [pid, n] of g.byPid) {
    const behind = behindOf(g, pid);
    let longest = n.waitedS;
    for (const p of behind) longest = maxOf(longest, g.byPid.get(p)!.waitedS);
    stats.set(pid, { behind: behind.size, longestWaitS: longest });
  }
  const order = byImpact(stats);
  const inCycle = cycleMembers(g);
  const rows: TreeRow[] = [];
  const expanded = new Set<number>();
  const shown = new Set<number>();

  function emit(pid: number, parent: number | null, rootPid: number, path: string[], onPath: Set<number>, guides: boolean[], last: boolean): void {
    const n = g.byPid.get(pid)!;
    const s = stats.get(pid)!;
    const kids = [...new Set(g.children.get(pid) ?? [])].sort(order);
    const closesCycle = onPath.has(pid);
    const repeat = !closesCycle && expanded.has(pid) && kids.length > 0;
    const key = [...path, n.id].join('>');
    rows.push({
      key,
      id: n.id,
      pid,
      depth: path.length,
      parent,
      rootPid,
      last,
      guides,
      behind: s.behind,
      longestWaitS: s.longestWaitS,
      alsoBlockedBy: [...new Set(n.blockedBy)].filter((b) => b !== parent && b !== pid),
      inCycle: inCycle.has(pid),
      cycle: closesCycle,
      repeat,
    });
    shown.add(pid);
    if (closesCycle || repeat) return;
    expanded.add(pid);
    onPath.add(pid);
    const childGuides = path.length === 0 ? [] : [...guides, !last];
    kids.forEach((c, i) => emit(c, pid, rootPid, [...path, n.id], onPath, childGuides, i === kids.length - 1));
    onPath.delete(pid);
  }

  const roots = [...g.byPid.values()].filter((n) => n.blockedBy.every((b) => b === n.pid) && (g.children.get(n.pid)?.length ?? 0) > 0).map((n) => n.pid);
  for (const r of roots.sort(order)) emit(r, null, r, [], new Set(), [], true);

  // What is left hangs off a cycle (every member waits for another). Enter each such component
  // at a cycle member: the heaviest of the remaining cycle members.
  for (;;) {
    const left = [...g.byPid.keys()].filter((p) => !shown.has(p) && (g.children.get(p)?.length ?? 0) + (g.byPid.get(p)!.blockedBy.length) > 0);
    if (!left.length) break;
    const candidates = left.filter((p) => inCycle.has(p));
    const start = (candidates.length ? candidates : left).sort(order)[0]!;
    emit(start, null, start, [], new Set(), [], true);
  }
  return rows;
}
