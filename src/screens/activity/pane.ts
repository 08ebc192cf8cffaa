/** The activity pane's own UI state: which rows it shows besides client sessions at work. */
import { definePane } from '../../state/panes';

export interface ActivityUi {
  showIdle: boolean;
  showBackground: boolean;
}

export type ActivityUiAction = { type: 'toggle'; which: keyof ActivityUi };

export const ACTIVITY_PANE = definePane<ActivityUi, ActivityUiAction>('activity', { showIdle: false, showBackground: false }, (s, a) => ({ ...s, [a.which]: !s[a.which] }));
