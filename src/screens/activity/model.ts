/**
 * Activity pane logic, pure: which backends are shown, in which order, and how each cell reads.
 * Cells are formatted only for the rows the table actually draws.
 */
import type { Backend } from '../../data/collectors/activity';
import { ageOf } from '../../data/values';
import { shortState } from '../../format/state';
import type { TableState } from '../../state/ui';
import { sortRows, textFilter, type SortValue } from '../tables';

export interface ActivityOptions {
  showIdle: boolean;
  showBackground: boolean;
}

export interface FilterResult {
  test(b: Backend): boolean;
  /** Set when the /regex/ did not compile; the filter then matches it as plain text. */
  error?: string;
}

/**
 * Text filter over database, user, application, client and query. `/pattern/flags` is a regular
 * expression (case-insensitive unless flags are given); anything else is a case-insensitive substring.
 */
export function compileFilter(filter: string): FilterResult {
  // No filter, no test: not a list of fields built per backend to be told yes, every refresh.
  if (!filter.trim()) return { test: () => true };
  const f = textFilter(filter);
  return { test: (b) => f([b.database, b.user, b.application, b.clientAddr, b.clientHostname, b.query, String(b.pid)]), error: f.error };
}

export const isIdle = (b: Backend): boolean => b.state === 'idle';
export const isBackground = (b: Backend): boolean => b.backendType != null && b.backendType !== 'client backend';

/** Sort keys by column id. Ages sort by their start time (older = larger age). */
export function sortValue(b: Backend, column: string, nowMs: number): SortValue {
  switch (column) {
    case 'pid': return b.pid;
    case 'database': return b.database;
    case 'user': return b.user;
    case 'application': return b.application;
    case 'client': return b.clientAddr ?? b.clientHostname;
    case 'type': return b.backendType;
    case 'state': return b.state;
    case 'wait': return b.waitEventType ? `${b.waitEventType}:${b.waitEvent ?? ''}` : null;
    case 'blocked': return b.blockedBy?.length ? b.blockedBy.length : null;
    case 'xact': return ageOf(b.xactStart, nowMs);
    case 'qage': return ageOf(b.queryStart, nowMs);
    case 'sage': return ageOf(b.stateChange, nowMs);
    case 'xmin': return b.xminAge;
    case 'query': return b.query;
    default: return null;
  }
}

export interface ActivityView {
  rows: Backend[];
  total: number;
  hiddenIdle: number;
  hiddenBackground: number;
  filterError?: string;
}

/**
 * The rows of the activity pane in display order. With the default options the server sends
 * idle sessions and background processes without their details (partial): they are counted
 * as hidden, and never shown, even in the moment between switching them on and the refresh
 * that brings their details.
 */
export function activityView(backends: readonly Backend[], table: TableState, opts: ActivityOptions, nowMs: number): ActivityView {
  const filter = compileFilter(table.filter);
  let hiddenIdle = 0;
  let hiddenBackground = 0;
  const rows: Backend[] = [];
  // Indexed, not for…of: until this code is optimized (the first refreshes) each step of an
  // iterator is an object, 2000 of them a refresh.
  for (let k = 0; k < backends.length; k++) {
    const b = backends[k]!;
    if ((!opts.showBackground || b.partial) && isBackground(b)) {
      hiddenBackground++;
      continue;
    }
    if ((!opts.showIdle || b.partial) && isIdle(b)) {
      hiddenIdle++;
      continue;
    }
    if (b.partial) {
      hiddenBackground++;
      continue;
    }
    if (!filter.test(b)) continue;
    rows.push(b);
  }
  // Missing values go last whatever the direction (an idle session has no transaction age); equal
  // keys fall back to the pid, so rows do not shuffle between refreshes.
  return {
    rows: sortRows(rows, (b) => sortValue(b, table.sortColumn, nowMs), table.desc, (a, b) => a.pid - b.pid),
    total: backends.length,
    hiddenIdle,
    hiddenBackground,
    filterError: filter.error,
  };
}

/**
 * The STATE cell: a backend waiting for a lock reads `waiting`, so a lock wait still shows at 80
 * columns where the WAIT and BLOCKED BY columns do not fit (B shows its root blocker, the header
 * counts the waiters). The column stays narrow: at 80 columns every cell it took would be the query's.
 */
export function stateLabel(b: Backend): string {
  return b.waitEventType === 'Lock' ? 'waiting' : shortState(b.state);
}

/** Client as psql users read it: address[:port], host name when resolved, `local` for a unix socket. */
export function clientOf(b: Backend): string {
  if (b.clientHostname) return b.clientHostname;
  if (b.clientAddr) return b.clientAddr;
  if (b.clientPort === -1) return 'local';
  return '';
}
