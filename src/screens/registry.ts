/**
 * Screens pgwarden can show, and the collectors each needs. The poller runs the header's
 * collectors plus those of the visible screen only, so a hidden pane costs the server nothing.
 */
import type { Collector } from '../data/collector';
import { activityCollector } from '../data/collectors/activity';
import { dbSizeCollector, summaryCollector } from '../data/collectors/summary';
import type { ScreenId } from '../state/ui';

export interface ScreenDef {
  id: ScreenId;
  title: string;
  collectors: Collector[];
}

export const HEADER_COLLECTORS: Collector[] = [summaryCollector, dbSizeCollector];

export const SCREENS: Record<ScreenId, ScreenDef> = {
  activity: { id: 'activity', title: 'Activity', collectors: [activityCollector] },
};

/** Everything the poller should run while `screen` is visible. */
export function planFor(screen: ScreenId): Collector[] {
  return [...HEADER_COLLECTORS, ...SCREENS[screen].collectors];
}
