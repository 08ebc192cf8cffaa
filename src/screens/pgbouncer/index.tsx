import { trusted } from '../../text/sanitize';
import React from 'react';
import { bouncerRequest, type BouncerCommand } from '../../actions/pgbouncer';
import type { CommandId } from '../../keys/commands';
import type { AppState } from '../../state/store';
import { reconcileSelection, type UiState } from '../../state/ui';
import { orderOf, perSnapshot, tableFor } from '../../state/memo';
import type { BouncerSnapshot } from '../../data/pgbouncer/types';
import type { ScreenContext, ScreenDef } from '../types';
import { tableStateOf } from '../tables';
import { tableCommands } from '../tableCommands';
import { BouncerScreen } from './BouncerScreen';
import { POOL_LEGEND } from './columns';
import { bouncerModel, poolRows, POOL_TABLE, type BouncerModel } from './model';

const ACTIONS = {
  'pgbouncer.pause': 'pause',
  'pgbouncer.resume': 'resume',
  'pgbouncer.reconnect': 'reconnect',
  'pgbouncer.kill': 'kill',
} as const satisfies Partial<Record<CommandId, BouncerCommand>>;

// The server's max_connections is known when pgwarden also watches the PostgreSQL behind it.
const memoModel = perSnapshot((snap: BouncerSnapshot | undefined, maxConnections: number | null) =>
  snap ? bouncerModel(snap, { serverMaxConnections: maxConnections }) : undefined,
);
const memoRows = perSnapshot((snap: BouncerSnapshot | undefined, model: BouncerModel | undefined, sortColumn: string, desc: boolean, filter: string) =>
  poolRows(model?.pools ?? [], tableFor(sortColumn, desc, filter)),
);

function modelOf(ctx: Pick<ScreenContext, 'state'>): BouncerModel | undefined {
  return memoModel(ctx.state.bouncer, ctx.state.caps?.maxConnections ?? null);
}

function rowsOf(ctx: Pick<ScreenContext, 'state'>) {
  return memoRows(ctx.state.bouncer, modelOf(ctx), ...orderOf(tableStateOf(ctx, POOL_TABLE)));
}

/** The selection, derived when the console's rows arrive: a listed pool, the worst at first. */
function derive(state: AppState): UiState {
  return reconcileSelection(state.ui, POOL_TABLE.id, POOL_TABLE.initial, rowsOf({ state }).map((r) => r.key));
}

function Screen(ctx: ScreenContext): React.ReactElement {
  const model = modelOf(ctx);
  const table = tableStateOf(ctx, POOL_TABLE);
  const pools = rowsOf(ctx);
  return (
    <BouncerScreen
      model={model}
      pools={pools}
      table={table}
      config={ctx.state.bouncer?.config ?? {}}
      clients={ctx.state.bouncer?.clients.length ?? 0}
      width={ctx.width}
      height={ctx.height}
    />
  );
}

/** Asks the one confirmation for a console command on the selected pool's database. */
function ask(command: BouncerCommand, ctx: ScreenContext): void {
  const sel = rowsOf(ctx).find((p) => p.key === tableStateOf(ctx, POOL_TABLE).selected);
  if (!sel) {
    ctx.store.dispatch({ type: 'toast', text: trusted('no database selected'), at: ctx.now() });
    return;
  }
  const db = ctx.state.bouncer?.databases.find((d) => d.name === sel.database);
  const request = bouncerRequest(command, sel.database, { paused: db?.paused, waiting: sel.clWaiting }, 'pgbouncer');
  ctx.store.dispatch({ type: 'open.confirm', request });
}

/** The PgBouncer pane ('8'): the admin console of the PgBouncer pgwarden is connected to. */
export const bouncerScreen: ScreenDef = {
  id: 'pgbouncer',
  title: 'PgBouncer',
  command: 'screen.pgbouncer',
  // Fed by the console reader (cli/bouncer.ts), not by PostgreSQL collectors.
  collectors: [],
  table: { id: POOL_TABLE.id, initial: POOL_TABLE.initial, sortColumns: POOL_TABLE.sortColumns },
  rowKeys: (ctx) => rowsOf(ctx).map((r) => r.key),
  legend: POOL_LEGEND,
  derive,
  commands: {
    ...tableCommands({ table: () => POOL_TABLE, rowKeys: (ctx) => rowsOf(ctx).map((r) => r.key), pageSize: (ctx) => ctx.height - 8 }),
    ...Object.fromEntries(Object.entries(ACTIONS).map(([id, command]) => [id, { run: (ctx: ScreenContext) => ask(command, ctx) }])),
  },
  Component: Screen,
};
