/**
 * The fleet pane's model (pure): the session's servers, sorted and filtered. A session of one
 * server shows its own row, computed the same way.
 */
import { fleetView, rowWeight } from './rows';
import type { FleetRow } from '../../state/fleet';
import type { AppState } from '../../state/store';
import type { TableState } from '../../state/ui';
import { sortRows, textFilter, type SortValue } from '../tables';
import type { SubTable } from '../tableCommands';

export const FLEET_TABLE: SubTable = {
  id: 'fleet',
  initial: { sortColumn: 'severity', desc: false, filter: '', selected: null },
  sortColumns: ['severity', 'name', 'kind', 'connections', 'tps', 'lag', 'uptime'],
};

function sortValue(r: FleetRow, column: string): SortValue {
  switch (column) {
    case 'severity': return rowWeight(r);
    case 'name': return r.name;
    case 'kind': return r.kind;
    case 'connections': return r.connections !== null && r.maxConnections ? r.connections / r.maxConnections : r.connections;
    case 'tps': return r.tps;
    case 'lag': return r.lagS;
    case 'uptime': return r.uptimeS;
    default: return null;
  }
}

/** The rows of the fleet: the session's, or this server's alone when it watches one. */
export function fleetRows(state: AppState): readonly FleetRow[] {
  if (state.fleet) return state.fleet.rows;
  // One server: its row, from the same code, named by nothing more than "this server".
  return fleetView([{ name: 'this server', host: '', port: 0, bouncer: Boolean(state.bouncer), state, problems: state.problems, active: true }]).rows;
}

/** Rows as shown: filtered on name, kind, version, upstream and problem, then sorted. */
export function shownRows(rows: readonly FleetRow[], t: TableState): FleetRow[] {
  const match = textFilter(t.filter);
  const kept = rows.filter((r) => match([r.name, r.kind, r.version, r.upstream, r.worst?.text, r.state]));
  return sortRows(kept, (r) => sortValue(r, t.sortColumn), t.desc);
}
