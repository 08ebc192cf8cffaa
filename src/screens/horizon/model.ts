/**
 * Xmin horizon logic, pure: holders in display order, the one answer ("held by …"), and what
 * would release each kind of holder.
 */
import type { HorizonHolder } from '../../data/collectors/horizon';
import type { TableState } from '../../state/ui';
import { sortRows, textFilter, type SortValue, type SubTable } from '../tables';

export const HORIZON_TABLE: SubTable = {
  id: 'horizon',
  initial: { sortColumn: 'age', desc: true, filter: '', selected: null },
  sortColumns: ['age', 'held', 'kind', 'name'],
};

function sortValue(h: HorizonHolder, column: string, nowS: number): SortValue {
  switch (column) {
    case 'age': return h.xminAge;
    case 'held': return h.since == null ? null : nowS - h.since;
    case 'kind': return h.kind;
    case 'name': return h.name;
    default: return null;
  }
}

export function horizonRows(holders: readonly HorizonHolder[], t: TableState, nowMs: number): HorizonHolder[] {
  const f = textFilter(t.filter);
  return sortRows(
    holders.filter((h) => f([h.kind, h.name, h.user, h.database, h.state, h.detail, h.pid == null ? null : String(h.pid)])),
    (h) => sortValue(h, t.sortColumn, nowMs / 1000),
    t.desc,
  );
}

/** The holder with the oldest xmin, whatever the sort and filter. */
export function oldestHolder(holders: readonly HorizonHolder[]): HorizonHolder | undefined {
  let best: HorizonHolder | undefined;
  for (const h of holders) if (h.xminAge != null && (!best || h.xminAge > (best.xminAge ?? -1))) best = h;
  return best;
}

/** Who a holder is, in a few words (server text inside: sanitize). */
export function describeHolder(h: HorizonHolder): string {
  switch (h.kind) {
    case 'backend':
      return `pid ${h.pid} ${h.state ?? ''}${h.name ? ` (${h.name})` : ''}`.replace(/\s+/g, ' ').trim();
    case 'prepared':
      return `prepared transaction '${h.name}'`;
    case 'slot':
      return `${h.state ?? ''} slot ${h.name} (${h.detail ?? ''})`.trim();
    case 'standby':
      return `standby ${h.name} (hot_standby_feedback)`;
  }
}

/** What releases it (server text inside: sanitize). */
export function releaseHint(h: HorizonHolder): string {
  switch (h.kind) {
    case 'backend':
      return h.state?.startsWith('idle in transaction')
        ? 'the application must COMMIT or ROLLBACK; or terminate the session (Enter: show it in the activity pane, then K)'
        : 'a long transaction or query: let it finish, cancel it or terminate it (Enter: show it in the activity pane)';
    case 'prepared':
      return `COMMIT PREPARED '${h.name}' or ROLLBACK PREPARED '${h.name}' (as its owner, in database ${h.database ?? '?'})`;
    case 'slot':
      return h.state === 'inactive'
        ? `nothing consumes it: if it is abandoned, SELECT pg_drop_replication_slot('${h.name}')`
        : 'its consumer is behind: check the subscriber or the standby using it';
    case 'standby':
      return 'a long query on that standby holds this back through hot_standby_feedback (Enter: its walsender in the activity pane)';
  }
}
