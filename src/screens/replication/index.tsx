import React from 'react';
import type { Snapshot } from '../../data/collector';
import type { AppState } from '../../state/store';
import { reconcileSelection, type UiState } from '../../state/ui';
import { orderOf, perSnapshot, tableFor } from '../../state/memo';
import { paneAction, paneState } from '../../state/panes';
import { REPLICATION_PANE } from './pane';
import { viewContext, type ScreenContext, type ScreenDef, type ViewContext } from '../types';
import { tableStateOf } from '../tables';
import { tableCommands } from '../tableCommands';
import { chartedTable } from '../vacuum';
import { REPLICATION_LEGEND } from './columns';
import { replicationView, senderKey, SENDERS_TABLE, slotKey, SLOTS_TABLE, type ReplicationView } from './model';
import { ReplicationScreen } from './ReplicationScreen';

// One computation per (snapshot, table states, thresholds) for the derivation, row keys and render.
const memoView = perSnapshot(
  (snapshot: Snapshot | undefined, s1: string, s2: boolean, s3: string, l1: string, l2: boolean, l3: string, strict: boolean, inRecoveryAtConnect: boolean, nowMs: number) =>
    replicationView(snapshot, { strict, inRecoveryAtConnect, senders: tableFor(s1, s2, s3), slots: tableFor(l1, l2, l3), nowMs }),
);
export function viewOf(ctx: ViewContext): ReplicationView {
  const { snapshot, ui, caps } = ctx.state;
  return memoView(snapshot, ...orderOf(tableStateOf(ctx, SENDERS_TABLE)), ...orderOf(tableStateOf(ctx, SLOTS_TABLE)), paneState(ui, REPLICATION_PANE).strict, caps?.inRecovery ?? false, ctx.nowMs);
}

/** Both tables' selections, derived when data arrives: each cursor on a listed row. */
function derive(state: AppState, now: number): UiState {
  const view = viewOf(viewContext(state, now));
  const ui = reconcileSelection(state.ui, SENDERS_TABLE.id, SENDERS_TABLE.initial, view.senders.map(senderKey));
  return reconcileSelection(ui, SLOTS_TABLE.id, SLOTS_TABLE.initial, view.slots.map(slotKey));
}

/** The fleet's links for this pane, when pgwarden watches several servers. */
function fleetOf(ctx: Pick<ScreenContext, 'state'>): { links: Readonly<Record<string, string>>; upstreamRow: string | null } | undefined {
  const fleet = ctx.state.fleet;
  if (!fleet) return undefined;
  const me = fleet.rows.find((r) => r.active);
  return { links: fleet.senderLinks, upstreamRow: me?.upstreamInSession ? me.upstream : null };
}

/** The fleet row at the other end of the selected WAL sender, or of this standby's WAL receiver. */
function otherEnd(ctx: ScreenContext): string | null | undefined {
  const f = fleetOf(ctx);
  const sel = tableStateOf(ctx, SENDERS_TABLE).selected;
  return (sel ? f?.links[sel] : undefined) ?? f?.upstreamRow;
}

const focused = (ctx: ScreenContext) => (paneState(ctx.state.ui, REPLICATION_PANE).focus === 'slots' ? SLOTS_TABLE : SENDERS_TABLE);
const keysOf = (ctx: ScreenContext, t = focused(ctx)) => (t === SLOTS_TABLE ? viewOf(ctx).slots.map(slotKey) : viewOf(ctx).senders.map(senderKey));

function Screen(ctx: ScreenContext): React.ReactElement {
  const { snapshot, ui, history } = ctx.state;
  const view = viewOf(ctx);
  const selected = chartedTable(ui);
  const chartTable = selected ? { key: selected, name: history.deadTuples.label(selected) ?? `table ${selected}` } : undefined;
  return (
    <ReplicationScreen
      view={view}
      results={[snapshot?.results.replication, snapshot?.results.recovery, snapshot?.results.slots]}
      senders={tableStateOf(ctx, SENDERS_TABLE)}
      slots={tableStateOf(ctx, SLOTS_TABLE)}
      focus={paneState(ui, REPLICATION_PANE).focus}
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
  derive,
  commands: {
    ...tableCommands({ table: focused, rowKeys: (ctx) => keysOf(ctx), pageSize: (ctx) => Math.floor(ctx.height / 2) - 2 }),
    'replication.strict': { run: (ctx) => ctx.store.dispatch(paneAction(REPLICATION_PANE, { type: 'strict' })) },
    'replication.focus': { run: (ctx) => ctx.store.dispatch(paneAction(REPLICATION_PANE, { type: 'focus', focus: focused(ctx) === SLOTS_TABLE ? 'senders' : 'slots' })) },
    'replication.watch': {
      // The selected WAL sender's standby, or this standby's primary: whichever the fleet links.
      run(ctx) {
        const name = otherEnd(ctx);
        if (name) ctx.effects.activate?.(name);
      },
      disabledReason: (ctx) => (otherEnd(ctx) && ctx.effects.activate ? undefined : 'no server of this session on the other end (give the standby or the primary as a target too)'),
    },
  },
  Component: Screen,
};

