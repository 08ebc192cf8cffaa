/**
 * Enter on a problem (the `!` list): open the pane that shows its culprit with the culprit's row
 * selected. The problem names the row in its pane's own terms (a backend key, a relid, a standby
 * key, a slot name, a statement key); panes whose rows load only once they are visible (locks,
 * xmin horizon) are given the culprit to look for, and their derivation selects it when it arrives.
 * A filter that would hide the culprit is cleared: the operator asked for that row.
 */
import { paneAction } from '../state/panes';
import { HORIZON_PANE } from './horizon/pane';
import { LOCKS_PANE } from './locks/pane';
import { REPLICATION_PANE } from './replication/pane';
import { VACUUM_PANE } from './vacuum/pane';
import type { Problem } from '../problems/types';
import type { TableState } from '../state/ui';
import { activityScreen } from './activity';
import { SENDERS_TABLE, SLOTS_TABLE } from './replication/model';
import { statementsScreen } from './statements';
import type { ScreenContext } from './types';
import { TABLES_TABLE } from './vacuum/model';
import { FLEET_TABLE } from './fleet/model';

function select(ctx: ScreenContext, table: string, initial: TableState, key: string): void {
  const cur = ctx.state.ui.tables[table];
  if (cur?.filter) ctx.store.dispatch({ type: 'filter.set', table, initial, value: '' });
  ctx.store.dispatch({ type: 'select', table, key, initial });
}

/** The pid of a backend row key (`pid:backend_start`). */
const pidOf = (row: string): number | null => {
  const n = Number(row.split(':')[0]);
  return Number.isInteger(n) && n > 0 ? n : null;
};

/** Switches to the problem's pane with its culprit selected (or about to be, once its rows load). */
export function jumpToProblem(p: Problem, ctx: ScreenContext): void {
  const row = p.pane.row;
  switch (p.pane.screen) {
    case 'activity':
      if (row) select(ctx, activityScreen.table!.id, activityScreen.table!.initial, row);
      break;
    case 'locks': {
      const pid = row ? pidOf(row) : p.subject.kind === 'pid' ? Number(p.subject.value) : null;
      if (pid) {
        const filter = ctx.state.ui.tables.locks?.filter;
        if (filter) ctx.store.dispatch({ type: 'filter.set', table: 'locks', value: '' });
        ctx.store.dispatch(paneAction(LOCKS_PANE, { type: 'focus', pid }));
      }
      break;
    }
    case 'vacuum':
      if (row) {
        ctx.store.dispatch(paneAction(VACUUM_PANE, { type: 'view', view: 'tables' }));
        select(ctx, TABLES_TABLE.id, TABLES_TABLE.initial, row);
      }
      break;
    case 'replication':
      if (row) {
        const t = p.subject.kind === 'slot' ? SLOTS_TABLE : SENDERS_TABLE;
        ctx.store.dispatch(paneAction(REPLICATION_PANE, { type: 'focus', focus: t === SLOTS_TABLE ? 'slots' : 'senders' }));
        select(ctx, t.id, t.initial, row);
      }
      break;
    case 'statements':
      if (row) select(ctx, statementsScreen.table!.id, statementsScreen.table!.initial, row);
      break;
    case 'fleet':
      if (row) select(ctx, FLEET_TABLE.id, FLEET_TABLE.initial, row);
      break;
    case 'horizon':
      if (row) ctx.store.dispatch(paneAction(HORIZON_PANE, { type: 'focus', key: row }));
      break;
  }
  ctx.store.dispatch({ type: 'screen', id: p.pane.screen });
}
