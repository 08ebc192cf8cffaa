import React from 'react';
import { paneAction, paneState } from '../../state/panes';
import { REPLICATION_PANE } from './pane';
import { VACUUM_TABLES_UI } from '../../data/collectors/replicationHistory';
import type { ScreenContext, ScreenDef } from '../types';
import { keepSelection, tableStateOf } from '../tables';
import { tableCommands } from '../tableCommands';
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
  const { strict } = paneState(ui, REPLICATION_PANE);
  const key = [snapshot, senders, slots, strict, caps?.inRecovery];
  if (memo && memo.key.every((k, i) => k === key[i])) return memo.view;
  const view = replicationView(snapshot, {
    strict,
    inRecoveryAtConnect: caps?.inRecovery ?? false,
    senders,
    slots,
    nowMs: ctx.nowMs,
  });
  memo = { key, view };
  return view;
}

const focused = (ctx: ScreenContext) => (paneState(ctx.state.ui, REPLICATION_PANE).focus === 'slots' ? SLOTS_TABLE : SENDERS_TABLE);
const keysOf = (ctx: ScreenContext, t = focused(ctx)) => (t === SLOTS_TABLE ? viewOf(ctx).slots.map(slotKey) : viewOf(ctx).senders.map(senderKey));

function Screen(ctx: ScreenContext): React.ReactElement {
  const { snapshot, ui, history } = ctx.state;
  const view = viewOf(ctx);
  const senderKeys = view.senders.map(senderKey).join('\n');
  const slotKeys = view.slots.map(slotKey).join('\n');
  React.useEffect(() => {
    keepSelection(ctx, SENDERS_TABLE, view.senders.map(senderKey));
    keepSelection(ctx, SLOTS_TABLE, view.slots.map(slotKey));
  }, [senderKeys, slotKeys]);
  const selected = ui.tables[VACUUM_TABLES_UI]?.selected ?? null;
  const chartTable = selected ? { key: selected, name: tableNameOf(selected) ?? `table ${selected}` } : undefined;
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
  commands: {
    ...tableCommands({ table: focused, rowKeys: (ctx) => keysOf(ctx), pageSize: (ctx) => Math.floor(ctx.height / 2) - 2 }),
    'replication.strict': { run: (ctx) => ctx.store.dispatch(paneAction(REPLICATION_PANE, { type: 'strict' })) },
    'replication.focus': { run: (ctx) => ctx.store.dispatch(paneAction(REPLICATION_PANE, { type: 'focus', focus: focused(ctx) === SLOTS_TABLE ? 'senders' : 'slots' })) },
  },
  Component: Screen,
};

