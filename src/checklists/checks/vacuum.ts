/** Table health: dead tuples, estimated bloat, stale statistics, autovacuum keeping up. */
import { tableBloatCollector, type TableBloat } from '../../data/collectors/bloat';
import type { Capabilities } from '../../data/server';
import { vacuumCollector, type TableVacuum } from '../../data/collectors/vacuum';
import { bytes, count, duration } from '../../format';
import { fromCollector } from '../sources';
import type { Unseen } from '../types';
import { counted, grantRead, some, withUnseen } from './coverage';
import { defineCheck, gradeHigh, pct, qname, worst } from './define';

const vacuum = fromCollector(vacuumCollector);
const bloat = fromCollector(tableBloatCollector);
const TOP = 10;

const deadShare = (t: TableVacuum): number => (t.liveTuples + t.deadTuples > 0 ? t.deadTuples / (t.liveTuples + t.deadTuples) : 0);

export const deadTuples = defineCheck({
  id: 'dead_tuples',
  title: 'Dead tuples',
  thresholdsDoc: 'warn/fail: share of dead tuples in a table (0.1 = 10 %); min: ignore tables with fewer dead tuples than this',
  defaults: { warn: 0.1, fail: 0.2, min: 1000 },
  sources: [vacuum],
  evaluate([tables], th) {
    const judged = tables.filter((t) => t.deadTuples >= (th.min ?? 0)).sort((a, b) => deadShare(b) - deadShare(a));
    const bad = judged.filter((t) => gradeHigh(deadShare(t), th) !== 'pass');
    return {
      outcome: worst(bad.map((t) => gradeHigh(deadShare(t), th))),
      summary: bad.length === 0 ? `no table above ${pct(th.warn ?? 0.1)} dead tuples` : `${bad.length} tables above ${pct(th.warn ?? 0.1)} dead tuples; worst ${qname(bad[0]!.schema, bad[0]!.name)} at ${pct(deadShare(bad[0]!))}`,
      evidence: { columns: ['table', 'dead', 'live', 'dead share', 'last vacuum'], rows: judged.slice(0, TOP).map((t) => [qname(t.schema, t.name), String(count(t.deadTuples)), String(count(t.liveTuples)), pct(deadShare(t)), lastOf(t.lastVacuum, t.lastAutovacuum)]) },
      findings: bad.map((t) => `dead_tuples:${t.schema}.${t.name}`),
    };
  },
});

function lastOf(a: number | null, b: number | null): string {
  const t = Math.max(a ?? 0, b ?? 0);
  return t === 0 ? 'never' : new Date(t * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

export const tableBloat = defineCheck({
  id: 'table_bloat',
  title: 'Table bloat (estimate)',
  thresholdsDoc: 'warn/fail: estimated share of a table a rewrite would give back (0.3 = 30 %); min: ignore tables smaller than this many bytes',
  defaults: { warn: 0.3, fail: 0.6, min: 8 * 1024 * 1024 },
  sources: [bloat],
  evaluate([tables], th, env) {
    // A locked table has no size this run (the size functions would queue behind the lock): the
    // catalog's page count says whether it is big enough to matter.
    const size = (t: TableBloat): number => t.tableBytes ?? t.relpages * env.caps.blockSize;
    const big = tables.filter((t) => size(t) >= (th.min ?? 0));
    const judged = big
      .filter((t) => !t.locked && t.estimated && t.bloatShare !== null)
      .sort((a, b) => (b.bloatBytes ?? 0) - (a.bloatBytes ?? 0));
    const bad = judged.filter((t) => gradeHigh(t.bloatShare!, th) !== 'pass');
    return withUnseen(
      {
        outcome: worst(bad.map((t) => gradeHigh(t.bloatShare!, th))),
        summary: bad.length === 0 ? `no table over ${String(bytes(th.min ?? 0))} above ${pct(th.warn ?? 0.3)} estimated bloat` : `${bad.length} tables above ${pct(th.warn ?? 0.3)} estimated bloat`,
        evidence: { columns: ['table', 'size', 'bloat', 'bloat share'], rows: judged.slice(0, TOP).map((t) => [qname(t.schema, t.name), String(bytes(t.tableBytes)), String(bytes(t.bloatBytes)), pct(t.bloatShare!)]) },
        findings: bad.map((t) => `table_bloat:${t.schema}.${t.name}`),
      },
      bloatUnseen(big, env.caps),
    );
  },
});

/** Tables the estimate could not judge: locked, statistics hidden from our role, or none yet. */
function bloatUnseen(tables: readonly TableBloat[], caps: Capabilities): Unseen[] {
  const out: Unseen[] = [];
  const item = (t: TableBloat): string => `table_bloat:${t.schema}.${t.name}`;
  const locked = tables.filter((t) => t.locked);
  if (locked.length > 0) {
    const by = (granted: boolean): number[] => [...new Set(locked.filter((t) => t.lockPid !== null && t.lockGranted === granted).map((t) => t.lockPid!))];
    const holders = [by(true).length > 0 ? `held by pid ${by(true).join(', ')}` : '', by(false).length > 0 ? `requested by pid ${by(false).join(', ')}` : ''].filter(Boolean);
    out.push({
      reason: `${counted(locked.length, 'table')} skipped: locked (ACCESS EXCLUSIVE ${holders.length > 0 ? holders.join(', ') : 'held by a prepared transaction'}): ${some(locked.map((t) => qname(t.schema, t.name)))}`,
      items: locked.map(item),
    });
  }
  const hidden = tables.filter((t) => !t.locked && t.statsHidden);
  if (hidden.length > 0) {
    const schemas = [...new Set(hidden.map((t) => t.schema))].sort();
    out.push({
      reason: `${counted(hidden.length, 'table')} whose statistics this role cannot read (pg_stats shows only columns it may SELECT), in schemas ${some(schemas)}`,
      grant: grantRead('TABLES', schemas, caps),
      items: hidden.map(item),
    });
  }
  // Readable but without statistics: never analyzed (autovacuum off, or right after a restore).
  const none = tables.filter((t) => !t.locked && !t.statsHidden && !t.estimated);
  if (none.length > 0) out.push({ reason: `${counted(none.length, 'table')} without statistics (never analyzed; ANALYZE gives them): ${some(none.map((t) => qname(t.schema, t.name)))}`, items: none.map(item) });
  return out;
}

export const staleStats = defineCheck({
  id: 'stale_stats',
  title: 'Stale planner statistics',
  thresholdsDoc: 'warn/fail: number of tables past their autoanalyze trigger or never analyzed; min: ignore tables with fewer live rows than this',
  defaults: { warn: 1, min: 1000 },
  sources: [vacuum],
  evaluate([tables], th, env) {
    // A table is stale when more rows changed than autovacuum_analyze_threshold + scale × reltuples
    // (autovacuum should have analyzed it), or when it holds rows and was never analyzed at all.
    const stale = tables.filter((t) => {
      if (t.liveTuples + t.modSinceAnalyze < (th.min ?? 0)) return false;
      const never = t.lastAnalyze === null && t.lastAutoanalyze === null;
      return never || t.modSinceAnalyze > t.anlThreshold;
    });
    const age = (t: TableVacuum): number | null => {
      const last = Math.max(t.lastAnalyze ?? 0, t.lastAutoanalyze ?? 0);
      return last === 0 ? null : env.nowS - last;
    };
    return {
      outcome: gradeHigh(stale.length, th),
      summary: stale.length === 0 ? 'every table was analyzed after its last significant change' : `${stale.length} tables with stale statistics`,
      evidence: { columns: ['table', 'changed since analyze', 'analyze trigger', 'analyze age'], rows: stale.slice(0, TOP * 2).map((t) => [qname(t.schema, t.name), String(count(t.modSinceAnalyze)), String(count(t.anlThreshold)), age(t) === null ? 'never' : String(duration(age(t)))]) },
      findings: stale.map((t) => `stale_stats:${t.schema}.${t.name}`),
    };
  },
});

export const autovacuumBehind = defineCheck({
  id: 'autovacuum_behind',
  title: 'Autovacuum keeping up',
  thresholdsDoc: 'warn/fail: dead tuples as a multiple of the table\'s autovacuum trigger (1 = at the trigger)',
  defaults: { warn: 1, fail: 2 },
  sources: [vacuum],
  evaluate([tables], th) {
    // Past the trigger for a moment is normal (autovacuum wakes every naptime); far past it, or on a
    // table with autovacuum switched off, the workers are not keeping up.
    const ratio = (t: TableVacuum): number => (t.vacThreshold > 0 ? t.deadTuples / t.vacThreshold : 0);
    const behind = tables.filter((t) => t.deadTuples > 0 && gradeHigh(ratio(t), th) !== 'pass').sort((a, b) => ratio(b) - ratio(a));
    return {
      outcome: worst(behind.map((t) => gradeHigh(ratio(t), th))),
      summary: behind.length === 0 ? 'no table is past its autovacuum trigger' : `${behind.length} tables past their autovacuum trigger`,
      evidence: { columns: ['table', 'dead', 'trigger', 'x trigger', 'autovacuum'], rows: behind.slice(0, TOP * 2).map((t) => [qname(t.schema, t.name), String(count(t.deadTuples)), String(count(t.vacThreshold)), ratio(t).toFixed(1), t.autovacuumEnabled ? 'on' : 'off']) },
      findings: behind.map((t) => `autovacuum_behind:${t.schema}.${t.name}`),
    };
  },
});
