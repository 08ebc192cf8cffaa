/**
 * Disk-space trajectory: the size of every database and the WAL written, week over week, from the
 * figures each run records. The arithmetic is in ../growth.ts; this turns it into a verdict.
 */
import { bytes } from '../../format';
import { baseFor, change, trend, TREND_RUNS, walChange, walJump, type Point, type WalChange, type WalPoint } from '../growth';
import { databasesSource, hiddenDatabasesSource, walDirSource, walSource } from '../sources';
import { counted, grantStats, some, withUnseen } from './coverage';
import type { Metrics, Outcome, Unseen } from '../types';
import { defineCheck, gradeHigh, worst } from './define';
import { days, mapOf, numOf, signedBytes, signedPct, strOf, when } from './history';

const GIB = 1024 ** 3;
/** pg_wal above this many times max(max_wal_size, wal_keep_size): something retains WAL. */
const WAL_DIR_FACTOR = 2;
/** A week's WAL this many times the usual (and at least WAL_JUMP_MIN): the write volume jumped. */
const WAL_JUMP_FACTOR = 3;
const WAL_JUMP_MIN = GIB;

/** What one run recorded. */
export interface DiskSample {
  at: number;
  total: number;
  databases: Record<string, number>;
  lsn: number | null;
  lsnSource: string | null;
  systemId: string | null;
  walDir: number | null;
}

export function toMetrics(s: DiskSample): Metrics {
  return { at: s.at, total: s.total, databases: s.databases, lsn: s.lsn, lsnSource: s.lsnSource, systemId: s.systemId, walDir: s.walDir };
}

/** A sample read back from a state file; undefined when the record lacks the essentials. */
export function fromMetrics(m: Metrics): DiskSample | undefined {
  const at = numOf(m, 'at');
  const total = numOf(m, 'total');
  if (at === null || total === null) return undefined;
  return { at, total, databases: mapOf(m, 'databases'), lsn: numOf(m, 'lsn'), lsnSource: strOf(m, 'lsnSource'), systemId: strOf(m, 'systemId'), walDir: numOf(m, 'walDir') };
}

const point = (s: DiskSample): Point => ({ at: s.at, value: s.total });
const walPoint = (s: DiskSample): WalPoint => ({ at: s.at, lsn: s.lsn, systemId: s.systemId });

function walCell(w: WalChange): string {
  if (w.kind === 'written') return String(bytes(w.bytes));
  return w.kind === 'new-cluster' ? 'new cluster' : 'unknown';
}

export const diskGrowth = defineCheck({
  id: 'disk_growth',
  title: 'Database size and WAL growth',
  thresholdsDoc:
    'warn/fail: growth a week of all databases together and of each database, as a share of its size (0.1 = +10 % a week); min: bytes below which a size is shown but not graded',
  defaults: { warn: 0.1, fail: 0.25, min: GIB },
  sources: [databasesSource, walSource, walDirSource, hiddenDatabasesSource],
  evaluate([dbs, wal, dir, hiddenDbs], th, env) {
    const cur: DiskSample = {
      at: env.nowS,
      total: dbs.reduce((s, d) => s + d.bytes, 0),
      databases: Object.fromEntries(dbs.map((d) => [d.database, d.bytes])),
      lsn: wal.lsn,
      lsnSource: wal.lsnSource,
      systemId: wal.systemId,
      walDir: 'bytes' in dir ? dir.bytes : null,
    };
    const past = (env.history ?? []).flatMap((r) => fromMetrics(r.metrics) ?? []).filter((s) => s.at < cur.at);
    const all = [...past, cur];
    const min = th.min ?? GIB;
    const base = baseFor(past.map(point), point(cur));
    const baseSample = base ? past.find((s) => s.at === base.at) : undefined;
    const weekly = base ? change(base, point(cur)) : undefined;
    const grades: Outcome[] = [];
    const findings: string[] = [];
    const notes: string[] = [];

    let head: string;
    if (past.length === 0) head = `first measurement: all databases ${String(bytes(cur.total))}; growth is known from the next run on (a day or more from now)`;
    else if (!weekly || !baseSample) {
      const last = past[past.length - 1]!;
      head = `all databases ${String(bytes(cur.total))}, ${signedBytes(cur.total - last.total)} since the last run ${days((cur.at - last.at) / 86_400)} ago: too close to extrapolate to a week`;
    } else {
      const g = weekly.shareWeek !== null && cur.total >= min ? gradeHigh(weekly.shareWeek, th) : 'pass';
      grades.push(g);
      if (g !== 'pass') findings.push('disk_growth:all');
      head = `all databases ${String(bytes(cur.total))}, ${signedBytes(weekly.perWeek!)} a week${weekly.shareWeek !== null ? ` (${signedPct(weekly.shareWeek)})` : ''} since ${when(baseSample.at).slice(0, 10)}${cur.total < min ? ` (under ${String(bytes(min))}: not graded)` : ''}`;
      const tr = trend(all.map(point));
      if (tr) notes.push(`trend over ${tr.runs} runs ${signedBytes(tr.perWeek)} a week`);
      // Each database against its own size: one growing fast hides in a large total.
      const fast = Object.entries(cur.databases)
        .flatMap(([name, size]) => {
          const before = baseSample.databases[name];
          if (before === undefined || before <= 0) return [];
          const c = change({ at: baseSample.at, value: before }, { at: cur.at, value: size });
          return c.shareWeek === null ? [] : [{ name, c, grade: size >= min ? gradeHigh(c.shareWeek, th) : ('pass' as Outcome) }];
        })
        .sort((a, b) => (b.c.perWeek ?? 0) - (a.c.perWeek ?? 0));
      for (const f of fast) {
        grades.push(f.grade);
        if (f.grade !== 'pass') findings.push(`disk_growth:db:${f.name}`);
      }
      const top = fast[0];
      if (top && top.c.perWeek! > 0 && Object.keys(cur.databases).length > 1) notes.push(`fastest: ${top.name} ${signedBytes(top.c.perWeek!)} a week (${signedPct(top.c.shareWeek!)})`);
    }

    // WAL written: what the archive and the standbys receive, whatever pg_wal keeps.
    const written = baseSample ? walChange(walPoint(baseSample), walPoint(cur)) : undefined;
    const verb = wal.inRecovery ? 'replayed' : 'written';
    if (cur.lsn === null) notes.push('WAL position unknown (a standby that has received nothing yet)');
    else if (written?.kind === 'written' && written.perWeek !== null) {
      notes.push(`WAL ${verb} ${String(bytes(written.perWeek))} a week`);
      // The usual weekly volume: the earlier intervals, each within one cluster and a day or more long.
      const earlier: number[] = [];
      for (let i = 1; i < past.length; i++) {
        const w = walChange(walPoint(past[i - 1]!), walPoint(past[i]!));
        if (w.kind === 'written' && w.perWeek !== null) earlier.push(w.perWeek);
      }
      if (walJump(earlier.slice(-TREND_RUNS), written.perWeek, WAL_JUMP_FACTOR, WAL_JUMP_MIN)) {
        grades.push('warn');
        findings.push('disk_growth:wal_volume');
        notes.push(`WAL volume ${WAL_JUMP_FACTOR}× or more the usual ${String(bytes(earlier.reduce((s, x) => s + x, 0) / earlier.length))} a week`);
      }
    } else if (written?.kind === 'new-cluster') notes.push(`WAL history restarts: another cluster answers since ${when(baseSample!.at).slice(0, 10)} (${written.why})`);

    const limit = Math.max(wal.maxWalSize, wal.walKeepSize);
    if (cur.walDir === null) notes.push(`pg_wal size unknown: ${'unavailable' in dir ? dir.unavailable : 'not read'}`);
    else if (limit > 0 && cur.walDir > WAL_DIR_FACTOR * limit) {
      grades.push('warn');
      findings.push('disk_growth:pg_wal');
      notes.push(`pg_wal holds ${String(bytes(cur.walDir))}, over ${WAL_DIR_FACTOR}× max_wal_size/wal_keep_size (${String(bytes(limit))}): a slot or failing archiving retains WAL`);
    }

    const rows = all.slice(-TREND_RUNS).map((s) => {
      const i = all.indexOf(s);
      const prev = i > 0 ? all[i - 1] : undefined;
      if (!prev) return [when(s.at), '', String(bytes(s.total)), '', '', '', '', s.walDir === null ? 'unknown' : String(bytes(s.walDir))];
      const c = change(point(prev), point(s));
      const w = walChange(walPoint(prev), walPoint(s));
      return [
        when(s.at),
        days(c.days),
        String(bytes(s.total)),
        signedBytes(c.delta),
        c.perWeek === null ? 'under a day' : `${signedBytes(c.perWeek)}${c.shareWeek === null ? '' : ` (${signedPct(c.shareWeek)})`}`,
        walCell(w),
        w.kind === 'written' && w.perWeek !== null ? String(bytes(w.perWeek)) : '',
        s.walDir === null ? 'unknown' : String(bytes(s.walDir)),
      ];
    });
    // Databases we may not read are missing from the total and from the per-database figures.
    const hidden = hiddenDbs ?? [];
    const unseen: Unseen[] = hidden.length === 0 ? [] : [{ reason: `${counted(hidden.length, 'database')} whose size this role may not read (not in the total): ${some(hidden)}`, grant: grantStats(env.caps), items: ['disk_growth:all', ...hidden.map((d) => `disk_growth:db:${d}`)] }];
    // pg_wal's size is graded too (a slot or failing archiving retaining WAL): not read is not fine.
    if ('unavailable' in dir) unseen.push({ reason: `pg_wal size not read`, ...(env.caps.isSuperuser || env.caps.readAllStats ? {} : { grant: grantStats(env.caps) }), items: ['disk_growth:pg_wal'] });
    return withUnseen({
      outcome: worst(grades),
      summary: [head, ...notes].join('; '),
      evidence: { columns: ['run (UTC)', 'interval', 'all databases', 'change', 'per week', `WAL ${verb}`, 'WAL per week', 'pg_wal'], rows },
      findings,
      metrics: toMetrics(cur),
    }, unseen);
  },
});
