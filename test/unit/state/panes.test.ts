import { describe, expect, it } from 'vitest';
import { definePane, paneAction, paneState, withPane } from '../../../src/state/panes';
import { initialUi, reduce } from '../../../src/state/ui';

describe('per-screen panes', () => {
  const COUNTER = definePane<{ n: number }, { type: 'add'; by: number }>('counter', { n: 0 }, (s, a) => ({ n: s.n + a.by }));

  it("reads a pane's initial state until its reducer changes it, and keeps other panes as they were", () => {
    let ui = initialUi();
    expect(paneState(ui, COUNTER)).toEqual({ n: 0 });
    const other = withPane(ui, definePane('other', 'x', (s: string) => s), 'y');
    ui = reduce(reduce(other, paneAction(COUNTER, { type: 'add', by: 2 })), paneAction(COUNTER, { type: 'add', by: 3 }));
    expect(paneState(ui, COUNTER)).toEqual({ n: 5 });
    expect(ui.panes.other).toBe('y');
    // The state before is untouched: reducers are pure.
    expect(paneState(other, COUNTER)).toEqual({ n: 0 });
  });
});
