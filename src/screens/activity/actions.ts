/**
 * The activity pane's part in backend actions: tag, cancel and terminate the selected or tagged
 * backends, and jump from a waiting backend to its root blocker in the lock tree.
 */
import { paneAction } from '../../state/panes';
import { LOCKS_PANE } from '../locks/pane';
import type { BackendAdapter } from '../../actions/commands';
import { backendTarget } from '../../actions/target';
import { backendCommands } from '../backendCommands';
import { dataOf } from '../../data/collector';
import { activityCollector, type Backend } from '../../data/collectors/activity';
import type { TableState } from '../../state/ui';
import { buildTree } from '../locks/tree';
import type { CommandTable, ScreenContext } from '../types';
import { trusted } from '../../text/sanitize';

const SCREEN = 'activity';

/** What the adapter needs from the activity screen definition. */
export interface ActivityParts {
  table: string;
  initial: TableState;
  rowKeys(ctx: ScreenContext): readonly string[];
}

const backendsOf = (ctx: ScreenContext): Backend[] => dataOf(ctx.state.snapshot, activityCollector) ?? [];

/** Sessions waiting behind each pid, directly or not, from the BLOCKED BY column. */
function behindCounts(all: readonly Backend[]): Map<number, number> {
  const waiting = all.filter((b) => b.blockedBy?.length);
  const out = new Map<number, number>();
  if (!waiting.length) return out;
  for (const r of buildTree(waiting.map((b) => ({ id: b.key, pid: b.pid, blockedBy: b.blockedBy ?? [], waitedS: null }))))
    if (!out.has(r.pid)) out.set(r.pid, r.behind);
  return out;
}

export function activityAdapter(parts: ActivityParts): BackendAdapter<ScreenContext> {
  return {
    screen: SCREEN,
    selected: (ctx) => ctx.state.ui.tables[parts.table]?.selected ?? undefined,
    target(ctx, key) {
      // Tagged rows stay targets while idle or background rows are hidden: the dialog lists them.
      const all = backendsOf(ctx);
      const b = all.find((x) => x.key === key);
      return b ? backendTarget(b, ctx.nowMs, behindCounts(all).get(b.pid) ?? null) : undefined;
    },
    next: (ctx) => ctx.store.dispatch({ type: 'table.move', table: parts.table, initial: parts.initial, rowKeys: parts.rowKeys(ctx), delta: 1 }),
  };
}

/** B: show the selected backend in the lock tree; a waiter lands on the root it waits behind. */
function showBlocker(ctx: ScreenContext, parts: ActivityParts): void {
  const key = ctx.state.ui.tables[parts.table]?.selected;
  const all = backendsOf(ctx);
  const b = key ? all.find((x) => x.key === key) : undefined;
  if (!b) return;
  const waits = (b.blockedBy?.length ?? 0) > 0;
  const blocks = all.some((x) => x.blockedBy?.includes(b.pid));
  if (!waits && !blocks) {
    ctx.store.dispatch({ type: 'toast', text: trusted(`pid ${b.pid} neither waits for a lock nor blocks anyone`), at: ctx.now() });
    return;
  }
  ctx.store.dispatch(paneAction(LOCKS_PANE, { type: 'focus', pid: b.pid }));
  ctx.store.dispatch({ type: 'screen', id: 'locks' });
}

/** The activity pane's action keys. */
export function activityActionCommands(parts: ActivityParts): CommandTable {
  return {
    ...backendCommands(activityAdapter(parts)),
    'activity.showBlocker': { run: (ctx) => showBlocker(ctx, parts), disabledReason: (ctx) => (ctx.state.ui.tables[parts.table]?.selected ? undefined : 'no backend selected') },
  };
}
