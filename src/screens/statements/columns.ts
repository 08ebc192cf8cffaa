/**
 * The statements pane's columns per sub-view (time, I/O, temp, WAL) and mode. In "interval" mode a
 * counter reads as its rate over the last refresh (calls/s, ms of execution per second, bytes/s);
 * in "total" mode as its value since the last reset. Min/max/stddev exist only since reset.
 */
import type { ColumnSpec } from '../../components/table-layout';
import { bytes, bytesPerSecond, count, duration, percent, rate } from '../../format';
import { safeLine, trusted, type SafeText } from '../../text/sanitize';
import { hitRatio, meanPlanMs, rowsPerCall, type StatementMode, type StatementRow, type StatementView } from './model';

export interface StatementColumnContext {
  mode: StatementMode;
  view: StatementView;
  blockSize: number;
  ascii: boolean;
}

/**
 * Milliseconds, short: `0.012ms`, `0.41ms`, `12.3ms`, `412ms`, then seconds and minutes as
 * duration() writes them. Statement times span microseconds to hours.
 */
export function ms(v: number | null | undefined, ascii = false): SafeText {
  if (v == null || !Number.isFinite(v)) return trusted(ascii ? '-' : '—');
  const x = Math.max(0, v);
  if (x === 0) return trusted('0ms');
  if (x < 0.1) return trusted(`${x.toFixed(3)}ms`);
  if (x < 10) return trusted(`${x.toFixed(2)}ms`);
  if (x < 100) return trusted(`${x.toFixed(1)}ms`);
  if (x < 1000) return trusted(`${Math.round(x)}ms`);
  return duration(x / 1000, { ascii });
}

/** Execution time per second of wall time: `250ms/s`; 1000 ms/s keeps one backend busy. */
export function msPerSecond(v: number | null | undefined, ascii = false): SafeText {
  if (v == null || !Number.isFinite(v) || v < 0) return trusted(ascii ? '-' : '—');
  return trusted(`${ms(v, ascii)}/s`);
}

type Col = ColumnSpec<StatementRow>;

/** Plain-language legend for the help screen. */
export const STATEMENTS_LEGEND: [string, string][] = [
  ['interval / total', 'rates over the last refresh, or counters since the last reset (t toggles)'],
  ['TOTAL', 'execution time: ms per second of wall time (1000ms/s = one busy backend), or since reset'],
  ['SHARE', "this statement's part of all statements' execution time"],
  ['MEAN MIN MAX DEV', 'execution time per call; min/max/stddev are since reset (minmax_stats_since on 17+)'],
  ['HIT%', 'shared-buffer hit ratio: blocks found in shared_buffers / blocks needed'],
  ['READ', 'blocks read from the OS or disk (shared + local), as bytes'],
  ['TEMP', 'temporary file blocks written and read: sorts and hashes that did not fit in work_mem'],
  ['PLAN', 'mean planning time, when pg_stat_statements.track_planning is on'],
  ['a dash', 'no value: first refresh, a reset during the interval, or not tracked by this version'],
];

export function statementColumns(ctx: StatementColumnContext): Col[] {
  const { mode, view, blockSize, ascii } = ctx;
  const o = { ascii };
  const dash = trusted(ascii ? '-' : '—');
  const iv = mode === 'interval';
  const blocks = (rateOf: (r: NonNullable<StatementRow['rate']>) => number, total: (r: StatementRow) => number): ((r: StatementRow) => SafeText) =>
    iv ? (r) => (r.rate ? bytesPerSecond(rateOf(r.rate) * blockSize, o) : dash) : (r) => bytes(total(r) * blockSize, o);
  const counter = (rateOf: (r: NonNullable<StatementRow['rate']>) => number, total: (r: StatementRow) => number): ((r: StatementRow) => SafeText) =>
    iv ? (r) => (r.rate ? rate(rateOf(r.rate), o) : dash) : (r) => count(total(r), o);

  const calls: Col = { id: 'calls', title: 'CALLS', width: 7, align: 'right', priority: 0, render: counter((x) => x.calls, (r) => r.s.calls) };
  const totalTime: Col = {
    id: 'total',
    title: 'TOTAL',
    width: 9,
    align: 'right',
    priority: 0,
    render: iv ? (r) => (r.rate ? msPerSecond(r.rate.execMs, ascii) : dash) : (r) => ms(r.s.totalExecMs, ascii),
  };
  const share: Col = { id: 'share', title: 'SHARE', width: 6, align: 'right', priority: 1, render: (r) => percent(r.share, o) };
  const mean: Col = {
    id: 'mean',
    title: 'MEAN',
    width: 8,
    align: 'right',
    priority: 0,
    render: iv ? (r) => ms(r.rate?.meanMs, ascii) : (r) => (r.s.calls > 0 ? ms(r.s.meanExecMs, ascii) : dash),
  };
  const hit: Col = {
    id: 'hit',
    title: 'HIT%',
    width: 6,
    align: 'right',
    priority: 3,
    render: iv ? (r) => percent(r.rate?.hitRatio, o) : (r) => percent(hitRatio(r.s), o),
  };
  const database: Col = { id: 'database', title: 'DATABASE', width: 9, priority: 4, render: (r) => safeLine(r.s.database) };
  const user: Col = { id: 'user', title: 'USER', width: 9, priority: 5, render: (r) => safeLine(r.s.user) };
  const query: Col = {
    id: 'query',
    title: 'QUERY',
    width: 16,
    flex: true,
    priority: 0,
    // A statement run from a function shows as not top-level when pg_stat_statements.track = all.
    render: (r) =>
      r.s.queryId === null
        ? trusted('<insufficient privilege>')
        : r.s.query === null
          ? trusted('<text not read>')
          : r.s.toplevel === false
            ? safeLine(`(nested) ${r.s.query}`)
            : safeLine(r.s.query),
  };

  let middle: Col[];
  switch (view) {
    case 'time':
      middle = [
        calls,
        totalTime,
        share,
        mean,
        { id: 'min', title: 'MIN', width: 8, align: 'right', priority: 7, render: (r) => ms(r.s.calls ? r.s.minExecMs : null, ascii) },
        { id: 'max', title: 'MAX', width: 8, align: 'right', priority: 6, render: (r) => ms(r.s.calls ? r.s.maxExecMs : null, ascii) },
        { id: 'dev', title: 'DEV', width: 8, align: 'right', priority: 8, render: (r) => ms(r.s.calls ? r.s.stddevExecMs : null, ascii) },
        {
          id: 'rows',
          title: 'ROWS/C',
          width: 7,
          align: 'right',
          priority: 2,
          render: iv ? (r) => count(r.rate?.rowsPerCall, o) : (r) => count(rowsPerCall(r.s), o),
        },
        hit,
        { id: 'plan', title: 'PLAN', width: 8, align: 'right', priority: 9, render: (r) => ms(meanPlanMs(r.s), ascii) },
      ];
      break;
    case 'io':
      middle = [
        calls,
        totalTime,
        hit,
        { id: 'io', title: 'READ', width: 10, align: 'right', priority: 0, render: blocks((x) => x.sharedRead + x.localRead, (r) => r.s.sharedRead + r.s.localRead) },
        { id: 'dirtied', title: 'DIRTIED', width: 10, align: 'right', priority: 2, render: blocks((x) => x.sharedDirtied, (r) => r.s.sharedDirtied) },
        { id: 'written', title: 'WRITTEN', width: 10, align: 'right', priority: 2, render: blocks((x) => x.sharedWritten, (r) => r.s.sharedWritten) },
        {
          id: 'iotime',
          title: 'I/O TIME',
          width: 9,
          align: 'right',
          priority: 1,
          render: iv ? (r) => (r.rate ? msPerSecond(r.rate.ioMs, ascii) : dash) : (r) => ms(r.s.sharedReadMs + r.s.sharedWriteMs, ascii),
        },
      ];
      break;
    case 'temp':
      middle = [
        calls,
        totalTime,
        { id: 'temp', title: 'TEMP WR', width: 10, align: 'right', priority: 0, render: blocks((x) => x.tempWritten, (r) => r.s.tempWritten) },
        { id: 'tempr', title: 'TEMP RD', width: 10, align: 'right', priority: 1, render: blocks((x) => x.tempRead, (r) => r.s.tempRead) },
        {
          id: 'temptime',
          title: 'TEMP TIME',
          width: 9,
          align: 'right',
          priority: 2,
          render: iv
            ? (r) => (r.rate?.tempIoMs == null ? dash : msPerSecond(r.rate.tempIoMs, ascii))
            : (r) => (r.s.tempReadMs === null || r.s.tempWriteMs === null ? dash : ms(r.s.tempReadMs + r.s.tempWriteMs, ascii)),
        },
        mean,
      ];
      break;
    case 'wal':
      middle = [
        calls,
        totalTime,
        { id: 'wal', title: 'WAL', width: 10, align: 'right', priority: 0, render: iv ? (r) => (r.rate ? bytesPerSecond(r.rate.walBytes, o) : dash) : (r) => bytes(r.s.walBytes, o) },
        { id: 'walrec', title: 'RECORDS', width: 8, align: 'right', priority: 1, render: counter((x) => x.walRecords, (r) => r.s.walRecords) },
        { id: 'walfpi', title: 'FPI', width: 7, align: 'right', priority: 2, render: counter((x) => x.walFpi, (r) => r.s.walFpi) },
        { id: 'walfull', title: 'BUF FULL', width: 8, align: 'right', priority: 3, render: (r) => count(r.s.walBuffersFull, o) },
      ];
      break;
  }
  return [...middle, database, user, query];
}
