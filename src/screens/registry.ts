/**
 * Screens pgwarden can show, in the order of their number keys. The poller runs the header's
 * collectors plus those of the visible screen only, so a hidden pane costs the server nothing.
 */
import type { Collector } from '../data/collector';
import { dbSizeCollector, summaryCollector } from '../data/collectors/summary';
import { activityScreen } from './activity';
import { locksScreen } from './locks';
import { statementsScreen } from './statements';
import { planScreen } from './plan';
import { checklistScreen } from './checklist';
import type { ScreenDef } from './types';

export const HEADER_COLLECTORS: Collector[] = [summaryCollector, dbSizeCollector];

export const SCREENS: readonly ScreenDef[] = [activityScreen, locksScreen, statementsScreen, checklistScreen, planScreen];

export function screenById(id: string): ScreenDef {
  return SCREENS.find((s) => s.id === id) ?? SCREENS[0]!;
}

/** Everything the poller should run while `screen` is visible. */
export function planFor(screen: string): Collector[] {
  return [...HEADER_COLLECTORS, ...screenById(screen).collectors];
}
