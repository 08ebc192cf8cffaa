import { describe, expect, it } from 'vitest';
import { perSnapshot } from '../../../src/state/memo';
import { SCREENS } from '../../../src/screens/registry';
import { activityScreen, viewOf } from '../../../src/screens/activity';
import { viewContext } from '../../../src/screens/types';
import { Store } from '../../../src/state/store';
import { backend, caps, snapshot } from '../../component/fixtures';

describe('memoised selectors', () => {
  it('computes once per snapshot and arguments, and keeps one view per snapshot', () => {
    let runs = 0;
    const rows = perSnapshot((snap: { n: number } | undefined, filter: string) => {
      runs++;
      return { n: snap?.n ?? 0, filter };
    });
    const a = { n: 1 };
    const b = { n: 2 };
    const first = rows(a, '');
    expect(rows(a, '')).toBe(first);
    expect(runs).toBe(1);
    // Another store's snapshot does not evict the first one's view.
    rows(b, '');
    expect(rows(a, '')).toBe(first);
    expect(runs).toBe(2);
    expect(rows(a, 'x')).not.toBe(first);
    expect(rows(undefined, '')).toEqual({ n: 0, filter: '' });
    expect(runs).toBe(4);
  });

  it('keeps a pane\'s rows while only the cursor moves, and sorts again when the sort changes', () => {
    const store = new Store();
    store.setStatus({ state: 'ready' }, caps);
    store.pushSnapshot(snapshot([backend(1), backend(2)]));
    const rows = viewOf(viewContext(store.get(), 0)).rows;
    store.dispatch({ type: 'select', table: 'activity', key: rows[1]!.key, initial: activityScreen.table!.initial });
    expect(store.get().ui.tables.activity?.selected).toBe(rows[1]!.key);
    expect(viewOf(viewContext(store.get(), 0)).rows).toBe(rows);
    store.dispatch({ type: 'table.invert', table: 'activity', initial: activityScreen.table!.initial });
    expect(viewOf(viewContext(store.get(), 0)).rows).not.toBe(rows);
  });

  it('gives every pane that lists rows a derivation of its selection', () => {
    // The plan screen's cursor lives in its own state (a node of the plan tree, not a table row).
    expect(SCREENS.filter((s) => !s.derive).map((s) => s.id).sort()).toEqual(['plan']);
  });
});
