/**
 * Columns of the vacuum pane's views. Server strings go through safeLine() here, for visible rows
 * only. Estimated figures are marked `~`; a table skipped for a lock reads `locked`.
 */
import type { Progress } from '../../data/collectors/progress';
import { progressShare } from '../../data/collectors/progress';
import type { ColumnSpec } from '../../components/table-layout';
import { bytes, count, duration, percent, xidAge } from '../../format';
import { safeLine, trusted, type SafeText } from '../../text/sanitize';
import { grade, type Severity, type Thresholds } from '../../problems/thresholds';
import { glyphs } from '../../text/terminal';
import type { Tone } from '../../components/theme';
import type { AgeRow, IndexRow, TableRow } from './model';

export interface ColumnContext {
  nowMs: number;
  ascii: boolean;
  /** DEAD% past the dead tuple limits is coloured and marked, as the problems judge it. */
  thresholds?: Thresholds;
}

/**
 * The dead tuple share against its limits, judged as the problems do: only once the table is past
 * its autovacuum trigger (a small table with a few dead rows is not a problem).
 */
export function deadShareSeverity(r: TableRow, th: Thresholds | undefined): Severity | undefined {
  if (!th || r.vacuumRatio == null || r.vacuumRatio < 1) return undefined;
  return grade(r.deadShare, th.deadTupleRatio, false, undefined, 0);
}

export const VACUUM_LEGEND: [string, string][] = [
  ['DEAD / DEAD%', 'n_dead_tup, and its share of live + dead tuples (pg_stat_user_tables); ! / !! past the dead tuple warning / critical limit, on a table past its autovacuum trigger'],
  ['NEXT AV', 'how far the table is towards its next autovacuum or autoanalyze (100% = due; the worst of dead tuples, inserts and changes against threshold + scale_factor x reltuples, with the table\'s own settings); off = autovacuum_enabled=off'],
  ['BLOAT% / BLOAT', 'space a rewrite would give back, estimated from pg_class and pg_stats (~: estimate; e: exact from pgstattuple); none without statistics'],
  ['SIZE', 'main fork; ~ when taken from pg_class between the slow size readings'],
  ['LAST VAC / LAST AN', 'time since the last (auto)vacuum / (auto)analyze; never if none since the statistics were reset'],
  ['Indexes view', 'INVALID: a failed CREATE INDEX CONCURRENTLY; DUPLICATE: same columns, expressions, opclasses and predicate; UNUSED: idx_scan = 0 and no constraint; NO INDEX: a foreign key whose columns lead no index'],
  ['Wraparound view', 'age of datfrozenxid / relfrozenxid against autovacuum_freeze_max_age (FREEZE%) and the 2^31 hard stop (STOP%)'],
];

const ago = (t: number | null, nowMs: number, ascii: boolean): SafeText => (t == null ? trusted('never') : duration(Math.max(0, nowMs / 1000 - t), { ascii }));

export function tableColumns(ctx: ColumnContext): ColumnSpec<TableRow>[] {
  const o = { ascii: ctx.ascii };
  const g = glyphs(!ctx.ascii);
  return [
    { id: 'name', title: 'TABLE', width: 16, flex: true, priority: 0, render: (r) => safeLine(r.qualified) },
    { id: 'dead', title: 'DEAD', width: 6, align: 'right', priority: 0, render: (r) => count(r.stats.deadTuples, o) },
    {
      id: 'deadShare',
      title: 'DEAD%',
      width: 8,
      align: 'right',
      priority: 1,
      // The marker says it without colour: `!` past the warning limit, `!!` past the critical one.
      render: (r) => {
        const s = deadShareSeverity(r, ctx.thresholds);
        return trusted(percent(r.deadShare, o) + (s === 'critical' ? g.alertCritical : s === 'warning' ? g.alertWarn : ''));
      },
      tone: (r): Tone | undefined => {
        const s = deadShareSeverity(r, ctx.thresholds);
        return s === 'critical' ? 'bad' : s === 'warning' ? 'warn' : undefined;
      },
    },
    {
      id: 'trigger',
      title: 'NEXT AV',
      width: 7,
      align: 'right',
      priority: 1,
      render: (r) => (r.stats.autovacuumEnabled ? (r.triggerRatio != null && r.triggerRatio >= 1 ? trusted('due') : percent(r.triggerRatio, o)) : trusted('off')),
    },
    {
      id: 'size',
      title: 'SIZE',
      width: 8,
      align: 'right',
      priority: 2,
      render: (r) => (r.bloat?.locked ? trusted('locked') : trusted(`${r.sizeMeasured ? '' : '~'}${bytes(r.sizeBytes, o)}`)),
    },
    { id: 'bloatShare', title: 'BLOAT%', width: 7, align: 'right', priority: 0, render: (r) => (r.bloat?.bloatShare == null ? trusted('') : trusted(`~${percent(r.bloat.bloatShare, o)}`)) },
    { id: 'bloat', title: 'BLOAT', width: 8, align: 'right', priority: 3, render: (r) => (r.bloat?.bloatBytes == null ? trusted('') : trusted(`~${bytes(r.bloat.bloatBytes, o)}`)) },
    { id: 'indexes', title: 'INDEXES', width: 8, align: 'right', priority: 6, render: (r) => bytes(r.bloat?.indexBytes, o) },
    { id: 'toast', title: 'TOAST', width: 8, align: 'right', priority: 8, render: (r) => bytes(r.bloat?.toastBytes, o) },
    { id: 'lastVacuum', title: 'LAST VAC', width: 8, align: 'right', priority: 2, render: (r) => ago(r.lastVacuum, ctx.nowMs, ctx.ascii) },
    { id: 'lastAnalyze', title: 'LAST AN', width: 8, align: 'right', priority: 4, render: (r) => ago(r.lastAnalyze, ctx.nowMs, ctx.ascii) },
    { id: 'live', title: 'LIVE', width: 6, align: 'right', priority: 5, render: (r) => count(r.stats.liveTuples, o) },
    { id: 'xidAge', title: 'XID AGE', width: 7, align: 'right', priority: 7, render: (r) => xidAge(r.stats.xidAge, o) },
    { id: 'options', title: 'OPTIONS', width: 16, priority: 9, render: (r) => safeLine(r.stats.reloptions ?? '') },
  ];
}

export function indexColumns(ctx: ColumnContext): ColumnSpec<IndexRow>[] {
  const o = { ascii: ctx.ascii };
  return [
    { id: 'name', title: 'INDEX', width: 22, priority: 0, render: (r) => safeLine(r.name) },
    { id: 'table', title: 'TABLE', width: 18, priority: 1, render: (r) => safeLine(`${r.schema}.${r.table}`) },
    { id: 'issue', title: 'FINDING', width: 18, flex: true, priority: 0, render: (r) => safeLine(r.issues.join('; ')) },
    { id: 'size', title: 'SIZE', width: 8, align: 'right', priority: 0, render: (r) => (r.kind === 'fk' ? trusted('') : bytes(r.bytes, o)) },
    { id: 'scans', title: 'SCANS', width: 6, align: 'right', priority: 2, render: (r) => (r.kind === 'fk' ? trusted('') : count(r.scans, o)) },
    { id: 'bloatShare', title: 'BLOAT%', width: 7, align: 'right', priority: 3, render: (r) => (r.bloatShare == null ? trusted('') : trusted(`~${percent(r.bloatShare, o)}`)) },
    { id: 'bloat', title: 'BLOAT', width: 8, align: 'right', priority: 4, render: (r) => (r.bloatBytes == null ? trusted('') : trusted(`~${bytes(r.bloatBytes, o)}`)) },
  ];
}

/** A share as a bar and a percentage: `[#####-----] 52%`. */
export function bar(share: number | null, width: number, ascii: boolean): SafeText {
  if (share == null) return trusted('');
  const cells = Math.max(1, width - 6);
  const full = Math.round(share * cells);
  const [on, off] = ascii ? ['#', '-'] : ['█', '░'];
  return trusted(`${on.repeat(full)}${off.repeat(cells - full)} ${String(Math.floor(share * 100)).padStart(3)}%`);
}

export function progressColumns(ctx: ColumnContext): ColumnSpec<Progress>[] {
  const o = { ascii: ctx.ascii };
  return [
    { id: 'pid', title: 'PID', width: 7, align: 'right', priority: 0, render: (p) => trusted(String(p.pid)) },
    { id: 'command', title: 'COMMAND', width: 12, priority: 0, render: (p) => safeLine(p.autovacuum ? `auto${p.command.toLowerCase()}` : p.command) },
    { id: 'relation', title: 'RELATION', width: 16, flex: true, priority: 0, render: (p) => safeLine(p.relation ?? (p.relid ? `oid ${p.relid} in ${p.database ?? '?'}` : '')) },
    { id: 'phase', title: 'PHASE', width: 20, priority: 1, render: (p) => safeLine(p.phase) },
    { id: 'done', title: 'PHASE DONE', width: 16, priority: 0, render: (p) => bar(progressShare(p), 16, ctx.ascii) },
    { id: 'running', title: 'RUNNING', width: 7, align: 'right', priority: 0, render: (p) => duration(p.started == null ? null : p.now - p.started, o) },
    {
      id: 'detail',
      title: 'DETAIL',
      width: 22,
      priority: 3,
      render: (p) =>
        trusted(
          [
            p.total != null && p.done != null ? `${count(p.done, o)}/${count(p.total, o)} ${p.unit ?? ''}` : '',
            p.indexVacuumCount ? `index passes ${p.indexVacuumCount}` : '',
            p.deadItems != null ? `dead ${count(p.deadItems, o)}` : '',
          ]
            .filter(Boolean)
            .join(', '),
        ),
    },
    { id: 'database', title: 'DATABASE', width: 10, priority: 4, render: (p) => safeLine(p.database) },
  ];
}

export function ageColumns(ctx: ColumnContext): ColumnSpec<AgeRow>[] {
  const o = { ascii: ctx.ascii };
  return [
    { id: 'name', title: 'DATABASE / TABLE', width: 20, flex: true, priority: 0, render: (r) => safeLine(r.kind === 'database' ? `db ${r.name}` : `   ${r.name}`) },
    { id: 'xidAge', title: 'XID AGE', width: 8, align: 'right', priority: 0, render: (r) => xidAge(r.xidAge, o) },
    { id: 'freeze', title: 'FREEZE%', width: 8, align: 'right', priority: 0, render: (r) => percent(r.freezeRatio, o) },
    { id: 'stop', title: 'STOP%', width: 6, align: 'right', priority: 1, render: (r) => percent(r.stopRatio, o) },
    { id: 'mxidAge', title: 'MXID AGE', width: 8, align: 'right', priority: 2, render: (r) => xidAge(r.mxidAge, o) },
    { id: 'freezeMax', title: 'FREEZE AT', width: 9, align: 'right', priority: 3, render: (r) => xidAge(r.freezeMaxAge, o) },
    { id: 'size', title: 'SIZE', width: 8, align: 'right', priority: 4, render: (r) => (r.bytes == null ? trusted('') : bytes(r.bytes, o)) },
  ];
}
