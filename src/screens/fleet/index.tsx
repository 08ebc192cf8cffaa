import React from 'react';
import type { ScreenContext, ScreenDef } from '../types';
import type { AppState } from '../../state/store';
import { reconcileSelection, type UiState } from '../../state/ui';
import { tableStateOf } from '../tableCommands';
import { tableCommands } from '../tableCommands';
import { FLEET_LEGEND } from './columns';
import { FleetScreen } from './FleetScreen';
import { FLEET_TABLE, fleetRows, shownRows } from './model';

function rowsOf(ctx: Pick<ScreenContext, 'state'>) {
  return shownRows(fleetRows(ctx.state), tableStateOf(ctx, FLEET_TABLE));
}

function Screen(ctx: ScreenContext): React.ReactElement {
  const table = tableStateOf(ctx, FLEET_TABLE);
  const all = fleetRows(ctx.state);
  const rows = React.useMemo(() => shownRows(all, table), [all, table]);
  return <FleetScreen rows={rows} table={table} total={all.length} openKey="Enter" width={ctx.width} height={ctx.height} />;
}

/** The selection, derived in the store when the fleet's rows change: a listed server, the worst at first. */
function derive(state: AppState): UiState {
  return reconcileSelection(state.ui, FLEET_TABLE.id, FLEET_TABLE.initial, rowsOf({ state }).map((r) => r.name));
}

/** The fleet pane ('0'): every server of the session; Enter makes the selected one the one the panes show. */
export const fleetScreen: ScreenDef = {
  id: 'fleet',
  title: 'Fleet',
  command: 'screen.fleet',
  // Fed by every server's own poller (src/fleet), not by collectors of its own.
  collectors: [],
  table: { id: FLEET_TABLE.id, initial: FLEET_TABLE.initial, sortColumns: FLEET_TABLE.sortColumns },
  rowKeys: (ctx) => rowsOf(ctx).map((r) => r.name),
  legend: FLEET_LEGEND,
  derive,
  commands: {
    ...tableCommands({ table: () => FLEET_TABLE, rowKeys: (ctx) => rowsOf(ctx).map((r) => r.name), pageSize: (ctx) => ctx.height - 2 }),
    'fleet.open': {
      run(ctx) {
        const sel = tableStateOf(ctx, FLEET_TABLE).selected;
        if (sel) ctx.effects.activate?.(sel);
      },
      disabledReason: (ctx) =>
        !ctx.state.fleet || !ctx.effects.activate ? 'one server in this session: give several targets to watch a fleet' : tableStateOf(ctx, FLEET_TABLE).selected ? undefined : 'no server selected',
    },
  },
  Component: Screen,
};
