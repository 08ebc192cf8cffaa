/**
 * "Why isn't VACUUM cleaning up?": everything holding back the xmin horizon — sessions with an
 * old snapshot or transaction, prepared transactions, replication slots, standbys with
 * hot_standby_feedback — oldest first.
 */
import type { Collector } from '../collector';
import type { Row } from '../db';
import { backendKey } from './activity';
import { str, num } from '../values';


export type HolderKind = 'backend' | 'prepared' | 'slot' | 'standby';

/** One thing that holds the xmin horizon back. Strings are untrusted server text. */
export interface HorizonHolder {
  key: string;
  kind: HolderKind;
  pid: number | null;
  backendStart: number | null;
  /** application_name, prepared transaction gid, slot name or standby name. */
  name: string;
  user: string | null;
  database: string | null;
  /** Backend state, slot active/inactive, standby streaming state. */
  state: string | null;
  xmin: string | null;
  /** In transactions: how far behind the next XID the held xmin is. */
  xminAge: number | null;
  /** When the holder started holding (transaction start, preparation, standby connection). */
  since: number | null;
  /** Backend type, slot kind (`physical xmin`, `logical catalog_xmin`) or standby address. */
  detail: string | null;
  /** Key of the backend in the activity pane, when the holder is a session there. */
  activityKey: string | null;
}

function toHolder(r: Row): HorizonHolder {
  const kind = String(r.kind) as HolderKind;
  const pid = num(r.pid);
  const backendStart = num(r.backend_start);
  const name = String(r.name ?? '');
  const detail = str(r.detail);
  return {
    key: `${kind}:${pid ?? ''}:${name}:${detail ?? ''}`,
    kind,
    pid,
    backendStart,
    name,
    user: str(r.user),
    database: str(r.database),
    state: str(r.state),
    xmin: str(r.xmin),
    xminAge: num(r.xmin_age),
    since: num(r.since),
    detail,
    activityKey: (kind === 'backend' || kind === 'standby') && pid != null && backendStart != null ? backendKey(pid, backendStart) : null,
  };
}

export const horizonCollector: Collector<HorizonHolder[]> = {
  id: 'horizon',
  query: 'horizon',
  params: (ctx) => [ctx.ownPids],
  parse: (rows) => rows.map(toHolder),
  fixHint(failure, ctx) {
    if (failure.kind === 'privilege') return `GRANT pg_monitor TO ${ctx.caps.currentUser};`;
    return undefined;
  },
};
