/**
 * The history the charts draw: header sparklines, the charts view of the replication pane, the
 * vacuum pane's dead tuples. Recorded in one place, by the store, from every snapshot (paused or
 * not, so charts have no hole for time the operator spent reading); a collector that did not run
 * leaves a gap. The data layer reads the server; what is worth keeping for a chart is decided here.
 */
import { freshDataOf, type Snapshot } from '../data/collector';
import { summaryCollector } from '../data/collectors/summary';
import type { TableVacuum } from '../data/collectors/vacuum';
import { Series, SeriesByKey } from '../data/history';
import { lagSamples } from '../data/replicationLag';

/** How many of the tables with the most dead tuples are recorded besides the charted one. */
const DEAD_TUPLES_TOP = 5;

export interface History {
  tps: Series;
  connections: Series;
  hitRatio: Series;
  connActive: Series;
  connIdle: Series;
  connIdleInXact: Series;
  /** Replay lag in seconds, by standby name. */
  lag: SeriesByKey;
  /** n_dead_tup, by table relid: the charted table and the worst few, labelled schema.name. */
  deadTuples: SeriesByKey;
}

export function newHistory(): History {
  return {
    tps: new Series(),
    connections: new Series(),
    hitRatio: new Series(),
    connActive: new Series(),
    connIdle: new Series(),
    connIdleInXact: new Series(),
    lag: new SeriesByKey(),
    deadTuples: new SeriesByKey(600, 24),
  };
}

/**
 * Feeds one snapshot into the series. `rates` are the header's rates over the last interval;
 * `chartTable` is the table (relid as text) the operator looks at, whose dead tuples are kept
 * even when it is not among the worst.
 */
export function recordHistory(h: History, snap: Snapshot, rates: { tps: number | null; hitRatio: number | null }, chartTable: string | null): void {
  h.tps.push(rates.tps);
  h.hitRatio.push(rates.hitRatio);
  const s = freshDataOf(snap, summaryCollector);
  h.connections.push(s ? s.clientTotal : null);
  h.connActive.push(s ? s.active : null);
  h.connIdle.push(s ? s.idle : null);
  h.connIdleInXact.push(s ? s.idleInXact : null);
  const lag = lagSamples(snap);
  if (lag) h.lag.push(lag);
  else h.lag.gapAll();
  const vac = snap.results.vacuum;
  if (vac?.state === 'ok') {
    const tables = vac.data as TableVacuum[];
    const picked = new Map<string, number | null>();
    const charted = chartTable ? tables.find((t) => String(t.relid) === chartTable) : undefined;
    if (charted) picked.set(String(charted.relid), charted.deadTuples);
    const worst = [...tables].sort((a, b) => b.deadTuples - a.deadTuples).slice(0, DEAD_TUPLES_TOP);
    for (const t of worst) if (t.deadTuples > 0) picked.set(String(t.relid), t.deadTuples);
    // The name goes with the series: a chart titles it after the vacuum collector stopped running.
    const names = new Map(tables.filter((t) => picked.has(String(t.relid))).map((t) => [String(t.relid), `${t.schema}.${t.name}`]));
    h.deadTuples.push(picked, names);
  } else h.deadTuples.gapAll();
}

/** A gap in every series: the connection was lost. */
export function gapHistory(h: History): void {
  for (const s of [h.tps, h.connections, h.hitRatio, h.connActive, h.connIdle, h.connIdleInXact]) s.gap();
  h.lag.gapAll();
  h.deadTuples.gapAll();
}
