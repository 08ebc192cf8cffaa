/** pg_stat_activity.state shortened for a narrow column (the activity and locks panes' STATE). */
export function shortState(state: string | null): string {
  switch (state) {
    case null: return '';
    case 'idle in transaction': return 'idle txn';
    case 'idle in transaction (aborted)': return 'idle txn!';
    case 'fastpath function call': return 'fastpath';
    default: return state;
  }
}
