/** The vacuum pane's own UI state: the view shown, exact (pgstattuple) figures by relid. */
import type { ExactBloat } from '../../data/collectors/bloat';
import { definePane } from '../../state/panes';

/** Views of the vacuum pane, in the order `v` walks through them. */
export const VACUUM_VIEWS = ['tables', 'indexes', 'progress', 'wraparound'] as const;
export type VacuumView = (typeof VACUUM_VIEWS)[number];

/** An exact (pgstattuple) figure asked for one table. */
export type ExactState = { state: 'running'; at: number } | { state: 'done'; result: ExactBloat; at: number } | { state: 'failed'; error: string; hint?: string; at: number };

export interface VacuumUi {
  view: VacuumView;
  exact: Record<number, ExactState>;
}

export type VacuumUiAction =
  | { type: 'view'; view: VacuumView }
  | { type: 'nextView' }
  | { type: 'exact'; relid: number; exact: ExactState };

function reduce(s: VacuumUi, a: VacuumUiAction): VacuumUi {
  switch (a.type) {
    case 'view':
      return { ...s, view: a.view };
    case 'nextView':
      return { ...s, view: VACUUM_VIEWS[(VACUUM_VIEWS.indexOf(s.view) + 1) % VACUUM_VIEWS.length]! };
    case 'exact':
      return { ...s, exact: { ...s.exact, [a.relid]: a.exact } };
  }
}

export const VACUUM_PANE = definePane<VacuumUi, VacuumUiAction>('vacuum', { view: 'tables', exact: {} }, reduce);
