/**
 * Flags ranked by what they cost: biggest share of the run first, repeats merged into one finding
 * with several places (ten cold partitions are one problem), and flags on nodes under about 2 % of
 * the time demoted to the end.
 */
import type { Draft } from './flags';
import type { ExplainResult, Finding, RedFlag } from './types';

/** Below this share of the run a flag is minor: listed last, never 'bad'. */
export const MINOR_SHARE = 0.02;

export function rankFlags(drafts: Draft[], r: ExplainResult): RedFlag[] {
  const order = new Map(r.nodes.map((n, i) => [n.id, i]));
  const flags: RedFlag[] = drafts.map((d) => {
    const share = Number.isFinite(d.share) ? Math.max(0, Math.min(1, d.share)) : 0;
    const minor = share < MINOR_SHARE;
    const severity = minor ? 'warn' : (d.severity ?? (share >= 0.3 ? 'bad' : 'warn'));
    return { ...d, share, minor, severity, group: d.group ?? `${d.category}:${d.nodeId}` };
  });
  return flags.sort((a, b) => Number(a.minor) - Number(b.minor) || b.share - a.share || (order.get(a.nodeId) ?? 0) - (order.get(b.nodeId) ?? 0));
}

/** Flags merged by group, in rank order: one finding per problem, with every place it applies to. */
export function findings(flags: readonly RedFlag[]): Finding[] {
  const by = new Map<string, Finding>();
  for (const f of flags) {
    const had = by.get(f.group);
    if (!had) {
      by.set(f.group, { category: f.category, nodeIds: [f.nodeId], severity: f.severity, share: f.share, minor: f.minor, why: f.why, fix: f.fix });
      continue;
    }
    if (!had.nodeIds.includes(f.nodeId)) had.nodeIds.push(f.nodeId);
    had.share = Math.min(1, had.share + f.share);
    had.minor = had.minor && f.minor && had.share < MINOR_SHARE;
    if (f.severity === 'bad' || (!had.minor && had.share >= 0.3)) had.severity = 'bad';
  }
  return [...by.values()].sort((a, b) => Number(a.minor) - Number(b.minor) || b.share - a.share);
}
