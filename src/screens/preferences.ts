/**
 * The preferences file's per-pane settings, checked against the panes themselves: a default sort
 * names a column the pane can sort by. The file's parser knows the pane names, not their columns.
 */
import type { SortPreference } from '../prefs/parse';
import type { TableState } from '../state/ui';
import { activityScreen } from './activity';
import { HORIZON_TABLE } from './horizon/model';
import { SENDERS_TABLE } from './replication/model';
import { statementsScreen } from './statements';
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
