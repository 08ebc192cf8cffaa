import React from 'react';
import { trusted } from '../../text/sanitize';
import { VACUUM_TABLES_UI } from '../../data/collectors/replicationHistory';
import type { ScreenContext, ScreenDef } from '../types';
import { keepSelection, routeTableCommand, tableStateOf } from '../vacuum/subtables';
import { tableNameOf } from '../vacuum/names';
import { REPLICATION_LEGEND } from './columns';
import { replicationView, senderKey, SENDERS_TABLE, slotKey, SLOTS_TABLE, type ReplicationView } from './model';
import { ReplicationScreen } from './ReplicationScreen';

// One computation per (snapshot, table states, thresholds) for the row keys and the render.
let memo: { key: unknown[]; view: ReplicationView } | undefined;
export function viewOf(ctx: ScreenContext): ReplicationView {
  const { snapshot, ui, caps } = ctx.state;
  const senders = tableStateOf(ctx, SENDERS_TABLE);
  const slots = tableStateOf(ctx, SLOTS_TABLE);
  const key = [snapshot, senders, slots, ui.replication.strict, caps?.inRecovery];
  if (memo && memo.key.every((k, i) => k === key[i])) return memo.view;
  const view = replicationView(snapshot, {
    strict: ui.replication.strict,
    inRecoveryAtConnect: caps?.inRecovery ?? false,
    senders,
    slots,
    nowMs: ctx.nowMs,
  });
  memo = { key, view };
  return view;
}

/** The fleet's links for this pane, when pgwarden watches several servers. */
function fleetOf(ctx: Pick<ScreenContext, 'state'>): { links: Readonly<Record<string, string>>; upstreamRow: string | null } | undefined {
  const fleet = ctx.state.fleet;
  if (!fleet) return undefined;
  const me = fleet.rows.find((r) => r.active);
  return { links: fleet.senderLinks, upstreamRow: me?.upstreamInSession ? me.upstream : null };
}

const focused = (ctx: ScreenContext) => (ctx.state.ui.replication.focus === 'slots' ? SLOTS_TABLE : SENDERS_TABLE);
const keysOf = (ctx: ScreenContext, t = focused(ctx)) => (t === SLOTS_TABLE ? viewOf(ctx).slots.map(slotKey) : viewOf(ctx).senders.map(senderKey));

function Screen(ctx: ScreenContext): React.ReactElement {
  const { snapshot, ui, history } = ctx.state;
  const view = viewOf(ctx);
  const senderKeys = view.senders.map(senderKey).join('\n');
  const slotKeys = view.slots.map(slotKey).join('\n');
  React.useEffect(() => {
    keepSelection(ctx, SENDERS_TABLE, view.senders.map(senderKey));
    keepSelection(ctx, SLOTS_TABLE, view.slots.map(slotKey));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [senderKeys, slotKeys]);
  const selected = ui.tables[VACUUM_TABLES_UI]?.selected ?? null;
  const chartTable = selected ? { key: selected, name: tableNameOf(selected) ?? `table ${selected}` } : undefined;
  return (
    <ReplicationScreen
      view={view}
      results={[snapshot?.results.replication, snapshot?.results.recovery, snapshot?.results.slots]}
      senders={tableStateOf(ctx, SENDERS_TABLE)}
      slots={tableStateOf(ctx, SLOTS_TABLE)}
      focus={ui.replication.focus}
      charts={ui.charts}
      history={history}
      chartTable={chartTable}
      fleet={fleetOf(ctx)}
      nowMs={ctx.nowMs}
      width={ctx.width}
      height={ctx.height}
    />
  );
}

/**
 * The replication pane ('4'). Its collectors run with the header's on every screen (they feed the
 * lag indicator), so the screen itself adds none.
 */
export const replicationScreen: ScreenDef = {
  id: 'replication',
  title: 'Replication',
  command: 'screen.replication',
  collectors: [],
  rowKeys: (ctx) => keysOf(ctx),
  legend: REPLICATION_LEGEND,
  onCommand(id, ctx) {
    if (id === 'replication.watch') {
      // The selected WAL sender's standby, or this standby's primary: whichever the fleet links.
      const f = fleetOf(ctx);
      const sel = tableStateOf(ctx, SENDERS_TABLE).selected;
      const name = (sel ? f?.links[sel] : undefined) ?? f?.upstreamRow;
      if (name && ctx.effects.activate) ctx.effects.activate(name);
      else ctx.store.dispatch({ type: 'toast', text: trusted('no server of this session on the other end: give the standby or primary as a target too'), at: ctx.now() });
      return true;
    }
    const t = focused(ctx);
    return routeTableCommand(id, ctx, t, keysOf(ctx, t), Math.max(1, Math.floor(ctx.height / 2) - 2));
  },
  Component: Screen,
};

