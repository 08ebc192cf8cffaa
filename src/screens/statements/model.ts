/**
 * Statements pane logic, pure: rates joined to rows, the filter, the sort, and what each mode
 * ("last interval" or "since reset") sorts by.
 */
import type { Statement } from '../../data/collectors/statements';
import type { TableState } from '../../state/ui';
import { sortRows, textFilter } from '../tables';
import { compareIds } from '../../text/order';
import type { IntervalRates, RateGap } from '../../data/statementRates';

/** Column groups the sub-view key cycles through. */
export const STATEMENT_VIEWS = ['time', 'io', 'temp', 'wal'] as const;
export type StatementView = (typeof STATEMENT_VIEWS)[number];

/** "interval": what each statement cost per second over the last refresh; "total": since reset. */
export type StatementMode = 'interval' | 'total';

export interface StatementsUi {
  view: StatementView;
  mode: StatementMode;
  /** Show pgwarden's own statements (hidden by default: they are the monitor, not the workload). */
  showOwn: boolean;
}

export const INITIAL_STATEMENTS_UI: StatementsUi = { view: 'time', mode: 'interval', showOwn: false };

/** One row of the pane: the entry, its interval rates (null: new pane, reset, or hidden entry). */
export interface StatementRow {
  key: string;
  s: Statement;
  rate: IntervalRates | null;
  /** Share of all statements' execution time, in the current mode. */
  share: number | null;
}

/** Sort columns, in the order `<`/`>` walk through them. */
export const STATEMENT_SORT_COLUMNS = ['total', 'mean', 'calls', 'io', 'temp', 'rows', 'wal'] as const;

/**
 * Filter: `db:name` and `user:name` tokens match the database and role (substring, case-insensitive);
 * the rest matches the query text, as a substring or a `/regex/`.
 */
export interface StatementFilter {
  test(r: StatementRow): boolean;
  error?: string;
}

export function compileStatementFilter(filter: string): StatementFilter {
  const dbs: string[] = [];
  const users: string[] = [];
  const words: string[] = [];
  for (const tok of filter.trim().split(/\s+/).filter(Boolean)) {
    const m = /^(db|database|user|u):(.*)$/i.exec(tok);
    if (m && m[2]) (m[1]!.toLowerCase().startsWith('d') ? dbs : users).push(m[2].toLowerCase());
    else words.push(tok);
  }
  const text = textFilter(words.join(' '));
  const has = (v: string | null, needles: string[]) => needles.every((n) => (v ?? '').toLowerCase().includes(n));
  return {
    test: (r) => has(r.s.database, dbs) && has(r.s.user, users) && text([r.s.query ?? '']),
    error: text.error,
  };
}

/** The value a sort column orders by in a mode; null sorts last either way. */
export function sortValue(r: StatementRow, column: string, mode: StatementMode): number | null {
  const s = r.s;
  if (mode === 'interval') {
    const x = r.rate;
    if (!x) return null;
    switch (column) {
      case 'total': return x.execMs;
      case 'mean': return x.meanMs;
      case 'calls': return x.calls;
      case 'io': return x.sharedRead + x.localRead;
      case 'temp': return x.tempRead + x.tempWritten;
      case 'rows': return x.rows;
      case 'wal': return x.walBytes;
      default: return null;
    }
  }
  switch (column) {
    case 'total': return s.totalExecMs;
    case 'mean': return s.calls > 0 ? s.meanExecMs : null;
    case 'calls': return s.calls;
    case 'io': return s.sharedRead + s.localRead;
    case 'temp': return s.tempRead + s.tempWritten;
    case 'rows': return s.rows;
    case 'wal': return s.walBytes;
    default: return null;
  }
}

export interface StatementsView {
  rows: StatementRow[];
  total: number;
  /** pgwarden's own statements left out (0 when they are shown). */
  ownHidden: number;
  gap: RateGap;
  filterError?: string;
}

/** Rows in display order. `rates` comes from intervalRates() over the last two readings. */
export function statementsView(
  statements: readonly Statement[],
  rates: { byKey: Map<string, IntervalRates>; totalExecMs: number; gap: RateGap },
  table: TableState,
  ui: StatementsUi,
): StatementsView {
  const filter = compileStatementFilter(table.filter);
  const cumulative = statements.reduce((n, s) => n + s.totalExecMs, 0);
  const rows: StatementRow[] = [];
  let ownHidden = 0;
  for (const s of statements) {
    if (s.own && !ui.showOwn) {
      ownHidden++;
      continue;
    }
    const rate = rates.byKey.get(s.key) ?? null;
    const share =
      ui.mode === 'interval'
        ? rate && rates.totalExecMs > 0
          ? rate.execMs / rates.totalExecMs
          : null
        : cumulative > 0
          ? s.totalExecMs / cumulative
          : null;
    const row: StatementRow = { key: s.key, s, rate, share };
    if (filter.test(row)) rows.push(row);
  }
  // Ties (many idle statements at 0/s) fall back to cumulative time, then identity: stable order.
  const sorted = sortRows(rows, (r) => sortValue(r, table.sortColumn, ui.mode), table.desc, (a, b) => b.s.totalExecMs - a.s.totalExecMs || compareIds(a.key, b.key));
  return { rows: sorted, total: statements.length - ownHidden, ownHidden, gap: rates.gap, filterError: filter.error };
}

/** Shared-buffer hit ratio since reset, null when no block was touched. */
export function hitRatio(s: Statement): number | null {
  const t = s.sharedHit + s.sharedRead;
  return t > 0 ? s.sharedHit / t : null;
}

/** Rows per call since reset. */
export function rowsPerCall(s: Statement): number | null {
  return s.calls > 0 ? s.rows / s.calls : null;
}

/** Mean planning time since reset, null unless pg_stat_statements.track_planning counted plans. */
export function meanPlanMs(s: Statement): number | null {
  return s.plans > 0 ? s.totalPlanMs / s.plans : null;
}
