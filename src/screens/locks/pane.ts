/** The locks pane's own UI state: which view, and a backend to bring into view once the tree has loaded. */
import { definePane } from '../../state/panes';

export interface LocksUi {
  view: 'tree' | 'locks';
  focusPid: number | null;
}

export type LocksUiAction = { type: 'toggleView' } | { type: 'focus'; pid: number | null };

export const LOCKS_PANE = definePane<LocksUi, LocksUiAction>('locks', { view: 'tree', focusPid: null }, (s, a) =>
  a.type === 'toggleView' ? { ...s, view: s.view === 'tree' ? 'locks' : 'tree' } : { view: a.pid === null ? s.view : 'tree', focusPid: a.pid },
);
