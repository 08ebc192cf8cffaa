/**
 * Screens pgwarden can show, in the order of their number keys. The poller runs the header's
 * collectors plus those of the visible screen only, so a hidden pane costs the server nothing.
 */
import type { Collector } from '../data/collector';
import { dbSizeCollector, summaryCollector } from '../data/collectors/summary';
import { REPLICATION_COLLECTORS } from '../data/collectors/replication';
import { problemsCollector } from '../data/collectors/problems';
import { problemsEvaluated } from '../problems/switch';
import { activityScreen } from './activity';
import { locksScreen } from './locks';
import { statementsScreen } from './statements';
import { planScreen } from './plan';
import { checklistScreen } from './checklist';
import { replicationScreen } from './replication';
import { chartedTable, vacuumScreen } from './vacuum';
import { horizonScreen } from './horizon';
import { bouncerScreen } from './pgbouncer';
import { fleetScreen } from './fleet';
import type { ScreenDef } from './types';
import type { UiState } from '../state/ui';
import type { AppState, Derivations } from '../state/store';

// Replication collectors are cheap and feed the header's lag indicator, so they run on every screen;
// so do the problems' suspects, every few seconds (src/problems, collectors/problems.ts).
export const HEADER_COLLECTORS: Collector[] = [summaryCollector, dbSizeCollector, ...REPLICATION_COLLECTORS, problemsCollector];

export const SCREENS: readonly ScreenDef[] = [activityScreen, locksScreen, statementsScreen, replicationScreen, vacuumScreen, horizonScreen, bouncerScreen, checklistScreen, planScreen, fleetScreen];

export function screenById(id: string): ScreenDef {
  return SCREENS.find((s) => s.id === id) ?? SCREENS[0]!;
}

/** Everything the poller should run while `screen` is visible, narrowed to its options in `ui`. */
export function planFor(screen: string, ui?: UiState): Collector[] {
  const def = screenById(screen);
  const header = problemsEvaluated() ? HEADER_COLLECTORS : HEADER_COLLECTORS.filter((c) => c !== problemsCollector);
  return [...header, ...((ui && def.scopedCollectors?.(ui)) ?? def.collectors)];
}

/** The visible screen's derived UI state (its selection). */
function deriveUi(state: AppState, now: number): UiState {
  return screenById(state.ui.screen).derive?.(state, now) ?? state.ui;
}

/** The store's derivations, for Store.setDerive; `now` is the local clock (a toast's time). */
export function derivations(now: () => number): Derivations {
  return { ui: (s) => deriveUi(s, now()), chartTable: chartedTable };
}
