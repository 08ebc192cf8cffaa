/** `snapshot --json` section of the xmin horizon screen: holders, oldest first. */
import { dataOf } from '../../data/collector';
import { horizonCollector } from '../../data/collectors/horizon';
import { failureJson, iso, type JsonSection } from '../json';

export const HORIZON_SECTIONS: JsonSection[] = [
  {
    name: 'horizon',
    collectors: [horizonCollector],
    toJson(snap) {
      return (
        failureJson(snap, horizonCollector) ??
        (dataOf(snap, horizonCollector) ?? []).map((h) => ({
          kind: h.kind,
          pid: h.pid,
          backend_start: iso(h.backendStart),
          name: h.name,
          user: h.user,
          database: h.database,
          state: h.state,
          xmin: h.xmin,
          xmin_age: h.xminAge,
          since: iso(h.since),
          detail: h.detail,
        }))
      );
    },
  },
];
