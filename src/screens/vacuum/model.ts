/**
 * Vacuum pane logic, pure: per-table rows (statistics joined with sizes and bloat estimates), the
 * index findings, running maintenance and wraparound ages, each in display order.
 */
import type { FkWithoutIndex, IndexHealth, TableBloat } from '../../data/collectors/bloat';
import { isUnusedIndex } from '../../data/collectors/bloat';
import type { Progress } from '../../data/collectors/progress';
import { progressShare } from '../../data/collectors/progress';
import type { TableVacuum } from '../../data/collectors/vacuum';
import type { DatabaseAge, TableAge } from '../../data/collectors/wraparound';
import { XID_STOP_AGE } from '../../data/collectors/wraparound';
import type { TableState } from '../../state/ui';
import { sortRows, textFilter, type SortValue, type SubTable } from '../tables';

const sub = (id: string, sortColumn: string, sortColumns: string[], desc = true): SubTable => ({
  id,
  initial: { sortColumn, desc, filter: '', selected: null },
  sortColumns,
});

export const TABLES_TABLE = sub('vacuum.tables', 'dead', ['dead', 'deadShare', 'trigger', 'size', 'bloatShare', 'bloat', 'lastVacuum', 'lastAnalyze', 'xidAge', 'name']);
export const INDEXES_TABLE = sub('vacuum.indexes', 'issue', ['issue', 'size', 'scans', 'bloatShare', 'bloat', 'name', 'table']);
export const PROGRESS_TABLE = sub('vacuum.progress', 'running', ['running', 'done', 'relation', 'command', 'pid']);
export const WRAPAROUND_TABLE = sub('vacuum.wraparound', 'xidAge', ['xidAge', 'mxidAge', 'name']);

/** One table of the tables view. */
export interface TableRow {
  key: string;
  stats: TableVacuum;
  bloat: TableBloat | undefined;
  qualified: string;
  deadShare: number | null;
  /** Dead tuples / autovacuum's vacuum threshold: 1 or more means due. */
  vacuumRatio: number | null;
  /** Inserts since vacuum / the insert threshold (13+). */
  insertRatio: number | null;
  analyzeRatio: number | null;
  /** The most advanced of the three ratios: how close the next autovacuum or autoanalyze is. */
  triggerRatio: number | null;
  lastVacuum: number | null;
  lastAnalyze: number | null;
  /** Main fork size: measured when the bloat collector ran, else pages × block size from pg_class. */
  sizeBytes: number | null;
  sizeMeasured: boolean;
}

const ratio = (n: number | null, threshold: number | null): number | null => (n == null || threshold == null || !(threshold > 0) ? null : n / threshold);
const maxOf = (...xs: (number | null)[]): number | null => xs.reduce<number | null>((m, x) => (x == null ? m : m == null || x > m ? x : m), null);

export function tableRows(stats: readonly TableVacuum[], bloat: readonly TableBloat[], blockSize: number): TableRow[] {
  const byRelid = new Map(bloat.map((b) => [b.relid, b]));
  return stats.map((t) => {
    const b = byRelid.get(t.relid);
    const total = t.liveTuples + t.deadTuples;
    const vacuumRatio = ratio(t.deadTuples, t.vacThreshold);
    const insertRatio = ratio(t.insSinceVacuum, t.insThreshold);
    const analyzeRatio = ratio(t.modSinceAnalyze, t.anlThreshold);
    const measured = b?.tableBytes != null;
    return {
      key: String(t.relid),
      stats: t,
      bloat: b,
      qualified: `${t.schema}.${t.name}`,
      deadShare: total > 0 ? t.deadTuples / total : null,
      vacuumRatio,
      insertRatio,
      analyzeRatio,
      triggerRatio: maxOf(vacuumRatio, insertRatio, analyzeRatio),
      lastVacuum: maxOf(t.lastVacuum, t.lastAutovacuum),
      lastAnalyze: maxOf(t.lastAnalyze, t.lastAutoanalyze),
      sizeBytes: measured ? b!.tableBytes : t.relpages * blockSize,
      sizeMeasured: measured,
    };
  });
}

function tableSort(r: TableRow, column: string): SortValue {
  switch (column) {
    case 'dead': return r.stats.deadTuples;
    case 'deadShare': return r.deadShare;
    case 'trigger': return r.triggerRatio;
    case 'size': return r.sizeBytes;
    case 'bloatShare': return r.bloat?.bloatShare;
    case 'bloat': return r.bloat?.bloatBytes;
    // Never vacuumed sorts as the oldest.
    case 'lastVacuum': return r.lastVacuum == null ? -Infinity : -r.lastVacuum;
    case 'lastAnalyze': return r.lastAnalyze == null ? -Infinity : -r.lastAnalyze;
    case 'xidAge': return r.stats.xidAge;
    case 'name': return r.qualified;
    default: return null;
  }
}

export function sortTables(rows: readonly TableRow[], t: TableState): TableRow[] {
  const f = textFilter(t.filter);
  return sortRows(rows.filter((r) => f([r.qualified, r.stats.reloptions])), (r) => tableSort(r, t.sortColumn), t.desc);
}

/** One row of the indexes view: an index, or a foreign key that lacks one. */
export interface IndexRow {
  key: string;
  kind: 'index' | 'fk';
  schema: string;
  table: string;
  name: string;
  bytes: number | null;
  scans: number | null;
  bloatShare: number | null;
  bloatBytes: number | null;
  /** Findings, worst first: INVALID, NO INDEX, DUPLICATE, UNUSED. */
  issues: string[];
  /** 3 invalid, 2 missing index or duplicate, 1 unused, 0 nothing. */
  rank: number;
  /** CREATE INDEX text, or the foreign key's columns and target. */
  detail: string | null;
}

export function indexRows(indexes: readonly IndexHealth[], fks: readonly FkWithoutIndex[]): IndexRow[] {
  const rows: IndexRow[] = indexes.map((i) => {
    const issues: string[] = [];
    let rank = 0;
    if (!i.valid) {
      issues.push('INVALID');
      rank = 3;
    }
    if (i.duplicates.length) {
      issues.push(`DUPLICATE of ${i.duplicates.join(', ')}`);
      rank = Math.max(rank, 2);
    }
    if (isUnusedIndex(i)) {
      issues.push('UNUSED');
      rank = Math.max(rank, 1);
    }
    return {
      key: `i${i.indexRelid}`,
      kind: 'index',
      schema: i.schema,
      table: i.table,
      name: i.name,
      bytes: i.bytes,
      scans: i.scans,
      bloatShare: i.bloatShare,
      bloatBytes: i.bloatBytes,
      issues,
      rank,
      detail: i.definition,
    };
  });
  for (const f of fks) {
    rows.push({
      key: `f${f.constraintOid}`,
      kind: 'fk',
      schema: f.schema,
      table: f.table,
      name: `(${f.columns})`,
      bytes: null,
      scans: null,
      bloatShare: null,
      bloatBytes: null,
      issues: [`NO INDEX for FK ${f.constraint}`],
      rank: 2,
      detail: `FOREIGN KEY (${f.columns}) REFERENCES ${f.referencedTable}: deletes and key updates on ${f.referencedTable} scan ${f.table} (${f.reltuples > 0 ? Math.round(f.reltuples) : '?'} rows)`,
    });
  }
  return rows;
}

function indexSort(r: IndexRow, column: string): SortValue {
  switch (column) {
    // Worst finding first, the biggest first among equals.
    case 'issue': return r.rank * 1e15 + (r.bytes ?? 0);
    case 'size': return r.bytes;
    case 'scans': return r.scans;
    case 'bloatShare': return r.bloatShare;
    case 'bloat': return r.bloatBytes;
    case 'name': return r.name;
    case 'table': return `${r.schema}.${r.table}`;
    default: return null;
  }
}

export function sortIndexes(rows: readonly IndexRow[], t: TableState): IndexRow[] {
  const f = textFilter(t.filter);
  return sortRows(rows.filter((r) => f([r.name, r.table, r.schema, r.issues.join(' '), r.detail])), (r) => indexSort(r, t.sortColumn), t.desc);
}

function progressSort(p: Progress, column: string): SortValue {
  switch (column) {
    case 'running': return p.started == null ? null : p.now - p.started;
    case 'done': return progressShare(p);
    case 'relation': return p.relation;
    case 'command': return p.command;
    case 'pid': return p.pid;
    default: return null;
  }
}

export function sortProgress(rows: readonly Progress[], t: TableState): Progress[] {
  const f = textFilter(t.filter);
  return sortRows(rows.filter((p) => f([p.relation, p.command, p.phase, p.database, String(p.pid)])), (p) => progressSort(p, t.sortColumn), t.desc);
}

/** One row of the wraparound view: a database, or one of the oldest tables of this one. */
export interface AgeRow {
  key: string;
  kind: 'database' | 'table';
  name: string;
  xidAge: number;
  mxidAge: number;
  freezeMaxAge: number;
  /** xidAge / freeze_max_age: at 1 autovacuum forces an anti-wraparound vacuum. */
  freezeRatio: number;
  /** xidAge / the age at which the server stops assigning XIDs. */
  stopRatio: number;
  bytes: number | null;
}

export function ageRows(dbs: readonly DatabaseAge[], tables: readonly TableAge[]): AgeRow[] {
  return [
    ...dbs.map((d) => ({
      key: `d:${d.database}`,
      kind: 'database' as const,
      name: d.database,
      xidAge: d.xidAge,
      mxidAge: d.mxidAge,
      freezeMaxAge: d.freezeMaxAge,
      freezeRatio: d.freezeMaxAge > 0 ? d.xidAge / d.freezeMaxAge : 0,
      stopRatio: d.xidAge / XID_STOP_AGE,
      bytes: null,
    })),
    ...tables.map((t) => ({
      key: `t:${t.relid}`,
      kind: 'table' as const,
      name: `${t.schema}.${t.name}`,
      xidAge: t.xidAge,
      mxidAge: t.mxidAge,
      freezeMaxAge: t.freezeMaxAge,
      freezeRatio: t.freezeMaxAge > 0 ? t.xidAge / t.freezeMaxAge : 0,
      stopRatio: t.xidAge / XID_STOP_AGE,
      bytes: t.tableBytes,
    })),
  ];
}

export function sortAges(rows: readonly AgeRow[], t: TableState): AgeRow[] {
  const f = textFilter(t.filter);
  const v = (r: AgeRow): SortValue => (t.sortColumn === 'mxidAge' ? r.mxidAge : t.sortColumn === 'name' ? r.name : r.xidAge);
  return sortRows(rows.filter((r) => f([r.name, r.kind])), v, t.desc);
}
