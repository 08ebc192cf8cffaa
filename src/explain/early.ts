/**
 * Nodes whose actual row counts say nothing about their estimates because their consumer stopped
 * reading early: below a Limit, a WindowAgg run condition, the inner side of a semi or anti join
 * (it stops at the first match), a Merge Join (it stops when the other side ends), a SubPlan or an
 * InitPlan (EXISTS and scalar subqueries read one or two rows), and a CTE whose every scan was cut
 * short. A node that reads all its input before emitting (Sort, Hash, hashed or plain Aggregate)
 * ends the effect: what is below it ran to completion whatever happened above.
 */
import type { PlanNode } from './types';

function blocking(n: PlanNode): boolean {
  if (n.nodeType === 'Sort' || n.nodeType === 'Hash') return true;
  if (n.nodeType === 'Aggregate') return n.strategy !== 'Sorted';
  if (n.nodeType === 'SetOp') return n.strategy === 'Hashed';
  return false;
}

const cteOf = (c: PlanNode): string | null => (c.parentRelationship === 'InitPlan' && c.subplanName?.startsWith('CTE ') ? c.subplanName.slice(4) : null);

/** Ids of the nodes that may have been stopped before reading all their input. */
export function stoppedEarly(root: PlanNode): Set<string> {
  const early = new Set<string>();
  const deferred: { node: PlanNode; cte: string }[] = [];
  const scans = new Map<string, boolean[]>();
  const walk = (n: PlanNode, e: boolean): void => {
    // A run condition stops the WindowAgg itself: its own count is cut short too.
    if (e || (n.nodeType === 'WindowAgg' && n.runCondition)) early.add(n.id);
    if (n.nodeType === 'CTE Scan' && n.cteName) scans.set(n.cteName, [...(scans.get(n.cteName) ?? []), e]);
    for (const c of n.children) {
      const cte = cteOf(c);
      if (cte) {
        deferred.push({ node: c, cte });
        continue;
      }
      let ce = blocking(n) && c.parentRelationship !== 'InitPlan' && c.parentRelationship !== 'SubPlan' ? false : e;
      if (n.nodeType === 'Limit' || (n.nodeType === 'WindowAgg' && n.runCondition)) ce = true;
      if (/Semi|Anti/.test(n.joinType ?? '') && c.parentRelationship === 'Inner') ce = true;
      if (n.nodeType === 'Merge Join') ce = true;
      if (c.parentRelationship === 'SubPlan' || c.parentRelationship === 'InitPlan') ce = true;
      walk(c, ce);
    }
  };
  walk(root, false);
  // A CTE's plan runs as far as its scans pull it: early when any scan of it stopped early.
  for (let i = 0; i < deferred.length; i++) {
    const d = deferred[i]!;
    const e = !scans.has(d.cte) || scans.get(d.cte)!.some(Boolean);
    walk(d.node, e);
  }
  return early;
}
