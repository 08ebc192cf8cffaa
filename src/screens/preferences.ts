/**
 * The preferences file's per-pane settings, checked against the panes themselves: a default sort
 * names a column the pane can sort by. The file's parser knows the pane names, not their columns.
 */
import type { SortPreference } from '../prefs/parse';
import type { TableState } from '../state/ui';
import { makeTheme } from '../components/theme';
import { activityScreen } from './activity';
import { activityColumns } from './activity/columns';
import { horizonColumns } from './horizon/HorizonScreen';
import { HORIZON_TABLE } from './horizon/model';
import { lockListColumns, summaryColumns, treeColumns } from './locks/columns';
import { senderColumns, slotColumns } from './replication/columns';
import { SENDERS_TABLE } from './replication/model';
import { statementsScreen } from './statements';
import { statementColumns } from './statements/columns';
import { STATEMENT_VIEWS } from './statements/model';
import { ageColumns, indexColumns, progressColumns, tableColumns } from './vacuum/columns';
import { TABLES_TABLE } from './vacuum/model';

/** The table each pane name of the file sorts (replication: the WAL senders; vacuum: the tables view). */
const SORTED: Record<string, { id: string; initial: TableState; sortColumns: readonly string[] }> = {
  activity: activityScreen.table!,
  statements: statementsScreen.table!,
  replication: SENDERS_TABLE,
  vacuum: TABLES_TABLE,
  horizon: HORIZON_TABLE,
};

/** The tables' initial states with the file's default sorts, or what is wrong with them. */
export function tablesFromPreferences(sort: Readonly<Record<string, SortPreference>>, file = 'preferences'): { tables: Record<string, TableState>; errors: string[] } {
  const tables: Record<string, TableState> = {};
  const errors: string[] = [];
  for (const [pane, pref] of Object.entries(sort)) {
    const t = SORTED[pane];
    if (!t) {
      errors.push(`${file}: default_sort.${pane}: the ${pane} pane has no sort (it shows a tree)`);
      continue;
    }
    if (!t.sortColumns.includes(pref.column)) {
      errors.push(`${file}: default_sort.${pane}: unknown column "${pref.column}" (columns: ${t.sortColumns.join(', ')})`);
      continue;
    }
    tables[t.id] = { ...t.initial, sortColumn: pref.column, desc: pref.descending };
  }
  return { tables, errors };
}

/** Every column id a pane can show, in any of its views. */
function columnIds(pane: string): string[] {
  const c = { nowMs: 0, ascii: false };
  const ids = (cols: readonly { id: string }[]) => cols.map((x) => x.id);
  switch (pane) {
    case 'activity':
      return ids(activityColumns(c));
    case 'locks': {
      const l = { ...c, glyphs: makeTheme({ color: false, unicode: true }).glyphs };
      return [...ids(treeColumns([], l)), ...ids(lockListColumns(l)), ...ids(summaryColumns())];
    }
    case 'statements':
      return (['interval', 'total'] as const).flatMap((mode) => STATEMENT_VIEWS.flatMap((view) => ids(statementColumns({ mode, view, blockSize: 8192, ascii: false }))));
    case 'replication':
      return [...ids(senderColumns(c)), ...ids(slotColumns(c))];
    case 'vacuum':
      return [...ids(tableColumns(c)), ...ids(indexColumns(c)), ...ids(progressColumns(c)), ...ids(ageColumns(c))];
    case 'horizon':
      return ids(horizonColumns(0, false));
    default:
      return [];
  }
}

/** The file's hidden columns checked against the panes' columns: an unknown name is an error, not ignored. */
export function checkHiddenColumns(hidden: Readonly<Record<string, readonly string[]>>, file = 'preferences'): string[] {
  const errors: string[] = [];
  for (const [pane, names] of Object.entries(hidden)) {
    const known = new Set(columnIds(pane));
    for (const n of names) if (!known.has(n)) errors.push(`${file}: hidden_columns.${pane}: unknown column "${n}" (columns: ${[...known].join(', ')})`);
  }
  return errors;
}
